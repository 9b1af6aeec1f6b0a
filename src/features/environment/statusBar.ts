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
  /** The address the local sandbox has (or will have) from the setting alone (its default comes from the manifest), so it shows before the sandbox loads. */
  const configuredUrl = () => {
    const port = vscode.workspace.getConfiguration('prakerja').get<unknown>('localSandbox.port');
    return typeof port === 'number' && Number.isInteger(port) && port > 0 && port <= 65535 ? `http://127.0.0.1:${port}` : undefined;
  };
  const update = (url?: string) => {
    sandboxUrl = url;
    status.name = t('Prakerja Environment');
    const environment = activeEnvironment();
    const localUrl = sandboxUrl ?? configuredUrl();
    const address = environment === 'local' && localUrl ? ` · ${localUrl.replace(/^http:\/\//, '')}` : '';
    status.text = `$(${environmentIcon(environment)}) ${t('Prakerja: {0}', environmentLabel(environment))}${address}`;
    status.backgroundColor = environment === 'production' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    status.tooltip =
      environment !== 'local'
        ? t('Requests go to {0}. Click to switch environment.', environmentLabel(environment))
        : sandboxUrl
          ? t('Requests go to the local sandbox at {0}. Click to switch environment.', sandboxUrl)
          : localUrl
            ? t('The local sandbox will listen at {0} once it starts (a Void, Start Local Sandbox or Copy Local Sandbox URL starts it). Click to switch environment.', localUrl)
            : t('Requests go to {0}. Click to switch environment.', environmentLabel(environment));
    status.show();
  };
  update();
  context.subscriptions.push(
    status,
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('prakerja.environment') || event.affectsConfiguration('prakerja.localSandbox.port')) update(sandboxUrl);
    }),
    onDidChangeLanguage(() => update(sandboxUrl)),
  );
  return { update };
}
