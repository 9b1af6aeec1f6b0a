// What the extension returns from activate() in test mode only: the inspection API lets a caller drive the debugger,
// which signs with the stored key, so other extensions never get it.
import * as vscode from 'vscode';
import type { Features } from './composition';

export interface ExtensionApi {
  /** For tests: the history file, storage and log folders, the local sandbox URL, the open debugger. */
  historyPath(): string;
  globalStoragePath(): string;
  workspaceStoragePath(): string | undefined;
  localSandboxUrl(): string | undefined;
  logPath(): string;
  signatureDebugger(): ReturnType<Features['api']['signatureDebugger']>;
  /** The credential commands' handlers as they are outside the test host (where the inspection API does not exist). */
  credentialCommandsOutsideTests(): Record<'prakerja.setCredentials' | 'prakerja.clearCredentials', (arg?: unknown) => unknown>;
  /** The Request History tree's provider, to read the rows as the view would. */
  historyTree(): Pick<Features['tree'], 'getChildren' | 'getTreeItem'>;
  /** Ids of the commands that have a handler (every contributed command must). */
  handledCommands(): string[];
  /** What the Request History view shows now: its message, description and the entries listed under each day (with the text beside each). */
  historyView(): Promise<{ message: string | undefined; description: string | undefined; entries: Array<{ environment: string; kind: string; label: string; description: string }> }>;
  /** What the Sandbox Requests view shows now (newest first), its badge, and the notifications raised for refused signatures. */
  sandboxRequestsView(): Promise<{ rows: Array<{ id: string; label: string; description: string; status: number; code: string | undefined; causes: string[] }>; badge: number | undefined; notifications: number }>;
  /** Where the received requests are stored. */
  sandboxRequestsPath(): string;
  /**
   * Answers the production confirmation with `answer` instead of the modal dialog (a test cannot click it), or
   * restores the dialog (`undefined`); returns the list the questions asked from now on are added to.
   */
  answerConfirmations(answer: boolean | undefined): Array<{ message: string; detail: string; button: string }>;
}

export function testApi(
  context: vscode.ExtensionContext,
  view: vscode.TreeView<unknown>,
  features: () => Features,
  loaded: () => Features | undefined,
  sandboxView: vscode.TreeView<unknown>,
): ExtensionApi | undefined {
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  return {
    historyPath: () => features().api.historyPath(),
    globalStoragePath: () => context.globalStorageUri.fsPath,
    workspaceStoragePath: () => context.storageUri?.fsPath,
    localSandboxUrl: () => loaded()?.api.localSandboxUrl(),
    logPath: () => context.logUri.fsPath,
    signatureDebugger: () => features().api.signatureDebugger(),
    historyTree: () => features().tree,
    credentialCommandsOutsideTests: () => {
      const handlers = features().api.credentialHandlersOutsideTests();
      return { 'prakerja.setCredentials': handlers['prakerja.setCredentials']!, 'prakerja.clearCredentials': handlers['prakerja.clearCredentials']! };
    },
    handledCommands: () => Object.keys(features().handlers),
    historyView: async () => {
      const { tree } = features();
      const entries: Array<{ environment: string; kind: string; label: string; description: string }> = [];
      for (const day of await tree.getChildren()) {
        for (const node of await tree.getChildren(day)) if (node.type === 'entry') {
          const item = tree.getTreeItem(node);
          const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
          entries.push({ environment: node.entry.environment, kind: node.entry.kind, label, description: String(item.description ?? '') });
        }
      }
      return { message: view.message, description: view.description, entries };
    },
    sandboxRequestsView: async () => {
      const { sandboxTree, api } = features();
      const rows = (await sandboxTree.getChildren()).map((record) => {
        const item = sandboxTree.getTreeItem(record);
        const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
        return { id: record.id, label, description: String(item.description ?? ''), status: record.status, code: record.code, causes: record.diagnosis.map((d) => d.cause) };
      });
      return { rows, badge: sandboxView.badge?.value, notifications: api.sandboxNotifications() };
    },
    sandboxRequestsPath: () => features().api.sandboxRequestsPath(),
    answerConfirmations: (answer) => {
      const runner = features().api.runner();
      const asked: Array<{ message: string; detail: string; button: string }> = [];
      runner.testConfirm =
        answer === undefined
          ? undefined
          : (question) => {
              asked.push(question);
              return Promise.resolve(answer);
            };
      return asked;
    },
  };
}
