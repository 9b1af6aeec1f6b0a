import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HistoryFile, parseHistory } from '../../../src/core/history/historyFile';
import { entryFromOutcome, pendingEntry } from '../../../src/core/history/records';
import { HISTORY_BODY_LIMIT, type HistoryEntry } from '../../../src/core/history/schema';
import { groupByDay } from '../../../src/core/history/groups';
import { buildVoidRequest } from '../../../src/core/signing/request';
import type { Outcome } from '../../../src/core/http/client';

const KEY = 'history-test-sign-key';
const codes = { invoiceCode: 'INV-1', transactionCode: 'TRX-1' };
const request = buildVoidRequest({ id: 'local', baseUrl: 'http://127.0.0.1:1' }, { clientCode: 'cc', signKey: KEY }, codes, Date.UTC(2026, 10, 25));
const response = { status: 400, headers: { 'content-type': 'application/json' }, bodyText: '{"code":"ERRVOD40009","message":"m","success":false}', bodyBytes: 50, truncated: false };

function entry(id: string, time: string, overrides: Partial<HistoryEntry> = {}): HistoryEntry {
  return { ...pendingEntry(id, request, time), kind: 'success', ...overrides };
}

describe('history file', () => {
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'prakerja-history-'))));
  after(async () => rm(dir, { recursive: true, force: true }));
  const retention = { maxEntries: 0, maxDays: 0 };

  it('loads nothing from a file that does not exist yet', async () => {
    assert.deepEqual(await new HistoryFile(join(dir, 'none', 'history.jsonl')).load(retention), { entries: [], skipped: 0, bytes: 0 });
  });

  it('appends one line per record and lets the latest record of an id win', async () => {
    const file = new HistoryFile(join(dir, 'a.jsonl'));
    await file.append(pendingEntry('1', request, '2026-11-25T01:00:00.000Z'));
    await file.append(entry('2', '2026-11-25T02:00:00.000Z'));
    await file.append({ ...entry('1', '2026-11-25T01:00:00.000Z'), kind: 'apiError', code: 'ERRVOD40009' });
    const text = await readFile(file.path, 'utf8');
    assert.equal(text.split('\n').filter(Boolean).length, 3);
    const { entries, skipped } = await file.load(retention);
    assert.equal(skipped, 0);
    assert.deepEqual(entries.map((e) => [e.id, e.kind]), [['2', 'success'], ['1', 'apiError']]);
  });

  it('deletes with a tombstone and clears', async () => {
    const file = new HistoryFile(join(dir, 'b.jsonl'));
    await file.append(entry('1', '2026-11-25T01:00:00.000Z'));
    await file.append(entry('2', '2026-11-25T02:00:00.000Z'));
    await file.remove('1');
    assert.deepEqual((await file.load(retention)).entries.map((e) => e.id), ['2']);
    await file.clear();
    assert.deepEqual((await file.load(retention)).entries, []);
  });

  it('skips a garbage line and a half-written last line, keeping the rest', async () => {
    const path = join(dir, 'c.jsonl');
    const good = [entry('1', '2026-11-25T01:00:00.000Z'), entry('2', '2026-11-25T02:00:00.000Z')].map((e) => JSON.stringify(e));
    await writeFile(path, `${good[0]}\nnot json at all\n{"v":1,"id":"x"}\n${good[1]}\n${good[1]!.slice(0, 40)}`);
    const { entries, skipped } = await new HistoryFile(path).load(retention);
    assert.deepEqual(entries.map((e) => e.id), ['2', '1']);
    assert.equal(skipped, 3);
  });

  it('keeps entries within the retention limits', async () => {
    const now = Date.UTC(2026, 10, 25, 12);
    const file = new HistoryFile(join(dir, 'd.jsonl'), { now: () => now });
    // Written oldest first, as requests are: the newest written are kept.
    for (let day = 9; day >= 0; day--) await file.append(entry(`d${day}`, new Date(now - day * 86_400_000 - 1000).toISOString()));
    assert.equal((await file.load({ maxEntries: 0, maxDays: 3 })).entries.length, 3);
    assert.deepEqual((await file.load({ maxEntries: 2, maxDays: 0 })).entries.map((e) => e.id), ['d0', 'd1']);
  });

  it('compacts a file that is mostly dead, keeping what is live', async () => {
    const file = new HistoryFile(join(dir, 'e.jsonl'));
    for (let i = 0; i < 100; i++) await file.append(entry(`e${i}`, new Date(Date.UTC(2026, 10, 25, 0, i)).toISOString()));
    for (let i = 0; i < 90; i++) await file.remove(`e${i}`);
    const first = await file.load(retention);
    assert.equal(first.entries.length, 10);
    const lines = (await readFile(file.path, 'utf8')).split('\n').filter(Boolean).length;
    assert.equal(lines, 10);
    assert.deepEqual((await file.load(retention)).entries.map((e) => e.id), first.entries.map((e) => e.id));
  });

  it('keeps every entry read when the compaction cannot replace the file, and reports it once', async () => {
    const path = join(dir, 'f.jsonl');
    const errors: unknown[] = [];
    const busy = async () => {
      throw Object.assign(new Error('EBUSY: resource busy or locked, rename'), { code: 'EBUSY' });
    };
    let now = Date.UTC(2026, 10, 25, 12);
    let renames = 0;
    const file = new HistoryFile(path, { now: () => now, rename: (from, to) => (renames++, busy()), onCompactionError: (error) => errors.push(error) });
    for (let i = 0; i < 100; i++) await file.append(entry(`f${i}`, new Date(Date.UTC(2026, 10, 25, 0, i)).toISOString()));
    for (let i = 0; i < 90; i++) await file.remove(`f${i}`);
    const before = await readFile(path, 'utf8');
    for (const minutesLater of [0, 1, 11]) {
      now += minutesLater * 60_000;
      const { entries } = await file.load(retention);
      assert.deepEqual(entries.map((e) => e.id), Array.from({ length: 10 }, (_, i) => `f${99 - i}`));
    }
    assert.equal(renames, 2, 'tried again ten minutes later, not on every load');
    assert.equal(await readFile(path, 'utf8'), before, 'the file is left as it was');
    assert.equal(errors.length, 1, 'reported once');
    assert.equal((errors[0] as NodeJS.ErrnoException).code, 'EBUSY');
    assert.deepEqual((await readdir(dir)).filter((name) => name.startsWith('f.jsonl.') && name.endsWith('.tmp')), [], 'no temporary file left');
  });

  it('keeps a line another process appends between the compaction\'s read and its rename', async () => {
    const path = join(dir, 'g.jsonl');
    let appended: Promise<number | null> | undefined;
    // The rename is the last step of the compaction: by then it has read the file and written the new one.
    const renameAfterAnotherAppend = async (from: string, to: string) => {
      const child = fork(join(__dirname, '..', '..', 'support', 'historyWorker.ts'), ['writer', path, 'late', '1'], { execArgv: ['--import', 'tsx'] });
      appended = new Promise((resolve) => child.once('exit', resolve));
      const messages: Array<{ ready?: true; appending?: true; locked?: boolean; done?: number }> = [];
      const next = (key: 'ready' | 'appending' | 'done') =>
        new Promise<(typeof messages)[number]>((resolve) => {
          const found = messages.find((m) => key in m);
          if (found) return resolve(found);
          const listener = (m: (typeof messages)[number]) => key in m && (child.off('message', listener), resolve(m));
          child.on('message', listener);
        });
      child.on('message', (m: (typeof messages)[number]) => messages.push(m));
      await next('ready');
      child.send('go');
      // Either the other process finds the file locked (and appends after the rename), or it appends now, into
      // the file this rename replaces.
      if (!(await next('appending')).locked) await next('done');
      await rename(from, to);
    };
    const file = new HistoryFile(path, { rename: renameAfterAnotherAppend });
    for (let i = 0; i < 80; i++) await file.append(entry(`g${i}`, '2026-11-25T00:00:00.000Z'));
    for (let i = 0; i < 80; i++) await file.remove(`g${i}`);
    assert.notEqual(await file.compact(retention), undefined, 'it compacted');
    assert.equal(await appended, 0);
    const { entries, skipped } = await new HistoryFile(path).load(retention);
    assert.equal(skipped, 0);
    assert.deepEqual(entries.map((e) => e.id), ['late-0']);
  });
});

