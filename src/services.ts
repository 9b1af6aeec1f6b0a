// Everything the commands and views share, created on first use so activation does no work beyond registering.
import * as vscode from 'vscode';
import type { BundleLoader } from './bundleLoader';
import type { Settings } from './core/settings';
import { affectsSettings, readSettings } from './config';
import { CredentialStore } from './credentials';
import { HistoryStore } from './historyStore';
import { LocalSandboxHost } from './localSandboxHost';
import { NetworkHost } from './networkHost';

export class Services implements vscode.Disposable {
  readonly credentials: CredentialStore;
  readonly sandbox: LocalSandboxHost;
  readonly network = new NetworkHost();
  readonly history: HistoryStore;
  readonly output: vscode.OutputChannel;
  private cached: Settings | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly context: vscode.ExtensionContext,
    secrets: vscode.SecretStorage,
    /** Loads the lazily used bundles (the sandbox's, the debugger's). */
    readonly bundles: BundleLoader,
  ) {
    this.credentials = new CredentialStore(secrets);
    this.sandbox = new LocalSandboxHost(bundles);
    this.output = vscode.window.createOutputChannel('Prakerja');
    this.history = new HistoryStore(context.globalStorageUri, () => {
      const s = this.settings;
      return { maxEntries: s.historyMaxEntries, maxDays: s.historyMaxDays };
    });
    this.disposables.push(
      this.credentials,
      this.sandbox,
      this.network,
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
