// Owns the HTTP client, rebuilt when the timeout setting changes. It is built on node:http/https because the
// extension host's proxy, PAC, Kerberos and certificate support (`http.proxy`, `http.proxySupport`, the system's
// proxy and certificates) applies to them and not to a bundled undici; VS Code does so with an agent of its own for
// every request, and without keep-alive (microsoft/vscode#228872), so inside VS Code every void opens a new
// connection, to the local sandbox too (whose answers say `connection: close`); the pool serves scripts and tests.
import * as vscode from 'vscode';
import { PrakerjaClient } from '../core/http/client';
import type { Settings } from '../core/settings';
import { t } from './l10n';

export class HttpClientProvider implements vscode.Disposable {
  private client: PrakerjaClient | undefined;
  private timeoutSeconds = 0;

  get(settings: Settings): PrakerjaClient {
    if (!this.client || settings.timeoutSeconds !== this.timeoutSeconds) {
      void this.client?.close();
      this.client = new PrakerjaClient({ timeoutMs: settings.timeoutSeconds * 1000, translate: t });
      this.timeoutSeconds = settings.timeoutSeconds;
    }
    return this.client;
  }

  dispose(): void {
    void this.client?.close();
  }
}
