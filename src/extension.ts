// Activation registers commands, the history view and the status bar item; everything else (settings, secrets,
// history file, HTTP stack, sandbox) is created on first use.
import * as vscode from 'vscode';
import { askForCodes, rememberedCodes } from './codeInput';
import { checkCode } from './core/schemas';
import { clearCredentials, setCredentials } from './credentialCommands';
import { DEBUGGER_VIEW_TYPE, DebuggerPanel } from './debuggerPanel';
import { activeEnvironment, ENVIRONMENT_IDS, environmentIcon, environmentLabel, isEnvironmentId, setActiveEnvironment } from './environments';
import { entryOf, registerHistory } from './historyCommands';
import { t } from './l10n';
import { COMMAND_OPEN_DEBUGGER, COMMAND_SET_CREDENTIALS, RequestRunner } from './requestRunner';
import { Services } from './services';

const LAST_CODES_KEY = 'prakerja.lastCodes';

export interface ExtensionApi {
  /** For tests and other tools: the history file, the local sandbox URL (when running), and the log folder. */
  historyPath(): string;
  globalStoragePath(): string;
  workspaceStoragePath(): string | undefined;
  localSandboxUrl(): string | undefined;
  logPath(): string;
  /** The open signature debugger, for inspection. */
  signatureDebugger(): ReturnType<DebuggerPanel['inspect']> | undefined;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi | undefined {
  let services: Services | undefined;
  let runner: RequestRunner | undefined;
  const lazy = () => {
    if (!services) {
      services = new Services(context);
      context.subscriptions.push(services);
      runner = new RequestRunner(services);
      services.sandbox.onDidChange((url) => {
        void vscode.commands.executeCommand('setContext', 'prakerja.localSandboxRunning', url !== undefined);
        updateStatus();
      });
      services.credentials.onDidChange(() => updateStatus());
    }
    return { services, runner: runner! };
  };

  // Status bar: the active environment, one click to switch.
  const status = vscode.window.createStatusBarItem('prakerja.environment', vscode.StatusBarAlignment.Left, 50);
  status.name = t('Prakerja Environment');
  status.command = 'prakerja.selectEnvironment';
  context.subscriptions.push(status);
  const updateStatus = () => {
    const environment = activeEnvironment();
    status.text = `$(${environmentIcon(environment)}) ${t('Prakerja: {0}', environmentLabel(environment))}`;
    status.backgroundColor = environment === 'production' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const sandboxUrl = services?.sandbox.url;
    status.tooltip =
      environment === 'local' && sandboxUrl
        ? t('Requests go to the local sandbox at {0}. Click to switch environment.', sandboxUrl)
        : t('Requests go to {0}. Click to switch environment.', environmentLabel(environment));
    status.show();
  };
  updateStatus();
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('prakerja.environment')) updateStatus();
    }),
  );

  registerHistory(context, lazy);

  const register = (id: string, handler: (...args: unknown[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, handler));

  register('prakerja.voidTransaction', async (args?: unknown) => {
    const { runner } = lazy();
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
    return runner.voidTransaction(environment, codes, { notify: given.notify !== false });
  });

  register(COMMAND_OPEN_DEBUGGER, async (arg?: unknown) => {
    const entry = arg === undefined ? undefined : await entryOf(lazy().services, arg);
    if (arg !== undefined && !entry) return undefined;
    await DebuggerPanel.show(lazy().services, context.extensionUri, entry);
    return true;
  });
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(DEBUGGER_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, saved) => DebuggerPanel.revive(panel, lazy().services, context.extensionUri, saved),
    }),
  );

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

  // The inspection API lets a caller drive the debugger, which signs with the stored key: only tests get it, never
  // other extensions.
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  return {
    historyPath: () => lazy().services.history.path,
    globalStoragePath: () => context.globalStorageUri.fsPath,
    workspaceStoragePath: () => context.storageUri?.fsPath,
    localSandboxUrl: () => services?.sandbox.url,
    logPath: () => context.logUri.fsPath,
    signatureDebugger: () => DebuggerPanel.current?.inspect(),
  };
}

export function deactivate(): void {}
