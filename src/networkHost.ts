// Owns the HTTP client (node:http/https), rebuilt when the timeout setting changes. Proxies and trusted certificates
// are the extension host's business: VS Code routes node:http through `http.proxy`, `http.proxySupport`, the
// system's proxy and certificates for every host but the local sandbox, as it does for every extension. It does so
// with an agent of its own, so the client's keep-alive pool only serves the local sandbox.
import * as vscode from 'vscode';
import type { Settings } from './core/settings';
import { PrakerjaClient } from './core/voidClient';

export class NetworkHost implements vscode.Disposable {
  private client: PrakerjaClient | undefined;
  private timeoutSeconds = 0;

  get(settings: Settings): PrakerjaClient {
    if (!this.client || settings.timeoutSeconds !== this.timeoutSeconds) {
      void this.client?.close();
      this.client = new PrakerjaClient({ timeoutMs: settings.timeoutSeconds * 1000 });
      this.timeoutSeconds = settings.timeoutSeconds;
    }
    return this.client;
  }

  dispose(): void {
    void this.client?.close();
  }
}
