// The requests the local sandbox received (from any program), kept in global storage, and the notification policy:
// the first refused signature says its cause; more within NOTIFY_QUIET_MS only count on the view's badge.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { ReceivedRequestFile, RefusalGate, isSignatureRefusal, receivedRecord, type ReceivedRequest } from '../../core/sandboxRequests';
import type { SandboxExchange } from '../../sandbox/server';

/** How long after its sender stopped waiting a request of this extension is still told from another program's. */
const OWN_GRACE_MS = 60_000;

export class SandboxRequestsStore implements vscode.Disposable {
  private readonly file: ReceivedRequestFile;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly refused = new vscode.EventEmitter<{ record: ReceivedRequest; notify: boolean }>();
  /** Fires for each refused signature; `notify` is true for the first of a burst. */
  readonly onDidRefuseSignature = this.refused.event;
  readonly gate = new RefusalGate();
  /** Signatures of the requests this extension is sending to the sandbox now (see expectOwn). */
  private readonly own = new Set<string>();

  constructor(storage: vscode.Uri, log: (line: string) => void) {
    this.file = new ReceivedRequestFile(storage.fsPath, { log });
  }

  get path(): string {
    return this.file.path;
  }

  async list(): Promise<readonly ReceivedRequest[]> {
    await this.file.load();
    return this.file.list();
  }

  async get(id: string): Promise<ReceivedRequest | undefined> {
    await this.file.load();
    return this.file.get(id);
  }

  /**
   * Marks a request this extension is about to send (by its signature and timestamp) until the returned function is
   * called: it is listed as sent from VS Code, and its refusal raises no notification here (the command that sent it
   * reports its own outcome).
   */
  expectOwn(request: { signature: string; timestamp: string }): () => void {
    const key = `${request.timestamp}\n${request.signature}`;
    this.own.add(key);
    // The sender stopped waiting (an answer, a cancel, a timeout): a request cancelled while the sandbox still works
    // on it is recognized for a while longer (the sandbox answers within its own deadline).
    return () => void setTimeout(() => this.own.delete(key), OWN_GRACE_MS).unref?.();
  }

  /** Called by the sandbox for every request it answered. */
  record(exchange: SandboxExchange): void {
    const key = `${exchange.headers.timestamp ?? ''}\n${exchange.headers.signature ?? ''}`;
    const fromExtension = this.own.delete(key);
    const record = receivedRecord(exchange, randomUUID(), fromExtension);
    void this.file.add(record);
    this.changed.fire();
    if (isSignatureRefusal(record) && !fromExtension) this.refused.fire({ record, notify: this.gate.next(Date.now()) });
  }

  /** Rejects when the file cannot be removed; the list then keeps what it showed. */
  async clear(): Promise<void> {
    try {
      await this.file.clear();
    } finally {
      this.changed.fire();
    }
  }

  flush(): Promise<void> {
    return this.file.flush();
  }

  dispose(): void {
    this.changed.dispose();
    this.refused.dispose();
  }
}
