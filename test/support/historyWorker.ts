// A separate process writing or compacting a history file, for the tests that need real concurrency (another
// window is another process). Uses only append, remove and load, so it runs against any version of HistoryFile.
//   writer <path> <name> <count>: waits for "go", then appends <count> live entries, each followed by a dead pair
//     (a record and its tombstone) so the file stays mostly dead and compaction stays due.
//   session <dir>: see session() below.
//   compactor <path>: loads (which compacts when due) until told "stop"; reports each rewrite it made.
import { statSync } from 'node:fs';
import { check } from 'proper-lockfile';
import { HistoryFile } from '../../src/core/history/historyFile';
import type { HistoryEntry } from '../../src/core/history/schema';
import { WindowSessions } from '../../src/core/history/sessions';

const [role, path, name, countText] = process.argv.slice(2) as [string, string, string?, string?];
const send = (message: unknown) => process.send?.(message);

export function workerEntry(id: string, time: string): HistoryEntry {
  return {
    v: 1,
    id,
    time,
    environment: 'local',
    invoiceCode: 'INV-W',
    transactionCode: 'TRX-W',
    kind: 'success',
    request: { environment: 'local', method: 'POST', url: 'http://127.0.0.1:1/void', endpoint: '/void', headers: {}, body: '{}', timestamp: '1', signature: 's', rawSignature: 'r', keyFingerprint: 'f' },
  };
}

async function writer(): Promise<void> {
  const file = new HistoryFile(path);
  const count = Number(countText);
  const go = new Promise<void>((resolve) => process.once('message', () => resolve()));
  send({ ready: true });
  await go;
  // Whether another process holds the history's write lock now: then the appends below wait for it.
  send({ appending: true, locked: await check(path, { realpath: false, lockfilePath: `${path}.lock` }) });
  for (let i = 0; i < count; i++) {
    const time = new Date(Date.UTC(2026, 10, 25) + i * 1000).toISOString();
    await file.append(workerEntry(`${name}-${i}`, time));
    await file.append(workerEntry(`${name}-dead-${i}`, time));
    await file.remove(`${name}-dead-${i}`);
  }
  send({ done: count });
}

async function compactor(): Promise<void> {
  const file = new HistoryFile(path);
  let stop = false;
  process.once('message', () => (stop = true));
  let rewrites = 0;
  const ino = () => {
    try {
      return statSync(path).ino;
    } catch {
      return 0;
    }
  };
  send({ ready: true });
  while (!stop) {
    const before = ino();
    await file.load({ maxEntries: 0, maxDays: 0 });
    // A compaction replaces the file: another inode.
    if (ino() !== before) send({ rewrite: ++rewrites });
    await new Promise((resolve) => setImmediate(resolve));
  }
  send({ done: rewrites });
}

/** session <dir>: marks a window session alive, reports its id, and stays until killed. */
async function session(): Promise<void> {
  const sessions = new WindowSessions(path);
  await sessions.claim();
  send({ session: sessions.id });
  setInterval(() => undefined, 60_000);
}

if (role === 'session') void session();
else if (role === 'writer') void writer().then(() => process.exit(0));
else if (role === 'compactor') void compactor().then(() => process.exit(0));