describe('history entries', () => {
  it('records an outcome without the key and caps the body', () => {
    const outcome: Outcome = { kind: 'apiError', request, response: { ...response, bodyText: 'x'.repeat(HISTORY_BODY_LIMIT + 10) }, latencyMs: 3, sentAt: '2026-11-25T00:00:00.000Z', code: 'ERRVOD40009', message: 'm' };
    const recorded = entryFromOutcome('id1', outcome);
    assert.equal(recorded.kind, 'apiError');
    assert.equal(recorded.code, 'ERRVOD40009');
    assert.equal(recorded.response?.bodyText.length, HISTORY_BODY_LIMIT);
    assert.equal(recorded.response?.truncated, true);
    assert.equal(JSON.stringify(recorded).includes(KEY), false);
  });

  it('keeps unknown properties of a request out of the record', () => {
    const sneaky = { ...request, signKey: KEY } as typeof request;
    const recorded = pendingEntry('p', sneaky, '2026-11-25T00:00:00.000Z');
    assert.equal(JSON.stringify(recorded).includes(KEY), false);
  });

  it('records network faults with their category and code', () => {
    const outcome: Outcome = { kind: 'networkError', request, latencyMs: 1, sentAt: '2026-11-25T00:00:00.000Z', category: 'refused', errorCode: 'ECONNREFUSED', detail: 'connect ECONNREFUSED' };
    const recorded = entryFromOutcome('n', outcome);
    assert.deepEqual([recorded.kind, recorded.fault, recorded.code], ['networkError', 'refused', 'ECONNREFUSED']);
    assert.equal(parseHistory(`${JSON.stringify(recorded)}\n`).entries.length, 1);
  });
});

