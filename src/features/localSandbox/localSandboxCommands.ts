// "Prakerja: Start Local Sandbox", "Prakerja: Stop Local Sandbox" and "Prakerja: Copy Local Sandbox URL".
import * as vscode from 'vscode';
import type { FeatureContext, Handlers } from '../../platform/handlers';
import { t } from '../../platform/l10n';
import { PortInUseError } from './localSandbox';

export function localSandboxHandlers({ services }: FeatureContext): Handlers {
  /** Starts the sandbox; a port in use is said in one sentence with the way out, and the command goes on (undefined). */
  const start = async (): Promise<string | undefined> => {
    const { sandbox, settings } = services();
    try {
      return await sandbox.ensureStarted(settings.localSandboxPort);
    } catch (error) {
      if (error instanceof PortInUseError) {
        const free = t('Use a Free Port');
        const open = t('Open Settings');
        void vscode.window.showWarningMessage(error.message, free, open).then(async (choice) => {
          if (choice === free) {
            await vscode.workspace.getConfiguration('prakerja').update('localSandbox.port', 0, vscode.ConfigurationTarget.Global);
            await vscode.commands.executeCommand('prakerja.startLocalSandbox');
          } else if (choice === open) {
            await vscode.commands.executeCommand('workbench.action.openSettings', 'prakerja.localSandbox.port');
          }
        }).then(undefined, (failed: unknown) => services().output.appendLine(String(failed)));
      } else {
        void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
      }
      return undefined;
    }
  };
  return {
    'prakerja.startLocalSandbox': async () => {
      const url = await start();
      if (url) void vscode.window.showInformationMessage(t('The local Prakerja sandbox is running at {0} (client_code sandbox-client; try transaction_code TRX-OK-001).', url));
      return url;
    },
    'prakerja.stopLocalSandbox': async () => {
      const stopped = await services().sandbox.stop();
      void vscode.window.showInformationMessage(stopped ? t('The local Prakerja sandbox was stopped.') : t('The local Prakerja sandbox is not running.'));
      return stopped;
    },
    'prakerja.copyLocalSandboxUrl': async () => {
      const url = await start();
      if (!url) return undefined;
      await vscode.env.clipboard.writeText(url);
      void vscode.window.showInformationMessage(t('Copied {0}: point your application at it (requests it sends appear in the Sandbox Requests view).', url));
      return url;
    },
  };
}
