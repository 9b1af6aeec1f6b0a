// Runs inside the extension host as the workbench's extensionTestsPath (one page load = one fresh extension host =
// one sample): times `await extension.activate()` of extensions that are not active yet, then the Void command's
// first (cold) and later (warm) requests, writes the numbers to a JSON file and returns, which ends the extension
// host. What to do comes from the JSON file named by PRAKERJA_PROBE_CONTROL. See test/bench/activation.ts.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const PROBE_CONTROL_ENV = 'PRAKERJA_PROBE_CONTROL';

export interface ProbeControl {
  sample: number;
  /** `activation`: the samples of the figures; `breakdown`: where the first request's time goes (informational). */
  mode: 'activation' | 'breakdown';
  /** Extension ids to activate, timed, in this order. */
  activate: string[];
  /** The extension whose Void command is timed. */
  product: string;
  /** Warm voids after the cold one. */
  warmVoids: number;
  /** Where to write the ProbeResult. */
  out: string;
}

export interface ProbeResult {
  sample: number;
  mode: ProbeControl['mode'];
  /** ms per extension id. */
  activationMs: Record<string, number>;
  /** ms of the first Void after activation (the HTTP stack and the local sandbox load on first use). */
  coldVoidMs?: number;
  warmVoidMs: number[];
  /**
   * breakdown mode, in ms, each step warming what the next would otherwise pay for: require() of the main bundle,
   * then activate(); then the first-request path: the shared services (dist/features.js, created by the first
   * command that needs them), starting the local sandbox, and finally the first Void command (its first request).
   */
  breakdown?: {
    requireMainMs: number;
    activateAfterRequireMs: number;
    servicesMs: number;
    startSandboxMs: number;
    firstVoidAfterThoseMs: number;
  };
  /** How long the probe waited for the workbench's own start-up activations to settle. */
  settledAfterMs: number;
  activeBeforeMeasuring: string[];
  error?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until no extension has become active for `quietMs` (built-ins activating on start-up would add noise). */
async function settle(quietMs = 1_000, minimumMs = 2_500, maximumMs = 15_000): Promise<number> {
  const started = performance.now();
  let count = -1;
  let changedAt = started;
  for (;;) {
    const now = performance.now();
    const active = vscode.extensions.all.filter((e) => e.isActive).length;
    if (active !== count) {
      count = active;
      changedAt = now;
    }
    if ((now - started >= minimumMs && now - changedAt >= quietMs) || now - started >= maximumMs) return now - started;
    await sleep(100);
  }
}

async function timed<T>(fn: () => Thenable<T> | Promise<T> | T): Promise<[number, T]> {
  const start = performance.now();
  const value = await fn();
  return [performance.now() - start, value];
}

function randomCode(): string {
  return Math.random().toString(36).slice(2, 10).toUpperCase();
}

async function voidOnce(sample: number, i: number): Promise<number> {
  const transactionCode = `TRX-OK-B${sample}X${i}${randomCode()}`;
  const [ms, entry] = await timed(() =>
    vscode.commands.executeCommand<{ kind?: string } | undefined>('prakerja.voidTransaction', {
      invoiceCode: 'INV-BENCH-1',
      transactionCode,
      environment: 'local',
      notify: false,
    }),
  );
  if (entry?.kind !== 'success') throw new Error(`the void of ${transactionCode} ended ${JSON.stringify(entry?.kind)}, not success`);
  return ms;
}

export async function run(): Promise<void> {
  const controlFile = process.env[PROBE_CONTROL_ENV];
  if (!controlFile) throw new Error(`${PROBE_CONTROL_ENV} is not set`);
  const control = JSON.parse(fs.readFileSync(controlFile, 'utf8')) as ProbeControl;
  const result: ProbeResult = { sample: control.sample, mode: control.mode, activationMs: {}, warmVoidMs: [], settledAfterMs: 0, activeBeforeMeasuring: [] };
  try {
    result.settledAfterMs = await settle();
    result.activeBeforeMeasuring = vscode.extensions.all.filter((e) => e.isActive).map((e) => e.id);
    const requireFrom = createRequire(__filename);
    let requireMainMs = 0;
    if (control.mode === 'breakdown') {
      const product = vscode.extensions.getExtension(control.product)!;
      const main = (product.packageJSON as { main: string }).main;
      // The module the extension host is about to load (Node caches it by path, so activate() then reuses it).
      [requireMainMs] = await timed(() => requireFrom(path.join(product.extensionPath, main)));
    }
    for (const id of control.activate) {
      const extension = vscode.extensions.getExtension(id);
      if (!extension) throw new Error(`extension ${id} is not loaded`);
      if (extension.isActive) throw new Error(`extension ${id} was already active before it was measured`);
      [result.activationMs[id]] = await timed(() => extension.activate());
    }
    if (control.mode === 'breakdown') {
      // Only commands: an installed extension gives other extensions no API.
      const product = vscode.extensions.getExtension(control.product)!;
      // A pause between steps lets what a step started in the background (the output channel's log file, a
      // notification) finish before the next is timed.
      const pause = () => sleep(500);
      await pause();
      // The shared services (output channel, history store, credentials) are created by the first command that needs
      // them; Refresh needs nothing else (the view is not shown).
      const [servicesMs] = await timed(() => vscode.commands.executeCommand('prakerja.history.refresh'));
      await pause();
      const [startSandboxMs, baseUrl] = await timed(() => vscode.commands.executeCommand<string | undefined>('prakerja.startLocalSandbox'));
      if (typeof baseUrl !== 'string') throw new Error(`Start Local Sandbox returned ${String(baseUrl)}, not its URL`);
      await pause();
      const firstVoidAfterThoseMs = await voidOnce(control.sample, 0);
      result.breakdown = {
        requireMainMs,
        activateAfterRequireMs: result.activationMs[control.product]!,
        servicesMs,
        startSandboxMs,
        firstVoidAfterThoseMs,
      };
    } else {
      result.coldVoidMs = await voidOnce(control.sample, 0);
    }
    for (let i = 1; i <= control.warmVoids; i++) result.warmVoidMs.push(await voidOnce(control.sample, i));
  } catch (error) {
    result.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
  }
  const temporary = `${control.out}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(result, null, 2));
  fs.renameSync(temporary, control.out);
}
