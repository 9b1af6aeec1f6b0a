import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clearCredentialsCall, setCredentialsCall } from '../../../src/core/commandArguments';

// Any installed extension can run our commands: outside the test host, arguments may name an environment (the
// prompts still open) but never store a key or skip the confirmation.
describe('command arguments that would skip a prompt', () => {
  const credentials = { environment: 'production', clientCode: 'dp', signKey: 'attacker-key' };

  it('refuses credentials passed as arguments outside the test host', () => {
    assert.deepEqual(setCredentialsCall(credentials, false), { kind: 'refused' });
    assert.deepEqual(setCredentialsCall({ environment: 'sandbox', signKey: 'k' }, false), { kind: 'refused' });
  });

  it('refuses a clear that claims to be confirmed outside the test host', () => {
    assert.deepEqual(clearCredentialsCall({ environment: 'production', confirmed: true }, false), { kind: 'refused' });
    assert.deepEqual(clearCredentialsCall({ environment: 'production', confirmed: 'yes' }, false), { kind: 'refused' });
  });

  it('still opens the prompts for a named environment in any mode', () => {
    for (const testMode of [false, true]) {
      assert.deepEqual(setCredentialsCall('sandbox', testMode), { kind: 'ask', environment: 'sandbox' });
      assert.deepEqual(setCredentialsCall({ environment: 'local' }, testMode), { kind: 'ask', environment: 'local' });
      assert.deepEqual(clearCredentialsCall('production', testMode), { kind: 'ask', environment: 'production' });
      assert.deepEqual(clearCredentialsCall({ environment: 'sandbox', confirmed: false }, testMode), { kind: 'ask', environment: 'sandbox' });
      assert.deepEqual(setCredentialsCall(undefined, testMode), { kind: 'ask' });
      assert.deepEqual(clearCredentialsCall({ environment: 'elsewhere' }, testMode), { kind: 'ask' });
    }
  });

  it('accepts the silent forms in the test host', () => {
    assert.deepEqual(setCredentialsCall(credentials, true), { kind: 'store', ...credentials });
    assert.deepEqual(clearCredentialsCall({ environment: 'sandbox', confirmed: true }, true), { kind: 'clear', environment: 'sandbox' });
  });
});
