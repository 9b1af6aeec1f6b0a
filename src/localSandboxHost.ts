// Runs the local Prakerja sandbox inside the extension host, started on first use. Its code is a separate bundle
// (dist/sandbox.js), loaded only then.
import * as vscode from 'vscode';
import type { Sandbox } from './sandbox/server';

type SandboxModule = typeof import('./sandbox/main');

export class LocalSandboxHost implements vscode.Disposable {
  private running: Promise<Sandbox> | undefined;
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  /** Fires with the URL when it starts and with undefined when it stops. */
  readonly onDidChange = this.changed.event;
  url: string | undefined;

  /** Starts the sandbox if it is not running; resolves to its base URL. */
  async ensureStarted(port: number): Promise<string> {
    if (!this.running) {
      const { startSandbox } = require('./sandbox.js') as SandboxModule;
      this.running = startSandbox({ port });
      this.running.then(
        (sandbox) => {
          this.url = sandbox.url;
          this.changed.fire(sandbox.url);
        },
        () => (this.running = undefined),
      );
    }
    return (await this.running).url;
  }

  async stop(): Promise<boolean> {
    const running = this.running;
    if (!running) return false;
    this.running = undefined;
    this.url = undefined;
    await (await running).close();
    this.changed.fire(undefined);
    return true;
  }

  dispose(): void {
    void this.stop();
    this.changed.dispose();
  }
}
