// Credentials live only in SecretStorage, one entry per environment. The local sandbox falls back to its demo
// credentials, so it works with nothing set up.
import * as vscode from 'vscode';
import type { Credentials } from '../../core/signing/request';
import { keyFingerprint } from '../../core/signing/signing';
import { DEMO_CREDENTIALS } from '../../core/environments';
import { ENVIRONMENT_IDS, type EnvironmentId } from '../../platform/environments';
import { credentialSecretKey } from '../../platform/ids';

export interface StoredCredentials extends Credentials {
  /** True when these are the local sandbox's built-in demo credentials, not stored ones. */
  demo: boolean;
}

/** The credentials a stored secret holds; the local sandbox falls back to its demo pair. */
export function credentialsFrom(id: EnvironmentId, text: string | undefined): StoredCredentials | undefined {
  if (text) {
    try {
      const parsed = JSON.parse(text) as Partial<Credentials>;
      if (typeof parsed.clientCode === 'string' && typeof parsed.signKey === 'string') {
        return { clientCode: parsed.clientCode, signKey: parsed.signKey, demo: false };
      }
    } catch {
      // An unreadable entry counts as none; setting credentials again replaces it.
    }
  }
  return id === 'local' ? { ...DEMO_CREDENTIALS, demo: true } : undefined;
}

/**
 * A read of one environment's credentials started now, to be taken once the user has typed what the command asks
 * for: the round trip to the window (5-35 ms in code-server) is then off the path from the last Enter to the
 * outcome. A change to that secret meanwhile, in any window, starts the read again, so what is taken is current.
 * Reads the raw SecretStorage, so that the services need not exist before the first input box shows.
 */
export function readEarly(secrets: vscode.SecretStorage, id: EnvironmentId): { take(): Promise<StoredCredentials | undefined>; dispose(): void } {
  const key = credentialSecretKey(id);
  const read = () => Promise.resolve(secrets.get(key)).then((text) => credentialsFrom(id, text));
  let pending = read();
  // Whoever takes it sees a failure; nobody may take it (the user cancels).
  pending.catch(() => undefined);
  const subscription = secrets.onDidChange((event) => {
    if (event.key !== key) return;
    pending = read();
    pending.catch(() => undefined);
  });
  return { take: () => pending, dispose: () => subscription.dispose() };
}

export class CredentialStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<EnvironmentId>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    // Fires for changes made in other windows too.
    this.subscription = secrets.onDidChange((event) => {
      const changed = ENVIRONMENT_IDS.find((id) => credentialSecretKey(id) === event.key);
      if (changed) this.changed.fire(changed);
    });
  }

  async get(id: EnvironmentId): Promise<StoredCredentials | undefined> {
    return credentialsFrom(id, await this.secrets.get(credentialSecretKey(id)));
  }

  async fingerprint(id: EnvironmentId): Promise<string | undefined> {
    const credentials = await this.get(id);
    return credentials && keyFingerprint(credentials.signKey);
  }

  async set(id: EnvironmentId, credentials: Credentials): Promise<void> {
    await this.secrets.store(credentialSecretKey(id), JSON.stringify({ clientCode: credentials.clientCode, signKey: credentials.signKey }));
  }

  async hasStored(id: EnvironmentId): Promise<boolean> {
    return (await this.secrets.get(credentialSecretKey(id))) !== undefined;
  }

  async clear(id: EnvironmentId): Promise<void> {
    await this.secrets.delete(credentialSecretKey(id));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
