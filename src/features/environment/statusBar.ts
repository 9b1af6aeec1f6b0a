// The status bar item: the active environment (production stands out), one click to switch. Part of the main bundle.
import * as vscode from 'vscode';
import { activeEnvironment, environmentIcon, environmentLabel } from '../../platform/environments';
import { onDidChangeLanguage, t } from '../../platform/l10n';

export interface EnvironmentStatus {
  /** Refreshes the item; `sandboxUrl` is the local sandbox's address once it runs. */
  update(sandboxUrl?: string): void;
}

export function createEnvironmentStatus(context: vscode.ExtensionContext): EnvironmentStatus {
  const status = vscode.window.createStatusBarItem('prakerja.environment', vscode.StatusBarAlignment.Left, 50);
  status.command = 'prakerja.selectEnvironment';
  let sandboxUrl: string | undefined;
  const update = (url?: string) => {
    sandboxUrl = url;
    status.name = t('Prakerja Environment');
    const environment = activeEnvironment();
    status.text = `$(${environmentIcon(environment)}) ${t('Prakerja: {0}', environmentLabel(environment))}`;
    status.backgroundColor = environment === 'production' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    status.tooltip =
      environment === 'local' && sandboxUrl
        ? t('Requests go to the local sandbox at {0}. Click to switch environment.', sandboxUrl)
        : t('Requests go to {0}. Click to switch environment.', environmentLabel(environment));
    status.show();
  };
  update();
  context.subscriptions.push(
    status,
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('prakerja.environment')) update(sandboxUrl);
    }),
    onDidChangeLanguage(() => update(sandboxUrl)),
  );
  return { update };
}
