// "Prakerja: Start Local Sandbox", "Prakerja: Stop Local Sandbox" and "Prakerja: Copy Local Sandbox URL", and what
// the user is told when the configured port is taken.
import * as vscode from 'vscode';
import type { FeatureContext, Handlers } from '../../platform/handlers';
import { t } from '../../platform/l10n';
import type { PortHolder } from './localSandbox';

export function localSandboxHandlers({ services }: FeatureContext): Handlers {
  /** Starts the sandbox; a failure is said in a notification and the command goes on (undefined). */
  const start = async (): Promise<string | undefined> => {
    const { sandbox, settings } = services();
    try {
      return await sandbox.ensureStarted(settings.localSandboxPort);
    } catch (error) {
      void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
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

/**
 * Said once per start when the configured port was taken: by whom, where this window's sandbox listens instead, and
 * the way back to a fixed address.
 */
export function notifyPortTaken(port: number, holder: PortHolder, url: string, log: (line: string) => void): void {
  const address = url.replace(/^http:\/\//, '');
  const message =
    holder === 'prakerjaSandbox'
      ? t('Port {0} is used by the local sandbox of another VS Code window, so this window\'s sandbox listens on {1}. Your application reaches the other window\'s sandbox at port {0}; its requests show in that window.', port, address)
      : t('Port {0} is used by another program, so the local sandbox listens on {1} for this window. To keep a fixed address, stop that program or set prakerja.localSandbox.port to a free port.', port, address);
  const copy = t('Copy URL');
  const open = t('Open Settings');
  vscode.window
    .showWarningMessage(message, copy, open)
    .then(async (choice) => {
      if (choice === copy) await vscode.env.clipboard.writeText(url);
      else if (choice === open) await vscode.commands.executeCommand('workbench.action.openSettings', 'prakerja.localSandbox.port');
    })
    .then(undefined, (error: unknown) => log(String(error)));
}
