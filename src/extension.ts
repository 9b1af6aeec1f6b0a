// Activation registers commands, the history view and the status bar item; everything else (settings, secrets,
// history file, HTTP stack, sandbox) is created on first use.
import * as vscode from 'vscode';
import { askForCodes, rememberedCodes } from './codeInput';
import { toCurl } from './core/request';
import { checkCode } from './core/schemas';
import { clearCredentials, setCredentials } from './credentialCommands';
import { DEBUGGER_VIEW_TYPE, DebuggerPanel } from './debuggerPanel';
import { activeEnvironment, ENVIRONMENT_IDS, environmentIcon, environmentLabel, isEnvironmentId, setActiveEnvironment } from './environments';
import { HISTORY_SCHEME, HistoryDocumentProvider } from './historyDocuments';
import { HistoryTreeProvider, type HistoryFilter, type OutcomeFilter } from './historyView';
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

export function activate(context: vscode.ExtensionContext): ExtensionApi {
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

  // History view (the provider only reads the file when the view is first shown).
  let tree: HistoryTreeProvider | undefined;
  let treeView: vscode.TreeView<unknown> | undefined;
  const historyTree = () => {
    if (!tree) {
      tree = new HistoryTreeProvider(() => lazy().services);
      context.subscriptions.push(tree);
    }
    return tree;
  };
  const createTreeView = () => {
    treeView = vscode.window.createTreeView('prakerja.history', { treeDataProvider: historyTree() as vscode.TreeDataProvider<unknown>, showCollapseAll: true });
    context.subscriptions.push(treeView);
  };
  createTreeView();
  const applyFilter = (filter: HistoryFilter) => {
    historyTree().setFilter(filter);
    const parts = [filter.environment && environmentLabel(filter.environment), filter.outcome && outcomeFilterLabel(filter.outcome)].filter(Boolean);
    if (treeView) treeView.description = parts.length ? t('Filter: {0}', parts.join(' · ')) : undefined;
    void vscode.commands.executeCommand('setContext', 'prakerja.historyFiltered', parts.length > 0);
  };

  const entryOf = async (arg: unknown) => {
    const id = typeof arg === 'string' ? arg : (arg as { entry?: { id?: string } } | undefined)?.entry?.id;
    const entry = id ? await lazy().services.history.get(id) : undefined;
    if (!entry) void vscode.window.showWarningMessage(t('That history entry no longer exists.'));
    return entry;
  };

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
    const entry = arg === undefined ? undefined : await entryOf(arg);
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
    const url = await services.sandbox.ensureStarted(services.settings.localSandboxPort);
    void vscode.window.showInformationMessage(t('The local Prakerja sandbox is running at {0} (client_code sandbox-client; try transaction_code TRX-OK-001).', url));
    return url;
  });
  register('prakerja.stopLocalSandbox', async () => {
    const stopped = await lazy().services.sandbox.stop();
    void vscode.window.showInformationMessage(stopped ? t('The local Prakerja sandbox was stopped.') : t('The local Prakerja sandbox is not running.'));
    return stopped;
  });
  register('prakerja.showOutput', () => lazy().services.output.show(true));

  // History item and view commands.
  register('prakerja.history.replay', async (arg?: unknown) => {
    const entry = await entryOf(arg);
    if (!entry) return undefined;
    if (!isEnvironmentId(entry.environment)) return undefined;
    return lazy().runner.voidTransaction(entry.environment, { invoiceCode: entry.invoiceCode, transactionCode: entry.transactionCode }, { replay: true });
  });
  register('prakerja.history.openInDebugger', async (arg?: unknown) => {
    const entry = await entryOf(arg);
    if (entry) await DebuggerPanel.show(lazy().services, context.extensionUri, entry);
  });
  register('prakerja.history.showResponse', async (arg?: unknown) => {
    const entry = await entryOf(arg);
    if (!entry) return;
    if (!entry.response) return void vscode.window.showInformationMessage(t('This request got no response to show.'));
    await vscode.window.showTextDocument(HistoryDocumentProvider.uri(entry, 'response'), { preview: true });
  });
  register('prakerja.history.showDetails', async (arg?: unknown) => {
    const entry = await entryOf(arg);
    if (entry) await vscode.window.showTextDocument(HistoryDocumentProvider.uri(entry, 'details'), { preview: true });
  });
  register('prakerja.history.copyAsCurl', async (arg?: unknown) => {
    const entry = await entryOf(arg);
    if (!entry) return undefined;
    const curl = toCurl(entry.request);
    await vscode.env.clipboard.writeText(curl);
    void vscode.window.showInformationMessage(t('cURL command copied, with the signature and timestamp that were sent (the sign_key is not in it; a server will refuse the old timestamp).'));
    return curl;
  });
  register('prakerja.history.delete', async (arg?: unknown) => {
    const entry = await entryOf(arg);
    if (entry) await lazy().services.history.remove(entry.id);
  });
  register('prakerja.history.refresh', () => historyTree().refresh());
  register('prakerja.history.showMore', (day?: unknown) => typeof day === 'string' && historyTree().showMore(day));
  register('prakerja.history.filter', async (filter?: unknown) => {
    if (filter && typeof filter === 'object') return applyFilter(filter as HistoryFilter);
    const current = historyTree().currentFilter;
    type Item = vscode.QuickPickItem & { filter?: Partial<HistoryFilter> };
    const items: Item[] = [
      { label: t('Environment'), kind: vscode.QuickPickItemKind.Separator },
      ...ENVIRONMENT_IDS.map((e) => ({ label: environmentLabel(e), picked: current.environment === e, filter: { environment: e } })),
      { label: t('Outcome'), kind: vscode.QuickPickItemKind.Separator },
      ...(['success', 'apiError', 'fault'] as OutcomeFilter[]).map((o) => ({ label: outcomeFilterLabel(o), picked: current.outcome === o, filter: { outcome: o } })),
    ];
    const picked = await vscode.window.showQuickPick(items, { canPickMany: true, placeHolder: t('Show only requests that match (none selected: show all)') });
    if (!picked) return;
    const next: HistoryFilter = {};
    for (const item of picked) Object.assign(next, item.filter);
    applyFilter(next);
  });
  register('prakerja.history.clearFilter', () => applyFilter({}));
  register('prakerja.history.clear', async () => {
    const clear = t('Clear History');
    const choice = await vscode.window.showWarningMessage(t('Delete every entry of the request history?'), { modal: true, detail: t('This cannot be undone.') }, clear);
    if (choice === clear) await lazy().services.history.clear();
    return choice === clear;
  });

  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(HISTORY_SCHEME, new HistoryDocumentProvider(() => lazy().services.history)));

  return {
    historyPath: () => lazy().services.history.path,
    globalStoragePath: () => context.globalStorageUri.fsPath,
    workspaceStoragePath: () => context.storageUri?.fsPath,
    localSandboxUrl: () => services?.sandbox.url,
    logPath: () => context.logUri.fsPath,
    signatureDebugger: () => DebuggerPanel.current?.inspect(),
  };
}

function outcomeFilterLabel(outcome: OutcomeFilter): string {
  return outcome === 'success' ? t('Succeeded') : outcome === 'apiError' ? t('Refused by the API') : t('Network or server fault');
}

export function deactivate(): void {}
