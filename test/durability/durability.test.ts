// Durability of the request history where only a real workbench can reach: two windows voiding at the same moment
// (two tabs on one code-server: two extension hosts appending to one globalStorage history file), and an extension
// host killed in the middle of a void. Each test has its own code-server, so it cannot disturb the others.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openSession, type Session } from '../harness/session';
import { EXTENSION_ID } from '../packaged/vsix';
import { runCommand, waitForNotification } from '../harness/workbench';
import { voidViaPalette } from '../ui/prakerja';

const randomCode = () => randomBytes(4).toString('hex').toUpperCase();
const historyFile = (session: Session) => path.join(session.userDataDir, 'User', 'globalStorage', EXTENSION_ID, 'history.jsonl');

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
function readHistoryStrictly(file: string): { lines: HistoryLine[]; latest: Map<string, HistoryLine> } {
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

const entriesFor = (latest: Map<string, HistoryLine>, transactionCode: string) => [...latest.values()].filter((r) => r.transactionCode === transactionCode);

/**
 * Shows the Request History view and waits for a row that matches, pressing the view's Refresh between looks as a
 * person would (another window's voids reach this one's view only on a refresh).
 */
async function waitForHistoryRow(page: Page, matches: (row: string) => boolean, what: string, timeout = 20_000): Promise<string> {
  await runCommand(page, 'View: Show Prakerja');
  const rows = page.locator('[id="workbench.view.extension.prakerja"] .monaco-list-row');
  let found: string | undefined;
  await expect(async () => {
    const labels = await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('aria-label') ?? r.textContent ?? ''));
    found = labels.find(matches);
    if (!found) {
      await runCommand(page, 'Prakerja: Refresh');
      throw new Error(`the Request History view shows no ${what}; its rows: ${JSON.stringify(labels)}`);
    }
  }).toPass({ timeout });
  return found!;
}

/** The pid of the extension host code-server launched last (its log says `<pid> Launched Extension Host Process.`). */
function lastExtensionHostPid(session: Session): number | undefined {
  const log = fs.readFileSync(session.server.logFile, 'utf8');
  return [...log.matchAll(/<(\d+)> Launched Extension Host Process\./g)].map((m) => Number(m[1])).at(-1);
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

test.describe('Durability', () => {
  let session: Session | undefined;
  test.afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  test('two windows voiding at the same moment both end up in the history file and in both views', async ({ browser }) => {
    session = await openSession(browser, { name: 'durability-two-windows' });
    const first = session.page;
    // A second tab on the same URL: a second window, with its own extension host, sharing the user data.
    const second = await first.context().newPage();
    await second.goto(session.url);
    await expect(second.locator('.monaco-workbench')).toBeVisible({ timeout: 60_000 });
    const codes = [`TRX-OK-A${randomCode()}`, `TRX-OK-B${randomCode()}`] as const;
    const pages = [first, second] as const;
    // Both voids typed up to the last Enter, then both Enters at once.
    for (const [i, page] of pages.entries()) {
      await page.bringToFront();
      await voidViaPalette(page, { invoiceCode: `INV-TWO-${i + 1}`, transactionCode: codes[i]! }, { submit: false });
    }
    await Promise.all(pages.map((page) => page.keyboard.press('Enter')));
    await Promise.all(pages.map((page, i) => waitForNotification(page, new RegExp(`${codes[i]}.*Voided`), 30_000)));

    const { lines, latest } = readHistoryStrictly(historyFile(session));
    for (const code of codes) {
      expect(entriesFor(latest, code).map((e) => e.kind), `the history file (${lines.length} lines) holds one successful void of ${code}`).toEqual(['success']);
    }
    expect(latest.size, 'entries in the history file').toBe(2);
    for (const [i, page] of pages.entries()) {
      await page.bringToFront();
      for (const code of codes) await waitForHistoryRow(page, (row) => row.startsWith(`${code},`) && row.includes('success'), `successful ${code} (window ${i + 1})`);
      await page.screenshot({ path: test.info().outputPath(`window-${i + 1}.png`) });
    }
  });

  test('killing the extension host mid-void leaves a readable history with the void pending, shown as interrupted after a reload', async ({ browser }) => {
    session = await openSession(browser, { name: 'durability-kill' });
    const { page } = session;
    const file = historyFile(session);
    await voidViaPalette(page, { invoiceCode: 'INV-KILL-1', transactionCode: 'TRX-SLOW-30' });
    await waitForNotification(page, 'TRX-SLOW-30'); // "Voiding TRX-SLOW-30 on Local sandbox…"
    let pending: HistoryLine | undefined;
    await expect
      .poll(() => (pending = fs.existsSync(file) ? entriesFor(readHistoryStrictly(file).latest, 'TRX-SLOW-30').find((r) => r.kind === 'pending') : undefined), {
        message: 'a pending record of TRX-SLOW-30 in the history file',
      })
      .toBeDefined();
    await page.screenshot({ path: test.info().outputPath('voiding.png') });

    const pid = lastExtensionHostPid(session);
    expect(pid !== undefined && isExtensionHostOf(pid, session), `an extension host process of this code-server (log: ${session.server.logFile})`).toBe(true);
    process.kill(pid!, 'SIGKILL');
    await expect.poll(() => alive(pid!), { message: `extension host ${pid} dies` }).toBe(false);

    // Right after the kill: every line whole, the void still pending (its answer was 30 s away).
    expect(readHistoryStrictly(file).latest.get(pending!.id)?.kind, "the void's record after the kill").toBe('pending');

    // The killed window's session lock is no longer refreshed: once it is stale (10 s) the reloaded window shows the
    // pending record as interrupted, whatever the timeout.
    // The web workbench does not restart a killed remote extension host (it gives up reconnecting, and has no
    // "Restart Extension Host"); a person reloads the window, which starts a new one.
    await page.reload();
    await expect(page.locator('.monaco-workbench')).toBeVisible({ timeout: 60_000 });
    await expect
      .poll(() => {
        const next = lastExtensionHostPid(session!);
        return next !== undefined && next !== pid && isExtensionHostOf(next, session!);
      }, { message: 'a new extension host', timeout: 30_000 })
      .toBe(true);
    const row = await waitForHistoryRow(page, (r) => r.startsWith('TRX-SLOW-30,') && r.includes('interrupted, outcome unknown'), 'TRX-SLOW-30 as "interrupted, outcome unknown"', 30_000);
    expect(row).toContain('INV-KILL-1');
    await page.screenshot({ path: test.info().outputPath('interrupted.png') });

    // The history keeps working: a new void appends, and the file still reads line by line.
    const code = `TRX-OK-K${randomCode()}`;
    await voidViaPalette(page, { invoiceCode: 'INV-KILL-2', transactionCode: code });
    await waitForNotification(page, new RegExp(`${code}.*Voided`), 30_000);
    const final = readHistoryStrictly(file);
    expect(final.latest.get(pending!.id)?.kind, "the interrupted void's record").toBe('pending');
    expect(entriesFor(final.latest, code)[0]?.kind, `the record of ${code} after the restart`).toBe('success');
  });
});
