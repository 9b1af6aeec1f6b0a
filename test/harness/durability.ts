// Durability of the request history where only a real workbench can reach: two windows voiding at the same moment
// (two tabs on one code-server: two extension hosts appending to one globalStorage history file), and an extension
// host killed in the middle of a void. Each test has its own code-server, so it cannot disturb the UI suites.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { runHarnessSuite } from './harnessSuite';
import { EXTENSION_ID, randomCode, voidFromPalette } from './packaged';
import type { SuiteReport } from './report';
import { openSession, type Session } from './session';
import { sleep } from './util';
import { runCommand, waitForNotification } from './workbench';

export function historyFile(session: Pick<Session, 'userDataDir'>): string {
  return path.join(session.userDataDir, 'User', 'globalStorage', EXTENSION_ID, 'history.jsonl');
}

interface HistoryLine {
  id: string;
  kind?: string;
  transactionCode?: string;
  deleted?: boolean;
}

/**
 * Reads the history file strictly: it ends with a newline and every line is one JSON record (no half-written or
 * interleaved line). Returns the lines and the last record of each id.
 */
export function readHistoryStrictly(file: string): { lines: HistoryLine[]; latest: Map<string, HistoryLine> } {
  const text = fs.readFileSync(file, 'utf8');
  if (text.length > 0 && !text.endsWith('\n')) throw new Error(`${file} does not end with a newline (a half-written line?):\n${text.slice(-300)}`);
  const lines = text
    .split('\n')
    .filter((l) => l !== '')
    .map((line, i) => {
      try {
        const record = JSON.parse(line) as HistoryLine;
        if (typeof record?.id !== 'string') throw new Error('no id');
        return record;
      } catch (error) {
        throw new Error(`line ${i + 1} of ${file} is not a JSON record (${(error as Error).message}): ${line.slice(0, 300)}`);
      }
    });
  const latest = new Map<string, HistoryLine>();
  for (const record of lines) {
    if (record.deleted) latest.delete(record.id);
    else latest.set(record.id, record);
  }
  return { lines, latest };
}

