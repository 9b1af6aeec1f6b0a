// The requests the local sandbox received (from any program), kept in global storage, and the notification policy:
// the first refused signature says its cause; more within NOTIFY_QUIET_MS only count on the view's badge.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { ReceivedRequestFile, RefusalGate, isSignatureRefusal, type ReceivedRequest } from '../../core/sandboxRequests';
import type { SandboxExchange } from '../../sandbox/server';

export function recordOf(exchange: SandboxExchange): ReceivedRequest {
  return {
    id: randomUUID(),
    at: exchange.at,
    method: exchange.method,
    url: exchange.url.slice(0, 8192),
    headers: exchange.headers,
    ...(exchange.body !== undefined ? { body: exchange.body.toString('base64') } : {}),
    status: exchange.status,
    ...(exchange.code !== undefined ? { code: exchange.code } : {}),
    ...(exchange.message !== undefined ? { message: exchange.message } : {}),
    diagnosis: exchange.diagnosis.map((d) => ({ cause: d.cause, message: d.message })),
  };
}

/** How many of this window's own recent signatures are remembered (more than voids are ever in flight at once). */
const OWN_KEPT = 32;

export class SandboxRequestsStore implements vscode.Disposable {
  private readonly file: ReceivedRequestFile;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly refused = new vscode.EventEmitter<{ record: ReceivedRequest; notify: boolean }>();
  /** Fires for each refused signature; `notify` is true for the first of a burst. */
  readonly onDidRefuseSignature = this.refused.event;
  readonly gate = new RefusalGate();
  /** Signatures of the voids this window sends itself: the void's own notification tells their outcome. */
  private readonly own: string[] = [];

  constructor(storage: vscode.Uri, log: (line: string) => void) {
    this.file = new ReceivedRequestFile(storage.fsPath, undefined, log);
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
   * Marks a request this window is about to send (by its signature header): the view lists it like any other, but
   * its refusal raises no second notification over the void's own (which offers the debugger and the output).
   */
  expectOwn(signature: string): void {
    this.own.push(signature);
    if (this.own.length > OWN_KEPT) this.own.shift();
  }

  private isOwn(record: ReceivedRequest): boolean {
    const index = record.headers.signature === undefined ? -1 : this.own.indexOf(record.headers.signature);
    if (index >= 0) this.own.splice(index, 1);
    return index >= 0;
  }

  /** Called by the sandbox for every request it answered. */
  record(exchange: SandboxExchange): void {
    const record = recordOf(exchange);
    void this.file.add(record);
    this.changed.fire();
    if (this.isOwn(record)) return;
    if (isSignatureRefusal(record)) this.refused.fire({ record, notify: this.gate.next(Date.now()) });
  }

  async clear(): Promise<void> {
    await this.file.clear();
    this.changed.fire();
  }

  flush(): Promise<void> {
    return this.file.flush();
  }

  dispose(): void {
    this.changed.dispose();
    this.refused.dispose();
  }
}
