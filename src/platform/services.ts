// Everything the commands and views share, created on first use so activation does no work beyond registering.
import * as vscode from 'vscode';
import type { Settings } from '../core/settings';
import { CredentialStore } from '../features/credentials/credentialStore';
import { HistoryStore } from '../features/history/historyStore';
import { LocalSandbox } from '../features/localSandbox/localSandbox';
import { notifyPortTaken } from '../features/localSandbox/localSandboxCommands';
import { RequestRunner } from '../features/signedRequest/requestRunner';
import { SandboxRequestsStore } from '../features/sandboxRequests/sandboxRequestsStore';
import { localSandboxClients } from '../core/environments';
import { HttpClientProvider } from './httpClient';
import { affectsSettings, readSettings } from './settings';

export class Services implements vscode.Disposable {
  readonly credentials: CredentialStore;
  readonly sandbox: LocalSandbox;
  /** Every request the local sandbox received, from any program. */
  readonly sandboxRequests: SandboxRequestsStore;
  readonly http = new HttpClientProvider();
  readonly history: HistoryStore;
  readonly output: vscode.OutputChannel;
  /** Sends every signed request (Void, the palette's, the debugger's, replays): one guard for all of them. */
  readonly runner: RequestRunner;
  private cached: Settings | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(context: vscode.ExtensionContext) {
    this.credentials = new CredentialStore(context.secrets);
    this.runner = new RequestRunner(this);
    this.output = vscode.window.createOutputChannel('Prakerja');
    this.sandboxRequests = new SandboxRequestsStore(context.globalStorageUri, (line) => this.output.appendLine(line));
    // The sandbox accepts the demo pair and the pair stored for Local (localSandboxClients), re-read when that changes.
    this.sandbox = new LocalSandbox({
      clients: async () => localSandboxClients(await this.credentials.get('local').catch(() => undefined)),
      observe: (exchange) => this.sandboxRequests.record(exchange),
      portTaken: (port, holder, url) => notifyPortTaken(port, holder, url, (line) => this.output.appendLine(line)),
    });
    this.history = new HistoryStore(context.globalStorageUri, () => {
      const s = this.settings;
      return { maxEntries: s.historyMaxEntries, maxDays: s.historyMaxDays };
    }, (line) => this.output.appendLine(line));
    this.disposables.push(
      this.credentials,
      this.sandbox,
      this.sandboxRequests,
      this.credentials.onDidChange((id) => {
        if (id === 'local') void this.sandbox.refreshClients();
      }),
      this.http,
      this.history,
      this.output,
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!affectsSettings(event)) return;
        const before = this.cached;
        this.cached = undefined;
        const after = this.settings;
        if (before && (before.historyMaxDays !== after.historyMaxDays || before.historyMaxEntries !== after.historyMaxEntries)) this.history.reload();
      }),
    );
  }

  /** Current settings, validated (bad values fall back to defaults, with a warning naming the setting). */
  get settings(): Settings {
    this.cached ??= readSettings();
    return this.cached;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
