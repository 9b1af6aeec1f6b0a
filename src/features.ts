// Everything behind the extension's commands and views (dist/features.js), loaded on first use so that activation
// only registers. Settings, secrets, the history file, the HTTP stack and the sandbox are created on first use too.
import * as vscode from 'vscode';
import type { BundleLoader } from './bundleLoader';
import { askForCodes, rememberedCodes } from './codeInput';
import { checkCode } from './core/schemas';
import { clearCredentials, setCredentials } from './credentialCommands';
import { activeEnvironment, ENVIRONMENT_IDS, environmentIcon, environmentLabel, isEnvironmentId, setActiveEnvironment } from './environments';
import { debuggerPanel, entryOf, historyHandlers, type Handler } from './historyCommands';
import type { DebuggerPanel } from './debuggerPanel';
import { HistoryDocumentProvider } from './historyDocuments';
import { HistoryTreeProvider } from './historyView';
import { t } from './l10n';
import { COMMAND_OPEN_DEBUGGER, COMMAND_SET_CREDENTIALS } from './ids';
import { RequestRunner } from './requestRunner';
import { Services } from './services';

const LAST_CODES_KEY = 'prakerja.lastCodes';

/** What activation hands over: the tree view it created, a way to refresh the status bar, the secrets, the loader. */
export interface Host {
  view: { description?: string | undefined; message?: string | undefined };
  treeChanged: vscode.EventEmitter<unknown>;
  updateStatus(sandboxUrl?: string): void;
  /** The extension's SecretStorage, with the reads its commands started early. */
  secrets: vscode.SecretStorage;
  /** Loads the other lazily used bundles. */
  bundles: BundleLoader;
}

export interface Features {
  handlers: Record<string, Handler>;
  tree: HistoryTreeProvider;
  documents: HistoryDocumentProvider;
  revive(panel: vscode.WebviewPanel, state: unknown): Promise<void>;
  api: {
    historyPath(): string;
    localSandboxUrl(): string | undefined;
    signatureDebugger(): ReturnType<DebuggerPanel['inspect']> | undefined;
  };
}

export function createFeatures(context: vscode.ExtensionContext, host: Host): Features {
  let services: Services | undefined;
  let runner: RequestRunner | undefined;
  const lazy = () => {
    if (!services) {
      services = new Services(context, host.secrets, host.bundles);
      context.subscriptions.push(services);
      runner = new RequestRunner(services);
      services.sandbox.onDidChange((url) => {
        void vscode.commands.executeCommand('setContext', 'prakerja.localSandboxRunning', url !== undefined);
        host.updateStatus(url);
      });
      services.credentials.onDidChange(() => host.updateStatus(services?.sandbox.url));
    }
    return { services, runner: runner! };
  };

  const tree = new HistoryTreeProvider(() => lazy().services);
  context.subscriptions.push(tree, tree.onDidChangeTreeData((node) => host.treeChanged.fire(node)));

  const handlers: Record<string, Handler> = { ...historyHandlers(context, lazy, tree, host.view) };
  const register = (id: string, handler: Handler) => (handlers[id] = handler);

  register('prakerja.voidTransaction', async (args?: unknown) => {
    const given = (args ?? {}) as { invoiceCode?: unknown; transactionCode?: unknown; environment?: unknown; notify?: unknown };
    const environment = isEnvironmentId(given.environment) ? given.environment : activeEnvironment();
    let codes: { invoiceCode: string; transactionCode: string } | undefined;
    if (typeof given.invoiceCode === 'string' && typeof given.transactionCode === 'string') {
      // Programmatic use (tests, other extensions, keybindings): the same validation as the input boxes.
      const invoice = checkCode('invoice_code', given.invoiceCode, t);
      const transaction = checkCode('transaction_code', given.transactionCode, t);
      if (!invoice.ok || !transaction.ok) {
        void vscode.window.showErrorMessage(!invoice.ok ? invoice.message : (transaction as { message: string }).message);
        return undefined;
      }
      codes = { invoiceCode: invoice.value, transactionCode: transaction.value };
    } else {
      const last = rememberedCodes(context.globalState.get(LAST_CODES_KEY));
      codes = await askForCodes(t('Void Transaction on {0}', environmentLabel(environment)), last, (partial) => context.globalState.update(LAST_CODES_KEY, { ...last, ...partial }));
      if (!codes) return undefined;
      await context.globalState.update(LAST_CODES_KEY, codes);
    }
    return lazy().runner.voidTransaction(environment, codes, { notify: given.notify !== false });
  });

  register(COMMAND_OPEN_DEBUGGER, async (arg?: unknown) => {
    const entry = arg === undefined ? undefined : await entryOf(lazy().services, arg);
    if (arg !== undefined && !entry) return undefined;
    await debuggerPanel(host.bundles).show(lazy().services, context.extensionUri, entry);
    return true;
  });

  register(COMMAND_SET_CREDENTIALS, (environment?: unknown) => setCredentials(lazy().services, environment));
  register('prakerja.clearCredentials', (environment?: unknown) => clearCredentials(lazy().services, environment));

  register('prakerja.selectEnvironment', async (environment?: unknown) => {
    let id = isEnvironmentId(environment) ? environment : undefined;
    if (!id) {
      const { services } = lazy();
      const current = activeEnvironment();
      const items = await Promise.all(
        ENVIRONMENT_IDS.map(async (e) => ({
          id: e,
          label: `$(${environmentIcon(e)}) ${environmentLabel(e)}`,
          description: e === current ? t('active') : undefined,
          detail: (await services.credentials.get(e)) ? t('key {0}', (await services.credentials.fingerprint(e)) ?? '') : t('no credentials set'),
        })),
      );
      id = (await vscode.window.showQuickPick(items, { placeHolder: t('Send Prakerja requests to which environment?') }))?.id;
    }
    if (id) await setActiveEnvironment(id);
    return id;
  });

  register('prakerja.startLocalSandbox', async () => {
    const { services } = lazy();
    let url: string;
    try {
      url = await services.sandbox.ensureStarted(services.settings.localSandboxPort);
    } catch (error) {
      void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
      return undefined;
    }
    void vscode.window.showInformationMessage(t('The local Prakerja sandbox is running at {0} (client_code sandbox-client; try transaction_code TRX-OK-001).', url));
    return url;
  });
  register('prakerja.stopLocalSandbox', async () => {
    const stopped = await lazy().services.sandbox.stop();
    void vscode.window.showInformationMessage(stopped ? t('The local Prakerja sandbox was stopped.') : t('The local Prakerja sandbox is not running.'));
    return stopped;
  });
  register('prakerja.showOutput', () => lazy().services.output.show(true));

  return {
    handlers,
    tree,
    documents: new HistoryDocumentProvider(() => lazy().services.history),
    revive: (panel, state) => debuggerPanel(host.bundles).revive(panel, lazy().services, context.extensionUri, state),
    api: {
      historyPath: () => lazy().services.history.path,
      localSandboxUrl: () => services?.sandbox.url,
      signatureDebugger: () => debuggerPanel(host.bundles).current?.inspect(),
    },
  };
}
