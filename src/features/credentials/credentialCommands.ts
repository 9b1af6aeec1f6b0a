// "Prakerja: Set Credentials" and "Prakerja: Clear Credentials".
import * as vscode from 'vscode';
import { clearCredentialsCall, setCredentialsCall } from '../../core/commandArguments';
import { keyFingerprint } from '../../core/signing/signing';
import { DEMO_CREDENTIALS } from '../../core/environments';
import { activeEnvironment, ENVIRONMENT_IDS, environmentLabel, type EnvironmentId } from '../../platform/environments';
import { t } from '../../platform/l10n';
import type { FeatureContext, Handlers } from '../../platform/handlers';
import { COMMAND_SET_CREDENTIALS } from '../../platform/ids';
import type { Services } from '../../platform/services';

const CONTROL = /[\p{Cc}\p{Cf}]/u;

export function validateClientCode(value: string): string | undefined {
  if (!value.trim()) return t('client_code is required.');
  if (CONTROL.test(value)) return t('client_code contains an invisible or control character; paste it again without it.');
  if (/\s/.test(value)) return t('client_code must not contain spaces.');
  if (value.length > 128) return t('client_code must be at most {0} characters.', 128);
  return undefined;
}

export function validateSignKey(value: string): string | undefined {
  if (!value) return t('sign_key is required.');
  if (/^\s|\s$/.test(value)) return t('sign_key starts or ends with whitespace, which would change every signature; remove it.');
  if (CONTROL.test(value)) return t('sign_key contains an invisible or control character; paste it again without it.');
  if (value.length > 512) return t('sign_key must be at most {0} characters.', 512);
  return undefined;
}

async function pickEnvironment(services: Services, title: string, placeHolder: string, only?: (id: EnvironmentId) => Promise<boolean>): Promise<EnvironmentId | undefined> {
  const items: Array<vscode.QuickPickItem & { id: EnvironmentId }> = [];
  // The environments that need credentials first: Enter on the first item must not replace the sandbox's demo key.
  for (const id of [...ENVIRONMENT_IDS.filter((e) => e !== 'local'), 'local' as const]) {
    if (only && !(await only(id))) continue;
    const stored = await services.credentials.hasStored(id);
    const fingerprint = await services.credentials.fingerprint(id);
    items.push({
      id,
      label: environmentLabel(id),
      description: stored
        ? t('stored · key {0}', fingerprint ?? '')
        : id === 'local'
          ? t('demo credentials · key {0}', fingerprint ?? '')
          : t('not set'),
    });
  }
  if (items.length === 0) return undefined;
  // The active environment is preselected (the order stays: Enter on Local only leads to its own boxes, whose
  // sign_key box cannot be left empty, so nothing is replaced without typing a key).
  const pick = vscode.window.createQuickPick<(typeof items)[number]>();
  pick.title = title;
  pick.placeholder = placeHolder;
  pick.ignoreFocusOut = true;
  pick.items = items;
  const active = items.find((item) => item.id === activeEnvironment());
  if (active) pick.activeItems = [active];
  try {
    return await new Promise<EnvironmentId | undefined>((resolve) => {
      pick.onDidAccept(() => resolve(pick.selectedItems[0]?.id ?? pick.activeItems[0]?.id));
      pick.onDidHide(() => resolve(undefined));
      pick.show();
    });
  } finally {
    pick.dispose();
  }
}

/** The message for a call whose arguments would skip the prompts outside the test host. */
function refuseArguments(): false {
  void vscode.window.showErrorMessage(t('Credentials can only be set or cleared through the prompts: a command call with credentials or a confirmation in its arguments was refused (it is accepted only in tests).'));
  return false;
}

/**
 * Resolves true when credentials were stored. Called with `{ environment, clientCode, signKey }` it stores them
 * without asking, after the same validation as the input boxes, but only in the test host (see commandArguments.ts).
 */
