// Shared by the integration suites (bundled into each *.test.js; not a suite itself).
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { HistoryEntry } from '../../src/core/history/schema';
import type { ExtensionApi } from '../../src/extension';

export const EXTENSION_ID = 'prakerja-toolkit.prakerja-api-toolkit';

/** The extension under development, activated. */
export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded in the extension host`);
  await extension.activate();
  return extension;
}

/** The extension's API (what activate returns). */
export async function activateApi(): Promise<ExtensionApi> {
  return (await activateExtension()).exports as ExtensionApi;
}

/**
 * Waits until the history file has a record that `matches`. The extension writes it with no event a test can
 * subscribe to, so this looks again every 50 ms (a condition, not a fixed wait) for up to `timeoutMs`.
 */
export async function historyHolds(matches: (record: Partial<HistoryEntry>) => boolean, timeoutMs = 10_000): Promise<void> {
  const file = (await activateApi()).historyPath();
  const deadline = Date.now() + timeoutMs;
  const holds = () => {
    try {
      return readFileSync(file, 'utf8').split('\n').some((line) => line !== '' && matches(JSON.parse(line) as Partial<HistoryEntry>));
    } catch {
      return false; // not written yet
    }
  };
  while (!holds()) {
    assert.ok(Date.now() < deadline, `no matching record in ${file} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs the Void command with codes given (no input boxes) and no notification. */
export function voidTransaction(args: { invoiceCode: string; transactionCode: string; environment?: string }): Promise<HistoryEntry | undefined> {
  return Promise.resolve(vscode.commands.executeCommand<HistoryEntry | undefined>('prakerja.voidTransaction', { ...args, notify: false }));
}

function filesUnder(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * Resolves once `condition` holds, checking every 50 ms: for state that has no event to await (a file another part
 * of VS Code writes). Fails with `what` after `timeoutMs`.
 */
export async function until(condition: () => boolean, what = 'the condition', timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The text of an output channel, read from the file VS Code writes it to (under the extension host's log folder),
 * once `ready` accepts it (or as it is after `timeoutMs`).
 */
export async function outputChannelText(name: string, ready: (text: string) => boolean = () => true, timeoutMs = 10_000): Promise<string> {
  const api = await activateApi();
  // logPath is …/exthost/<extension id>; output channels live in …/exthost/output_logging_*/N-<name>.log.
  const exthost = dirname(api.logPath());
  const read = () =>
    filesUnder(exthost)
      .filter((f) => f.endsWith(`-${name}.log`))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
  await until(() => ready(read()), `the ${name} output channel`, timeoutMs).catch(() => undefined);
  return read();
}
