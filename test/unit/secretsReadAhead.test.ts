import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { SecretsReadAhead } from '../../src/secretsReadAhead';

/** An in-memory SecretStorage that counts reads, firing onDidChange as VS Code's does (also for other windows). */
class MemorySecrets implements vscode.SecretStorage {
  readonly values = new Map<string, string>();
  reads = 0;
  private listeners: Array<(e: vscode.SecretStorageChangeEvent) => void> = [];
  onDidChange: vscode.Event<vscode.SecretStorageChangeEvent> = (listener) => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  async get(key: string) {
    this.reads++;
    return this.values.get(key);
  }
  async store(key: string, value: string) {
    this.values.set(key, value);
    this.changed(key);
  }
  async delete(key: string) {
    this.values.delete(key);
    this.changed(key);
  }
  /** What another window's change looks like here: the value changes and the event fires. */
  changed(key: string) {
    for (const l of this.listeners) l({ key });
  }
}

describe('SecretsReadAhead', () => {
  it('hands a read started ahead to the next get of that key, once', async () => {
    const memory = new MemorySecrets();
    memory.values.set('k', 'v1');
    const secrets = new SecretsReadAhead(memory);
    secrets.readAhead('k');
    secrets.readAhead('k');
    assert.equal(memory.reads, 1, 'a second read-ahead of the same key does not read again');
    assert.equal(await secrets.get('k'), 'v1');
    assert.equal(memory.reads, 1, 'the get took the read started ahead');
    assert.equal(await secrets.get('k'), 'v1');
    assert.equal(memory.reads, 2, 'the next get reads again');
    assert.equal(await secrets.get('other'), undefined);
  });

  it('never returns a value read before a change, made here or in another window', async () => {
    const memory = new MemorySecrets();
    memory.values.set('k', 'old');
    const secrets = new SecretsReadAhead(memory);

    secrets.readAhead('k');
    await secrets.store('k', 'stored here');
    assert.equal(await secrets.get('k'), 'stored here');

    secrets.readAhead('k');
    memory.values.set('k', 'from another window');
    memory.changed('k');
    assert.equal(await secrets.get('k'), 'from another window');

    secrets.readAhead('k');
    await secrets.delete('k');
    assert.equal(await secrets.get('k'), undefined);
  });

  it('forgets a read nobody took, and never reports a failed one as unhandled', async () => {
    const memory = new MemorySecrets();
    memory.values.set('k', 'v');
    const secrets = new SecretsReadAhead(memory);
    secrets.readAhead('k');
    secrets.forget('k');
    await secrets.get('k');
    assert.equal(memory.reads, 2, 'the forgotten read was not handed out');

    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const failing = new SecretsReadAhead(new (class extends MemorySecrets {
        override get(): Promise<string | undefined> {
          return Promise.reject(new Error('window gone'));
        }
      })());
      failing.readAhead('k');
      failing.forget('k');
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('stops listening when disposed', () => {
    const memory = new MemorySecrets();
    const secrets = new SecretsReadAhead(memory);
    secrets.dispose();
    assert.equal((memory as unknown as { listeners: unknown[] }).listeners.length, 0);
  });
});
