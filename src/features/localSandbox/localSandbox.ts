// Runs the local Prakerja sandbox inside the extension host, started on first use and kept running while the window
// is open. Its code is a separate bundle (dist/sandbox.js), loaded only then. It accepts the demo pair and the pair
// stored for the Local environment (updated at once when that changes), and reports every request it answers.
import * as vscode from 'vscode';
import type { Credentials } from '../../core/signing/request';
import { loadBundle } from '../../platform/bundles';
import { locale, t } from '../../platform/l10n';
import type { Sandbox, SandboxExchange } from '../../sandbox/server';

type SandboxModule = typeof import('../../sandbox/main');

/** A start that failed because the port is taken: the command that started it goes on, with this sentence shown. */
export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(t('Port {0} is already used by another program, so the local sandbox did not start: set prakerja.localSandbox.port to another port, or to 0 for a free one.', port));
  }
}

export interface LocalSandboxOptions {
  /** The pairs the sandbox accepts (read when it starts and again on refreshClients). */
  clients?: () => Promise<Credentials[]>;
  /** Every request the sandbox answered. */
  observe?: (exchange: SandboxExchange) => void;
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

  /** Starts the sandbox if it is not running; resolves to its base URL, or rejects with a sentence for the user. */
  async ensureStarted(port: number): Promise<string> {
    if (!this.running) {
      const { startSandbox } = loadBundle<SandboxModule>('sandbox');
      this.running = (async () => {
        const clients = await this.options.clients?.();
        // Its diagnoses are read in VS Code, so they are written in the extension's language.
        return startSandbox({ port, sentences: { t, language: locale }, ...(clients ? { clients } : {}), ...(this.options.observe ? { observe: this.options.observe } : {}) });
      })().catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'EADDRINUSE' ? new PortInUseError(port) : new Error(t('The local sandbox could not start: {0}', error.message));
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
