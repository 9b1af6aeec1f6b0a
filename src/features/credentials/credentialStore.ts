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
    const text = await this.secrets.get(credentialSecretKey(id));
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
