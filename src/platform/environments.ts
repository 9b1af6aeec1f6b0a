// The three environments a request can go to, with their names as a person reads them.
import * as vscode from 'vscode';
import { ENVIRONMENT_IDS, type EnvironmentId } from '../core/environments';
import type { Settings } from '../core/settings';
import { t } from './l10n';

export { ENVIRONMENT_IDS, type EnvironmentId };

export function environmentLabel(id: string): string {
  switch (id) {
    case 'local':
      return t('Local sandbox');
    case 'sandbox':
      return t('Prakerja sandbox');
    case 'production':
      return t('Production');
    default:
      return id;
  }
}

export function environmentIcon(id: string): string {
  return id === 'production' ? 'shield' : id === 'sandbox' ? 'cloud' : 'beaker';
}

export function isEnvironmentId(value: unknown): value is EnvironmentId {
  return typeof value === 'string' && (ENVIRONMENT_IDS as readonly string[]).includes(value);
}

/** The configured base URL of a remote environment (the local sandbox's comes from the running server). */
export function remoteBaseUrl(id: Exclude<EnvironmentId, 'local'>, settings: Settings): string {
  return id === 'production' ? settings.productionBaseUrl : settings.sandboxBaseUrl;
}

/** The environment requests go to now (the `prakerja.environment` setting; an invalid value means local). */
export function activeEnvironment(): EnvironmentId {
  const value = vscode.workspace.getConfiguration('prakerja').get('environment');
  return isEnvironmentId(value) ? value : 'local';
}

export async function setActiveEnvironment(id: EnvironmentId): Promise<void> {
  await vscode.workspace.getConfiguration('prakerja').update('environment', id, vscode.ConfigurationTarget.Global);
}
