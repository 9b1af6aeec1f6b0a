// Activation registers every command, the history view, the debugger's serializer and the status bar item, and
// nothing more: what they do lives in dist/features.js, loaded the first time one of them is used.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { BundleLoader } from './bundleLoader';
import { activeEnvironment, environmentIcon, environmentLabel, isEnvironmentId } from './environments';
import type { Features, Host } from './features';
import { t } from './l10n';
import { credentialSecretKey, DEBUGGER_VIEW_TYPE, HISTORY_SCHEME } from './ids';
import { SecretsReadAhead } from './secretsReadAhead';

type FeaturesModule = typeof import('./features');

export interface ExtensionApi {
  /** For tests: the history file, storage and log folders, the local sandbox URL, the open debugger. */
  historyPath(): string;
  globalStoragePath(): string;
  workspaceStoragePath(): string | undefined;
  localSandboxUrl(): string | undefined;
  logPath(): string;
  signatureDebugger(): ReturnType<Features['api']['signatureDebugger']>;
  /** Ids of the commands that have a handler (every contributed command must). */
  handledCommands(): string[];
}

export function activate(context: vscode.ExtensionContext): ExtensionApi | undefined {
  // Status bar: the active environment, one click to switch.
  const status = vscode.window.createStatusBarItem('prakerja.environment', vscode.StatusBarAlignment.Left, 50);
  status.name = t('Prakerja Environment');
  status.command = 'prakerja.selectEnvironment';
  let sandboxUrl: string | undefined;
  const updateStatus = (url?: string) => {
    sandboxUrl = url;
    const environment = activeEnvironment();
    status.text = `$(${environmentIcon(environment)}) ${t('Prakerja: {0}', environmentLabel(environment))}`;
    status.backgroundColor = environment === 'production' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    status.tooltip =
      environment === 'local' && sandboxUrl
        ? t('Requests go to the local sandbox at {0}. Click to switch environment.', sandboxUrl)
        : t('Requests go to {0}. Click to switch environment.', environmentLabel(environment));
    status.show();
  };
  updateStatus();
  context.subscriptions.push(
    status,
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('prakerja.environment')) updateStatus(sandboxUrl);
    }),
  );

  // The history view: a provider that hands over to the real one once it is loaded.
  const treeChanged = new vscode.EventEmitter<unknown>();
  let loaded: Features | undefined;
  const view = vscode.window.createTreeView<unknown>('prakerja.history', {
    showCollapseAll: true,
    treeDataProvider: {
      onDidChangeTreeData: treeChanged.event,
      getChildren: (node) => features().tree.getChildren(node as never),
      getTreeItem: (node) => features().tree.getTreeItem(node as never),
      resolveTreeItem: (item, node) => features().tree.resolveTreeItem(item, node as never),
    },
  });
  context.subscriptions.push(treeChanged, view);

  const secrets = new SecretsReadAhead(context.secrets);
  context.subscriptions.push(secrets);
  const bundles = new BundleLoader(path.join(context.globalStorageUri.fsPath, 'code-cache'));
  const host: Host = { view, treeChanged, updateStatus, secrets, bundles };
  const features = (): Features => {
    if (!loaded) {
      const { createFeatures } = bundles.load<FeaturesModule>(path.join(__dirname, 'features.js'));
      loaded = createFeatures(context, host);
    }
    return loaded;
  };

  // What a command will need from the window, asked for before its code loads: the secret's key.
  const readAhead: Record<string, (args: unknown[]) => string> = {
    'prakerja.voidTransaction': ([given]) => {
      const environment = (given as { environment?: unknown } | undefined)?.environment;
      return credentialSecretKey(isEnvironmentId(environment) ? environment : activeEnvironment());
    },
  };

  // Every contributed command, each handed to its handler in the features bundle.
  for (const { command } of context.extension.packageJSON.contributes.commands as Array<{ command: string }>) {
    context.subscriptions.push(
      vscode.commands.registerCommand(command, async (...args: unknown[]) => {
        const key = readAhead[command]?.(args);
        if (key !== undefined) {
          secrets.readAhead(key);
          // The extension host sends messages to the window once the current task ends: let the read leave before
          // the features bundle loads (synchronously) on first use.
          if (!loaded) await new Promise((resolve) => setTimeout(resolve, 0));
        }
        try {
          const handler = features().handlers[command];
          if (!handler) throw new Error(`no handler for ${command}`);
          return await handler(...args);
        } finally {
          // Not kept beyond its command (cancelled, or refused before it needed the credentials).
          if (key !== undefined) secrets.forget(key);
        }
      }),
    );
  }
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(DEBUGGER_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state) => features().revive(panel, state),
    }),
    vscode.workspace.registerTextDocumentContentProvider(HISTORY_SCHEME, {
      provideTextDocumentContent: (uri) => features().documents.provideTextDocumentContent(uri),
    }),
  );

  // The inspection API lets a caller drive the debugger, which signs with the stored key: only tests get it, never
  // other extensions.
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  return {
    historyPath: () => features().api.historyPath(),
    globalStoragePath: () => context.globalStorageUri.fsPath,
    workspaceStoragePath: () => context.storageUri?.fsPath,
    localSandboxUrl: () => loaded?.api.localSandboxUrl(),
    logPath: () => context.logUri.fsPath,
    signatureDebugger: () => features().api.signatureDebugger(),
    handledCommands: () => Object.keys(features().handlers),
  };
}

export function deactivate(): void {}
