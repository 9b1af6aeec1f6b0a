// Owns the HTTP client. Its bundle (dist/network.js, undici) is required on the first request, not at activation,
// and the client is rebuilt when the timeout or proxy settings change.
import * as vscode from 'vscode';
import type { Settings } from './core/settings';
import { t } from './l10n';
import type { PrakerjaClient } from './core/voidClient';

type NetworkModule = typeof import('./network');

export function proxyUrl(): string | undefined {
  const configured = vscode.workspace.getConfiguration('http').get<string>('proxy')?.trim();
  return configured || process.env.HTTPS_PROXY || process.env.https_proxy || process.env.HTTP_PROXY || process.env.http_proxy || undefined;
}

export class NetworkHost implements vscode.Disposable {
  private client: PrakerjaClient | undefined;
  private key = '';

  get(settings: Settings): PrakerjaClient {
    const proxy = proxyUrl();
    const key = `${settings.timeoutSeconds}|${proxy ?? ''}`;
    if (!this.client || key !== this.key) {
      if (proxy !== undefined && !/^(https?|socks5):\/\/[^/\s]+/i.test(proxy)) {
        throw new Error(t('The proxy "{0}" (from http.proxy or HTTPS_PROXY) is not a URL like http://host:port; fix it or clear it.', proxy));
      }
      void this.client?.close().catch(() => undefined);
      const { PrakerjaClient } = require('./network.js') as NetworkModule;
      this.client = new PrakerjaClient({ timeoutMs: settings.timeoutSeconds * 1000, ...(proxy ? { proxyUrl: proxy } : {}) });
      this.key = key;
    }
    return this.client;
  }

  dispose(): void {
    void this.client?.close().catch(() => undefined);
  }
}