describe('history grouping and filters', () => {
  // Days are the user's local days; fix the zone (WIB, where the users are) so the test means the same everywhere.
  process.env.TZ = 'Asia/Jakarta';
  const at = (id: string, time: string, kind: HistoryEntry['kind'], environment = 'local') => ({ ...entry(id, time), kind, environment });
  const records = [
    at('a', '2026-11-25T10:00:00.000Z', 'success'),
    at('b', '2026-11-25T09:00:00.000Z', 'apiError', 'sandbox'),
    at('c', '2026-11-24T09:00:00.000Z', 'timeout'),
    at('d', '2026-11-23T09:00:00.000Z', 'pending', 'production'),
  ];
  it('groups newest-first entries by day', () => {
    assert.deepEqual(groupByDay(records, {}).map((g) => [g.key, g.entries.map((e) => e.id)]), [['2026-11-25', ['a', 'b']], ['2026-11-24', ['c']], ['2026-11-23', ['d']]]);
  });
  it('filters by any of several environments and outcome groups', () => {
    const ids = (filter: Parameters<typeof groupByDay>[1]) => groupByDay(records, filter).flatMap((g) => g.entries.map((e) => e.id));
    assert.deepEqual(ids({ environments: ['local', 'production'] }), ['a', 'c', 'd']);
    assert.deepEqual(ids({ outcomes: ['fault'] }), ['c', 'd']);
    assert.deepEqual(ids({ environments: ['local'], outcomes: ['success', 'fault'] }), ['a', 'c']);
    assert.deepEqual(ids({ environments: [], outcomes: [] }), ['a', 'b', 'c', 'd']);
  });
});
