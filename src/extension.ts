import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('prakerja.startLocalSandbox', async () => {
      const { startSandbox } = require('./sandbox.js') as typeof import('./sandbox/main');
      const sandbox = await startSandbox();
      context.subscriptions.push({ dispose: () => void sandbox.close() });
      return sandbox.url;
    }),
  );
}

export function deactivate(): void {}
