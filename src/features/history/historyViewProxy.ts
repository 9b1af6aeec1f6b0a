// The Request History tree view, created at activation with a provider that hands every call to the real one
// (dist/features.js), which loads when the view first asks for its items. Part of the main bundle.
import * as vscode from 'vscode';

/** What the view's real provider implements (src/features/history/historyView.ts). */
export interface TreeProvider {
  getChildren(node?: unknown): vscode.ProviderResult<unknown[]>;
  getTreeItem(node: unknown): vscode.TreeItem | Thenable<vscode.TreeItem>;
  resolveTreeItem(item: vscode.TreeItem, node: unknown): vscode.ProviderResult<vscode.TreeItem>;
}

export interface LazyHistoryView {
  view: vscode.TreeView<unknown>;
  /** Fired by the real provider when its items change. */
  treeChanged: vscode.EventEmitter<unknown>;
}

export function createLazyHistoryView(context: vscode.ExtensionContext, provider: () => TreeProvider): LazyHistoryView {
  const treeChanged = new vscode.EventEmitter<unknown>();
  const view = vscode.window.createTreeView<unknown>('prakerja.history', {
    showCollapseAll: true,
    treeDataProvider: {
      onDidChangeTreeData: treeChanged.event,
      getChildren: (node) => provider().getChildren(node),
      getTreeItem: (node) => provider().getTreeItem(node),
      resolveTreeItem: (item, node) => provider().resolveTreeItem(item, node),
    },
  });
  context.subscriptions.push(treeChanged, view);
  return { view, treeChanged };
}
