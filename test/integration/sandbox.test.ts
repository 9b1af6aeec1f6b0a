// "Prakerja: Start Local Sandbox" starts the sandbox inside the extension host, and the core client's signed
// requests get the sandbox's real answers.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { PrakerjaClient } from '../../src/core/http/client';
import { DEMO_CREDENTIALS } from '../../src/core/environments';
import { activateExtension } from './helpers';

suite('Local sandbox', () => {
  let url: string;
  const client = new PrakerjaClient({ timeoutMs: 10_000 });

  suiteSetup(async () => {
    await activateExtension();
  });

  suiteTeardown(async () => {
    await client.close();
  });

  test('prakerja.startLocalSandbox returns the sandbox URL', async () => {
    const result = await vscode.commands.executeCommand<unknown>('prakerja.startLocalSandbox');
    assert.equal(typeof result, 'string');
    url = result as string;
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test('a signed void of a fresh TRX-OK- transaction succeeds', async () => {
    assert.ok(url, 'the sandbox was not started');
    const transactionCode = `TRX-OK-${randomBytes(4).toString('hex')}`;
    const outcome = await client.voidTransaction({ id: 'local', baseUrl: url }, DEMO_CREDENTIALS, { invoiceCode: 'INV-IT-1', transactionCode });
    assert.equal(outcome.kind, 'success', JSON.stringify(outcome, null, 2));
  });

  test('a void of TRX-PAID is refused with ERRVOD40009', async () => {
    assert.ok(url, 'the sandbox was not started');
    const outcome = await client.voidTransaction({ id: 'local', baseUrl: url }, DEMO_CREDENTIALS, { invoiceCode: 'INV-IT-2', transactionCode: 'TRX-PAID' });
    assert.equal(outcome.kind, 'apiError', JSON.stringify(outcome, null, 2));
    assert.equal(outcome.kind === 'apiError' ? outcome.code : undefined, 'ERRVOD40009');
  });
});
