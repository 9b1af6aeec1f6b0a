// Activation registers every command, the history view, the debugger's serializer and the status bar item, and
// nothing more: what they do lives in dist/features.js, required the first time one of them is used.
import * as vscode from 'vscode';
import { createEnvironmentStatus } from './features/environment/statusBar';
import { createLazyHistoryView } from './features/history/historyViewProxy';
import { createLazySandboxRequestsView } from './features/sandboxRequests/sandboxRequestsViewProxy';
import { loadBundle } from './platform/bundles';
import type { Features } from './platform/composition';
import { DEBUGGER_VIEW_TYPE, HISTORY_SCHEME, SANDBOX_REQUEST_SCHEME } from './platform/ids';
import { testApi, type ExtensionApi } from './platform/testApi';

export type { ExtensionApi };

export function activate(context: vscode.ExtensionContext): ExtensionApi | undefined {
  const status = createEnvironmentStatus(context);
  let loaded: Features | undefined;
  const features = (): Features => {
    loaded ??= loadBundle<typeof import('./platform/composition')>('features').createFeatures(context, { view, treeChanged, updateStatus: status.update, sandboxView: sandbox.view, sandboxTreeChanged: sandbox.treeChanged });
    return loaded;
  };
  const { view, treeChanged } = createLazyHistoryView(context, () => features().tree);
  const sandbox = createLazySandboxRequestsView(context, () => features().sandboxTree);

  // Every contributed command, each handed to its handler in the features bundle.
  for (const { command } of context.extension.packageJSON.contributes.commands as Array<{ command: string }>) {
    context.subscriptions.push(
      vscode.commands.registerCommand(command, (...args: unknown[]) => {
        const handler = features().handlers[command];
        if (!handler) throw new Error(`no handler for ${command}`);
        return handler(...args);
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
    vscode.workspace.registerTextDocumentContentProvider(SANDBOX_REQUEST_SCHEME, {
      provideTextDocumentContent: (uri) => features().sandboxDocuments.provideTextDocumentContent(uri),
    }),
  );
  return testApi(context, view, features, () => loaded, sandbox.view);
}

export function deactivate(): void {}
