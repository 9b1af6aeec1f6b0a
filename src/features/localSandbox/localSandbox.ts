// Runs the local Prakerja sandbox inside the extension host, started on first use and kept running while the window
// is open. Its code is a separate bundle (dist/sandbox.js), loaded only then. It accepts the demo pair and the pair
// stored for the Local environment (updated at once when that changes), and reports every request it answers.
import { get } from 'node:http';
import * as vscode from 'vscode';
import type { Credentials } from '../../core/signing/request';
import { loadBundle } from '../../platform/bundles';
import { locale, t } from '../../platform/l10n';
import type { Sandbox, SandboxExchange } from '../../sandbox/server';

type SandboxModule = typeof import('../../sandbox/main');

/** What holds a port the sandbox could not listen on: the sandbox of another VS Code window, or another program. */
export type PortHolder = 'prakerjaSandbox' | 'otherProgram';

/** Asks whatever listens on 127.0.0.1:`port` whether it is a Prakerja local sandbox (its answers carry a header). */
export function portHolder(port: number): Promise<PortHolder> {
  return new Promise((resolve) => {
    const request = get({ host: '127.0.0.1', port, path: '/', timeout: 1_000 }, (response) => {
      response.resume();
      resolve(response.headers['x-prakerja-sandbox'] !== undefined ? 'prakerjaSandbox' : 'otherProgram');
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve('otherProgram'));
  });
}

export interface LocalSandboxOptions {
  /** The pairs the sandbox accepts (read when it starts and again on refreshClients). */
  clients?: () => Promise<Credentials[]>;
  /** Every request the sandbox answered. */
  observe?: (exchange: SandboxExchange) => void;
  /** The configured port was taken, so the sandbox listens on `url` (a free port) for this window instead. */
  portTaken?: (port: number, holder: PortHolder, url: string) => void;
}

export class LocalSandbox implements vscode.Disposable {
  private running: Promise<Sandbox> | undefined;
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  /** Fires with the URL when it starts and with undefined when it stops. */
  readonly onDidChange = this.changed.event;
  url: string | undefined;
  /** Why the last start failed (a sentence for the user), until a start succeeds. */
  lastError: string | undefined;
  /** Counts refreshClients calls, so an older read never overwrites a newer one. */
  private clientsVersion = 0;

  constructor(private readonly options: LocalSandboxOptions = {}) {}

  /**
   * Starts the sandbox if it is not running, on the configured port or, when that is taken, on a free one; resolves to
   * its base URL, or rejects with a sentence for the user.
   */
  async ensureStarted(port: number): Promise<string> {
    if (!this.running) {
      const { startSandbox } = loadBundle<SandboxModule>('sandbox');
      this.running = (async () => {
        const clients = await this.options.clients?.();
        // Its diagnoses are read in VS Code, so they are written in the extension's language.
        const options = { sentences: { t, language: locale }, ...(clients ? { clients } : {}), ...(this.options.observe ? { observe: this.options.observe } : {}) };
        try {
          return await startSandbox({ port, ...options });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw error;
          // Taken (often by the sandbox of another VS Code window): this window's sandbox takes a free port, the
          // setting stays as it is, and the command that started it goes on.
          const [sandbox, holder] = await Promise.all([startSandbox({ port: 0, ...options }), portHolder(port)]);
          this.options.portTaken?.(port, holder, sandbox.url);
          return sandbox;
        }
      })().catch((error: NodeJS.ErrnoException) => {
        throw new Error(t('The local sandbox could not start: {0}', error.message));
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

  /** Reads the accepted pairs again (e.g. the Local credentials changed) and gives them to the running sandbox. */
  async refreshClients(): Promise<void> {
    const version = ++this.clientsVersion;
    const running = this.running;
    if (!running || !this.options.clients) return;
    const [sandbox, clients] = await Promise.all([running.catch(() => undefined), this.options.clients()]);
    if (version === this.clientsVersion) sandbox?.setClients(clients);
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
