// SecretStorage with reads that can be started early: a read is a round trip to the window (5-20 ms on a window's
// first one, measured), so the Void command starts reading the credentials before its code (dist/features.js)
// loads, and the credential store's next `get` of that key takes the answer. Part of the main bundle: keep it tiny.
import type * as vscode from 'vscode';

export class SecretsReadAhead implements vscode.SecretStorage, vscode.Disposable {
  private readonly started = new Map<string, Thenable<string | undefined>>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChange: vscode.Event<vscode.SecretStorageChangeEvent>;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.onDidChange = secrets.onDidChange;
    // A change here or in another window makes an earlier read stale.
    this.subscription = secrets.onDidChange((event) => this.started.delete(event.key));
  }

  /** Starts reading `key` unless a read of it is already waiting to be taken. */
  readAhead(key: string): void {
    if (this.started.has(key)) return;
    const read = this.secrets.get(key);
    // A failed read is reported by the `get` that takes it; none may take it.
    read.then(undefined, () => undefined);
    this.started.set(key, read);
  }

  /** Drops a read started ahead that nobody took (its command ended without needing it). */
  forget(key: string): void {
    this.started.delete(key);
  }

  get(key: string): Thenable<string | undefined> {
    const started = this.started.get(key);
    this.started.delete(key);
    return started ?? this.secrets.get(key);
  }

  store(key: string, value: string): Thenable<void> {
    this.started.delete(key);
    return this.secrets.store(key, value);
  }

  delete(key: string): Thenable<void> {
    this.started.delete(key);
    return this.secrets.delete(key);
  }

  dispose(): void {
    this.subscription.dispose();
    this.started.clear();
  }
}
