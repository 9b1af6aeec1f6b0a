// "Prakerja: Select Environment" (also the status bar item's click).
import * as vscode from 'vscode';
import { activeEnvironment, ENVIRONMENT_IDS, environmentIcon, environmentLabel, isEnvironmentId, setActiveEnvironment } from '../../platform/environments';
import type { FeatureContext, Handlers } from '../../platform/handlers';
import { t } from '../../platform/l10n';

export function environmentHandlers({ services }: FeatureContext): Handlers {
  return {
    'prakerja.selectEnvironment': async (environment?: unknown) => {
      let id = isEnvironmentId(environment) ? environment : undefined;
      if (!id) {
        const { credentials } = services();
        const current = activeEnvironment();
        const items = await Promise.all(
          ENVIRONMENT_IDS.map(async (e) => {
            const fingerprint = await credentials.fingerprint(e);
            return {
              id: e,
              label: `$(${environmentIcon(e)}) ${environmentLabel(e)}`,
              description: e === current ? t('active') : undefined,
              detail: fingerprint ? t('key {0}', fingerprint) : t('no credentials set'),
            };
          }),
        );
        id = (await vscode.window.showQuickPick(items, { placeHolder: t('Send Prakerja requests to which environment?') }))?.id;
      }
      if (id) await setActiveEnvironment(id);
      return id;
    },
  };
}