function entriesFor(latest: Map<string, HistoryLine>, transactionCode: string): HistoryLine[] {
  return [...latest.values()].filter((r) => r.transactionCode === transactionCode);
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms${lastError ? `: ${lastError instanceof Error ? lastError.message : String(lastError)}` : ''}`);
    await sleep(200);
  }
}

/** Accessible labels of the Request History view's rows ("TRX…, invoice INV…, Local sandbox, success, 10:00:00"). */
async function historyRows(page: Page): Promise<string[]> {
  return page.locator('[id="workbench.view.extension.prakerja"] .monaco-list-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? r.textContent ?? ''));
}

/** Shows the Request History view, then presses its Refresh until a row matches (the tree re-renders on refresh). */
async function waitForHistoryRow(page: Page, matches: (row: string) => boolean, what: string, timeoutMs = 20_000): Promise<string> {
  await runCommand(page, 'View: Show Prakerja');
  await page.locator('[id="workbench.view.extension.prakerja"]').waitFor({ state: 'visible', timeout: 10_000 });
  let rows: string[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    rows = await historyRows(page);
    const row = rows.find(matches);
    if (row) return row;
    if (Date.now() > deadline) throw new Error(`the Request History view shows no ${what} within ${timeoutMs} ms; its rows: ${JSON.stringify(rows)}`);
    await runCommand(page, 'Prakerja: Refresh');
    await sleep(500);
  }
}

/** The pid of the extension host code-server launched last (its log says `<pid> Launched Extension Host Process.`). */
function lastExtensionHostPid(session: Session): number | undefined {
  const log = fs.readFileSync(session.server.logFile, 'utf8');
  const pids = [...log.matchAll(/<(\d+)> Launched Extension Host Process\./g)].map((m) => Number(m[1]));
  return pids.at(-1);
}

function isExtensionHostOf(pid: number, session: Session): boolean {
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which is in parentheses): state ppid pgrp …
    const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
    return cmdline.includes('--type=extensionHost') && pgrp === session.server.process.child.pid;
  } catch {
    return false;
  }
}

const alive = (pid: number) => fs.existsSync(`/proc/${pid}`) && !/\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));

export async function runDurability(options: { grep?: string }): Promise<SuiteReport> {
  const sessions = new Set<Session>();
  const open = async (name: string, settings?: Record<string, unknown>) => {
    const session = await openSession({ name, ...(settings ? { settings } : {}) });
    sessions.add(session);
    return session;
  };
  const close = async (session: Session) => {
    sessions.delete(session);
    await session.close();
  };
  return runHarnessSuite(
    {
      name: 'Durability',
      id: 'durability',
      after: async () => {
        for (const session of [...sessions]) await close(session);
      },
      tests: [
        {
          name: 'two windows voiding at the same moment both end up in the history file and in both views',
          async run({ screenshot }) {
            const session = await open('durability-two-windows');
            try {
              const first = session.page;
              // A second tab on the same URL: a second window, with its own extension host, sharing the user data.
              const second = await first.context().newPage();
              await second.goto(session.url);
              await second.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
              const codes = [`TRX-OK-A${randomCode()}`, `TRX-OK-B${randomCode()}`] as const;
              const pages = [first, second] as const;
              // Both voids typed up to the last Enter, then both Enters at once.
              for (const [i, page] of pages.entries()) {
                await page.bringToFront();
                await voidFromPalette(page, `INV-TWO-${i + 1}`, codes[i]!, { enter: false });
              }
              await Promise.all(pages.map((page) => page.keyboard.press('Enter')));
              await Promise.all(pages.map((page, i) => waitForNotification(page, new RegExp(`${codes[i]}.*Voided`), 30_000)));

              const { lines, latest } = readHistoryStrictly(historyFile(session));
              for (const code of codes) {
                const entries = entriesFor(latest, code);
                if (entries.length !== 1 || entries[0]!.kind !== 'success') {
                  throw new Error(`the history file should hold one successful void of ${code}; it holds ${JSON.stringify(entries)} (${lines.length} lines)`);
                }
              }
              if (latest.size !== 2) throw new Error(`the history file should hold 2 entries, it holds ${latest.size}`);
              for (const [i, page] of pages.entries()) {
                await page.bringToFront();
                for (const code of codes) await waitForHistoryRow(page, (row) => row.startsWith(`${code},`) && row.includes('success'), `successful ${code} (window ${i + 1})`);
                await screenshot(page, `window-${i + 1}`);
              }
            } finally {
              await close(session);
            }
          },
        },
        {
          name: 'killing the extension host mid-void leaves a readable history with the void pending, shown as interrupted after a reload',
          async run({ screenshot }) {
            const session = await open('durability-kill');
            try {
              const { page } = session;
              const file = historyFile(session);
              await voidFromPalette(page, 'INV-KILL-1', 'TRX-SLOW-30');
              await waitForNotification(page, 'TRX-SLOW-30', 15_000); // "Voiding TRX-SLOW-30 on Local sandbox…"
              const pending = await waitFor('a pending record of TRX-SLOW-30 in the history file', 15_000, () => {
                if (!fs.existsSync(file)) return undefined;
                return entriesFor(readHistoryStrictly(file).latest, 'TRX-SLOW-30').find((r) => r.kind === 'pending');
              });
              await screenshot(page, 'voiding');

              const pid = lastExtensionHostPid(session);
              if (pid === undefined || !isExtensionHostOf(pid, session)) throw new Error(`no extension host process of this code-server found (log: ${session.server.logFile})`);
              process.kill(pid, 'SIGKILL');
              await waitFor(`extension host ${pid} to die`, 10_000, () => (alive(pid) ? undefined : true));

              // Right after the kill: every line whole, the void still pending (its answer was 30 s away).
              const afterKill = readHistoryStrictly(file);
              const record = afterKill.latest.get(pending.id);
              if (record?.kind !== 'pending') throw new Error(`after the kill the void's record should be pending, it is ${JSON.stringify(record)}`);

              // The killed window's session lock is no longer refreshed: once it is stale (10 s) the reloaded window
              // shows the pending record as interrupted, whatever the timeout.
              // The web workbench does not restart a killed remote extension host (it gives up reconnecting, and has no
              // "Restart Extension Host"); a person reloads the window, which starts a new one.
              await page.reload();
              await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
              await waitFor('a new extension host', 30_000, () => {
                const next = lastExtensionHostPid(session);
                return next !== undefined && next !== pid && isExtensionHostOf(next, session) ? next : undefined;
              });
              const row = await waitForHistoryRow(page, (r) => r.startsWith('TRX-SLOW-30,') && r.includes('interrupted, outcome unknown'), 'TRX-SLOW-30 as "interrupted, outcome unknown"', 30_000);
              if (!row.includes('INV-KILL-1')) throw new Error(`unexpected row: ${row}`);
              await screenshot(page, 'interrupted');

              // The history keeps working: a new void appends, and the file still reads line by line.
              const code = `TRX-OK-K${randomCode()}`;
              await voidFromPalette(page, 'INV-KILL-2', code);
              await waitForNotification(page, new RegExp(`${code}.*Voided`), 30_000);
              const final = readHistoryStrictly(file);
              if (final.latest.get(pending.id)?.kind !== 'pending') throw new Error(`the interrupted void's record changed: ${JSON.stringify(final.latest.get(pending.id))}`);
              if (entriesFor(final.latest, code)[0]?.kind !== 'success') throw new Error(`no successful record of ${code} after the restart`);
            } finally {
              await close(session);
            }
          },
        },
      ],
    },
    options,
  );
}
