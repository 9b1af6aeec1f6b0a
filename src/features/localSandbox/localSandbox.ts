// Runs the local Prakerja sandbox inside the extension host, started on first use. Its code is a separate bundle
// (dist/sandbox.js), loaded only then.
import * as vscode from 'vscode';
import { loadBundle } from '../../platform/bundles';
import { t } from '../../platform/l10n';
import type { Sandbox } from '../../sandbox/server';

type SandboxModule = typeof import('../../sandbox/main');

export class LocalSandbox implements vscode.Disposable {
  private running: Promise<Sandbox> | undefined;
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  /** Fires with the URL when it starts and with undefined when it stops. */
  readonly onDidChange = this.changed.event;
  url: string | undefined;
  /** Why the last start failed (a sentence for the user), until a start succeeds. */
  lastError: string | undefined;

  /** Starts the sandbox if it is not running; resolves to its base URL, or rejects with a sentence for the user. */
  async ensureStarted(port: number): Promise<string> {
    if (!this.running) {
      const { startSandbox } = loadBundle<SandboxModule>('sandbox');
      this.running = startSandbox({ port }).catch((error: NodeJS.ErrnoException) => {
        throw new Error(
          error.code === 'EADDRINUSE'
            ? t('The local sandbox cannot listen on port {0}: it is in use. Set prakerja.localSandbox.port to 0 to use a free port.', port)
            : t('The local sandbox could not start: {0}', error.message),
        );
      });
      const starting = this.running;
      starting.then(
        (sandbox) => {
          if (this.running !== starting) return; // stopped while starting
          this.url = sandbox.url;
          this.lastError = undefined;
          this.changed.fire(sandbox.url);
        },
        (error: Error) => {
          if (this.running !== starting) return;
          this.running = undefined;
          this.lastError = error.message;
          this.changed.fire(undefined);
        },
      );
    }
    return (await this.running).url;
  }

  async stop(): Promise<boolean> {
    const running = this.running;
    if (!running) return false;
    this.running = undefined;
    this.url = undefined;
    this.changed.fire(undefined);
    const sandbox = await running.catch(() => undefined);
    await sandbox?.close();
    return sandbox !== undefined;
  }

  dispose(): void {
    void this.stop();
    this.changed.dispose();
  }
}
