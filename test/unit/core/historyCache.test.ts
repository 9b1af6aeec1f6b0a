import assert from 'node:assert/strict';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HistoryCache, type HistorySource, type PageReader } from '../../../src/core/history/historyCache';
import { HistoryFile, type HistoryPage } from '../../../src/core/history/historyFile';
import type { HistoryRecord } from '../../../src/core/history/schema';
import { workerEntry } from '../../support/historyWorker';

const retention = { maxEntries: 0, maxDays: 0 };
const at = (minute: number) => new Date(Date.UTC(2026, 10, 25, 0, minute)).toISOString();
const record = (id: string, minute: number) => workerEntry(id, at(minute)) as HistoryRecord;

/** A reader whose single page the test hands over when it wants to. */
function heldReader(): { reader: PageReader; answer(entries: HistoryRecord[]): void } {
  let answer!: (page: HistoryPage) => void;
  const page = new Promise<HistoryPage>((resolve) => (answer = resolve));
  return {
    reader: { size: 0, complete: false, compactionDue: false, estimatedLines: 0, next: () => page, supersede: () => undefined },
    answer: (entries) => answer({ entries, skipped: 0, complete: true }),
  };
}

describe('history cache', () => {
  it('a reload during a load in flight shows the newest state, and the older load applies nothing', async () => {
    const readers = [heldReader(), heldReader()];
    let made = 0;
    const source: HistorySource = { reader: async () => readers[made++]!.reader, compact: async () => undefined };
    const cache = new HistoryCache(source, () => retention, 200);
    const older = cache.first();
    await new Promise((resolve) => setImmediate(resolve)); // the first reader is made and its page requested
    cache.reload();
    const newer = cache.first();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(made, 2, 'the reload read the file again at once');
    readers[1]!.answer([record('new', 2), record('old', 1)]);
    assert.deepEqual((await newer).entries.map((e) => e.id), ['new', 'old']);
    // The stale load answers last: what it read is not applied, and its caller gets the newest state too.
    readers[0]!.answer([record('old', 1)]);
    assert.deepEqual((await older).entries.map((e) => e.id), ['new', 'old']);
    assert.deepEqual(cache.current?.entries.map((e) => e.id), ['new', 'old']);
  });

  it('keeps a write made while the first page loads', async () => {
    const held = heldReader();
    const cache = new HistoryCache({ reader: async () => held.reader, compact: async () => undefined }, () => retention, 200);
    const loading = cache.first();
    cache.put(record('written', 3), 100);
    cache.remove('deleted', 30);
    held.answer([record('deleted', 2), record('read', 1)]);
    assert.deepEqual((await loading).entries.map((e) => e.id), ['written', 'read']);
  });

  describe('over a real file', () => {
    let dir: string;
    before(async () => (dir = await mkdtemp(join(tmpdir(), 'prakerja-history-cache-'))));
    after(async () => rm(dir, { recursive: true, force: true }));

    it('reads the newest page first and older pages on demand, each id once, deleted ones never', async () => {
      const path = join(dir, 'paged.jsonl');
      let text = '';
      for (let i = 0; i < 1000; i++) text += `${JSON.stringify(workerEntry(`e${i}`, at(i)))}\n`;
      // The newest record of an id decides, wherever it is: e5 replaced late, e7 deleted late.
      text += `${JSON.stringify({ ...workerEntry('e5', at(5)), kind: 'apiError' })}\n${JSON.stringify({ id: 'e7', deleted: true })}\n`;
      await appendFile(path, text);
      const cache = new HistoryCache(new HistoryFile(path), () => retention, 300);
      const first = await cache.first();
      assert.equal(first.complete, false);
      assert.deepEqual(first.entries.slice(0, 3).map((e) => e.id), ['e999', 'e998', 'e997']);
      assert.equal(first.entries.length, 300);
      assert.ok(first.entries.some((e) => e.id === 'e5' && e.kind === 'apiError'), 'a replaced record is read with its newest line');
      let view = first;
      for (let pages = 1; !view.complete; pages++) {
        assert.ok(pages < 10);
        view = await cache.more();
      }
      const ids = view.entries.map((e) => e.id);
      assert.equal(ids.length, 999);
      assert.equal(new Set(ids).size, 999, 'each id once');
      assert.equal(ids.includes('e7'), false);
      assert.equal(view.entries.find((e) => e.id === 'e5')?.kind, 'apiError');
      assert.deepEqual(ids.slice(-2), ['e1', 'e0'], 'newest first throughout');
    });

    it('starts over when another window compacted the file under an older page', async () => {
      const path = join(dir, 'replaced.jsonl');
      const file = new HistoryFile(path);
      for (let i = 0; i < 150; i++) await file.append(workerEntry(`r${i}`, at(i)));
      for (let i = 0; i < 100; i++) await file.remove(`r${i}`);
      const cache = new HistoryCache(file, () => retention, 20);
      assert.equal((await cache.first()).complete, false);
      assert.notEqual(await new HistoryFile(path).compact(retention), undefined, 'another window compacted');
      const view = await cache.more();
      assert.deepEqual(view.entries.map((e) => e.id), Array.from({ length: 40 }, (_, i) => `r${149 - i}`));
    });
  });
});
