// "Prakerja: Start Local Sandbox" and "Prakerja: Stop Local Sandbox".
import * as vscode from 'vscode';
import type { FeatureContext, Handlers } from '../../platform/handlers';
import { t } from '../../platform/l10n';

export function localSandboxHandlers({ services }: FeatureContext): Handlers {
  return {
    'prakerja.startLocalSandbox': async () => {
      const { sandbox, settings } = services();
      let url: string;
      try {
        url = await sandbox.ensureStarted(settings.localSandboxPort);
      } catch (error) {
        void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
        return undefined;
      }
      void vscode.window.showInformationMessage(t('The local Prakerja sandbox is running at {0} (client_code sandbox-client; try transaction_code TRX-OK-001).', url));
      return url;
    },
    'prakerja.stopLocalSandbox': async () => {
      const stopped = await services().sandbox.stop();
      void vscode.window.showInformationMessage(stopped ? t('The local Prakerja sandbox was stopped.') : t('The local Prakerja sandbox is not running.'));
      return stopped;
    },
  };
}
