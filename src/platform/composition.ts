// The composition root of dist/features.js, loaded on first use so that activation only registers: it creates the
// shared services on first use and gathers every feature's command handlers.
import * as vscode from 'vscode';
import { credentialHandlers } from '../features/credentials/credentialCommands';
import { debuggerPanel } from '../features/debugger/debuggerBundle';
import type { DebuggerPanel } from '../features/debugger/debuggerPanel';
import { debuggerHandlers } from '../features/debugger/debuggerCommands';
import { environmentHandlers } from '../features/environment/environmentCommands';
import { historyHandlers } from '../features/history/historyCommands';
import { HistoryDocumentProvider } from '../features/history/historyDocuments';
import { HistoryTreeProvider } from '../features/history/historyView';
import { localSandboxHandlers } from '../features/localSandbox/localSandboxCommands';
import { SandboxRequestsTreeProvider } from '../features/sandboxRequests/sandboxRequestsView';
import { SandboxRequestDocumentProvider } from '../features/sandboxRequests/sandboxRequestsDocuments';
import { sandboxRequestsHandlers } from '../features/sandboxRequests/sandboxRequestsCommands';
import { SandboxRefusalNotifier } from '../features/sandboxRequests/sandboxRequestsNotifications';
import type { RequestRunner } from '../features/signedRequest/requestRunner';
import { signedRequestHandlers } from '../features/signedRequest/signedRequestCommands';
import { voidHandlers } from '../features/void/voidCommands';
import type { FeatureContext, Handlers } from './handlers';
import { Services } from './services';

/** What activation made and hands over: the tree view, its change event, and the status bar's refresh. */
export interface ActivationParts {
  view: { description?: string | undefined; message?: string | undefined };
  treeChanged: vscode.EventEmitter<unknown>;
  updateStatus(sandboxUrl?: string): void;
  /** The Sandbox Requests view (for its badge) and its change event. */
  sandboxView: { badge?: vscode.ViewBadge | undefined; visible: boolean; onDidChangeVisibility: vscode.Event<vscode.TreeViewVisibilityChangeEvent> };
  sandboxTreeChanged: vscode.EventEmitter<unknown>;
}

export interface Features {
  handlers: Handlers;
  tree: HistoryTreeProvider;
  documents: HistoryDocumentProvider;
  sandboxTree: SandboxRequestsTreeProvider;
  sandboxDocuments: SandboxRequestDocumentProvider;
  revive(panel: vscode.WebviewPanel, state: unknown): Promise<void>;
  api: {
    historyPath(): string;
    localSandboxUrl(): string | undefined;
    signatureDebugger(): ReturnType<DebuggerPanel['inspect']> | undefined;
    /** The credential commands' handlers as an installed (not test) extension has them. */
    credentialHandlersOutsideTests(): Handlers;
    /** Notifications raised for refused signatures, and the requests list's path. */
    sandboxNotifications(): number;
    sandboxRequestsPath(): string;
    /** The one runner every signed request goes through (its production confirmation can be answered by tests). */
    runner(): RequestRunner;
  };
}

export function createFeatures(context: vscode.ExtensionContext, parts: ActivationParts): Features {
  let created: { services: Services; runner: RequestRunner } | undefined;
  let notifier: SandboxRefusalNotifier | undefined;
  const lazy = () => {
    if (!created) {
      const services = new Services(context);
      context.subscriptions.push(services);
      created = { services, runner: services.runner };
      services.sandbox.onDidChange((url) => {
        void vscode.commands.executeCommand('setContext', 'prakerja.localSandboxRunning', url !== undefined);
        parts.updateStatus(url);
      });
      services.credentials.onDidChange(() => parts.updateStatus(services.sandbox.url));
      notifier = new SandboxRefusalNotifier(services.sandboxRequests, parts.sandboxView, (line) => services.output.appendLine(line));
      context.subscriptions.push(notifier);
    }
    return created;
  };
  const feature: FeatureContext = { context, services: () => lazy().services, runner: () => lazy().runner };
  const resetBadge = () => notifier?.resetBadge();
  context.subscriptions.push(parts.sandboxView.onDidChangeVisibility((event) => event.visible && resetBadge()));

  const sandboxTree = new SandboxRequestsTreeProvider(() => feature.services().sandboxRequests);
  context.subscriptions.push(sandboxTree, sandboxTree.onDidChangeTreeData((node) => parts.sandboxTreeChanged.fire(node)));

  const tree = new HistoryTreeProvider(feature.services);
  context.subscriptions.push(tree, tree.onDidChangeTreeData((node) => parts.treeChanged.fire(node)));

  const handlers: Handlers = {
    ...voidHandlers(feature),
    ...signedRequestHandlers(feature),
    ...historyHandlers(feature, tree, parts.view),
    ...debuggerHandlers(feature),
    ...credentialHandlers(feature),
    ...environmentHandlers(feature),
    ...localSandboxHandlers(feature),
    ...sandboxRequestsHandlers(feature, resetBadge),
  };

  return {
    handlers,
    tree,
    documents: new HistoryDocumentProvider(() => feature.services().history),
    sandboxTree,
    sandboxDocuments: new SandboxRequestDocumentProvider(() => feature.services().sandboxRequests),
    revive: (panel, state) => debuggerPanel().revive(panel, feature.services(), context.extensionUri, state),
    api: {
      historyPath: () => feature.services().history.path,
      localSandboxUrl: () => created?.services.sandbox.url,
      signatureDebugger: () => debuggerPanel().current?.inspect(),
      sandboxNotifications: () => notifier?.raised ?? 0,
      sandboxRequestsPath: () => feature.services().sandboxRequests.path,
      runner: () => feature.runner(),
      credentialHandlersOutsideTests: () => credentialHandlers({ ...feature, context: Object.create(context, { extensionMode: { value: vscode.ExtensionMode.Production } }) as vscode.ExtensionContext }),
    },
  };
}
