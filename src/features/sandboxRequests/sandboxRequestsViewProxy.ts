// The Sandbox Requests tree view, created at activation with a provider that hands every call to the real one
// (dist/features.js), loaded when the view first asks for its rows. Part of the main bundle: it loads nothing else.
import * as vscode from 'vscode';

export const SANDBOX_REQUESTS_VIEW = 'prakerja.sandboxRequests';

export function createLazySandboxRequestsView(
  context: vscode.ExtensionContext,
  provider: () => { getChildren(node?: unknown): vscode.ProviderResult<unknown[]>; getTreeItem(node: unknown): vscode.TreeItem | Thenable<vscode.TreeItem> },
): { view: vscode.TreeView<unknown>; treeChanged: vscode.EventEmitter<unknown> } {
  const treeChanged = new vscode.EventEmitter<unknown>();
  const view = vscode.window.createTreeView<unknown>(SANDBOX_REQUESTS_VIEW, {
    treeDataProvider: {
      onDidChangeTreeData: treeChanged.event,
      getChildren: (node) => provider().getChildren(node),
      getTreeItem: (node) => provider().getTreeItem(node),
    },
  });
  context.subscriptions.push(treeChanged, view);
  return { view, treeChanged };
}