export async function setCredentials(services: Services, arg: unknown, testMode: boolean): Promise<boolean> {
  const call = setCredentialsCall(arg, testMode);
  if (call.kind === 'refused') return refuseArguments();
  if (call.kind === 'store') {
    const problem = validateClientCode(call.clientCode) ?? validateSignKey(call.signKey);
    if (problem) {
      void vscode.window.showErrorMessage(problem);
      return false;
    }
    await services.credentials.set(call.environment, { clientCode: call.clientCode, signKey: call.signKey });
    await sandboxKnows(services, call.environment);
    return true;
  }
  const id = call.environment ?? (await pickEnvironment(services, t('Set Credentials'), t('Which environment are these credentials for?')));
  if (!id) return false;
  const label = environmentLabel(id);
  const current = await services.credentials.get(id);
  const clientCode = await vscode.window.showInputBox({
    title: t('Set Credentials for {0} (1/2)', label),
    // The local sandbox knows only its demo client: offered as it is, so a new key is all there is to type.
    prompt: id === 'local' ? t('client_code of the local sandbox (its demo client is {0})', DEMO_CREDENTIALS.clientCode) : t('client_code, as issued by Prakerja'),
    value: current && !current.demo ? current.clientCode : id === 'local' ? DEMO_CREDENTIALS.clientCode : '',
    ignoreFocusOut: true,
    validateInput: validateClientCode,
  });
  if (clientCode === undefined) return false;
  const signKey = await vscode.window.showInputBox({
    title: t('Set Credentials for {0} (2/2)', label),
    prompt: id === 'local'
      ? t('sign_key for the local sandbox (Clear Credentials brings back its demo key). It is kept in VS Code\'s secret storage and never shown again.')
      : t('sign_key, as issued by Prakerja. It is kept in VS Code\'s secret storage and never shown again.'),
    password: true,
    ignoreFocusOut: true,
    validateInput: validateSignKey,
  });
  if (signKey === undefined) return false;
  await services.credentials.set(id, { clientCode, signKey });
  await sandboxKnows(services, id);
  void vscode.window.showInformationMessage(t('Credentials for {0} saved (client_code {1}, key fingerprint {2}).', label, clientCode, keyFingerprint(signKey)));
  return true;
}

/** Local's pair changed: done once the running local sandbox accepts the new pair (its next request sees it). */
function sandboxKnows(services: Services, id: EnvironmentId): Promise<void> {
  return id === 'local' ? services.sandbox.refreshClients() : Promise.resolve();
}

/** Called with `{ environment, confirmed: true }` it clears without asking, but only in the test host. */
export async function clearCredentials(services: Services, arg: unknown, testMode: boolean): Promise<boolean> {
  const call = clearCredentialsCall(arg, testMode);
  if (call.kind === 'refused') return refuseArguments();
  if (call.kind === 'clear') {
    await services.credentials.clear(call.environment);
    await sandboxKnows(services, call.environment);
    return true;
  }
  const id = call.environment ?? (await pickEnvironment(services, t('Clear Credentials'), t('Clear the stored credentials of which environment?'), (e) => services.credentials.hasStored(e)));
  if (!id) {
    if (!call.environment) void vscode.window.showInformationMessage(t('No credentials are stored.'));
    return false;
  }
  const label = environmentLabel(id);
  const clear = t('Clear');
  const choice = await vscode.window.showWarningMessage(t('Clear the stored credentials for {0}?', label), { modal: true }, clear);
  if (choice !== clear) return false;
  await services.credentials.clear(id);
  await sandboxKnows(services, id);
  void vscode.window.showInformationMessage(t('Credentials for {0} cleared.', label));
  return true;
}

export function credentialHandlers({ context, services }: FeatureContext): Handlers {
  const testMode = context.extensionMode === vscode.ExtensionMode.Test;
  return {
    [COMMAND_SET_CREDENTIALS]: (environment?: unknown) => setCredentials(services(), environment, testMode),
    'prakerja.clearCredentials': (environment?: unknown) => clearCredentials(services(), environment, testMode),
  };
}
