// Windows are processes: these tests write one history file from real child processes at the same time.
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HistoryFile } from '../../../src/core/history/historyFile';
import { workerEntry } from '../../support/historyWorker';

const WORKER = join(__dirname, '..', '..', 'support', 'historyWorker.ts');
const retention = { maxEntries: 0, maxDays: 0 };

interface Worker {
  child: ChildProcess;
  /** Resolves with the first message matching `key`. */
  message(key: string): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

function start(...args: string[]): Worker {
  const child = fork(WORKER, args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const messages: Array<Record<string, unknown>> = [];
  const waiting: Array<{ key: string; resolve(m: Record<string, unknown>): void }> = [];
  child.on('message', (m: Record<string, unknown>) => {
    messages.push(m);
    for (const w of waiting.filter((w) => w.key in m)) {
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve(m);
    }
  });
  return {
    child,
    message: (key) => {
      const seen = messages.find((m) => key in m);
      return seen ? Promise.resolve(seen) : new Promise((resolve) => waiting.push({ key, resolve }));
    },
    exited: new Promise((resolve) => child.once('exit', resolve)),
  };
}

describe('history file shared by processes', () => {
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'prakerja-history-procs-'))));
  after(async () => rm(dir, { recursive: true, force: true }));

  it('two processes appending at the same time lose nothing and tear no line', async () => {
    const path = join(dir, 'two.jsonl');
    const writers = [start('writer', path, 'a', '300'), start('writer', path, 'b', '300')];
    await Promise.all(writers.map((w) => w.message('ready')));
    for (const w of writers) w.child.send('go');
    assert.deepEqual(await Promise.all(writers.map((w) => w.exited)), [0, 0]);
    const { entries, skipped } = await new HistoryFile(path).load(retention);
    assert.equal(skipped, 0);
    assert.equal(entries.length, 600);
  });

  it('two processes appending 1,000 entries while a third compacts lose none of them', async () => {
    const path = join(dir, 'compacting.jsonl');
    // Mostly dead from the start, so the compactor rewrites the file at once and again while the writers run.
    for (let i = 0; i < 100; i++) appendFileSync(path, `${JSON.stringify(workerEntry(`old-${i}`, '2026-11-24T00:00:00.000Z'))}\n${JSON.stringify({ id: `old-${i}`, deleted: true })}\n`);
    const compactor = start('compactor', path);
    await compactor.message('ready');
    const writers = [start('writer', path, 'a', '500'), start('writer', path, 'b', '500')];
    await Promise.all(writers.map((w) => w.message('ready')));
    let rewritesWhileWriting = 0;
    let writing = true;
    compactor.child.on('message', (m: { rewrite?: number }) => {
      if (m.rewrite && writing) rewritesWhileWriting++;
    });
    for (const w of writers) w.child.send('go');
    assert.deepEqual(await Promise.all(writers.map((w) => w.exited)), [0, 0]);
    writing = false;
    compactor.child.send('stop');
    assert.equal(await compactor.exited, 0);
    // The test means something only if rewrites overlapped the appends.
    assert.ok(rewritesWhileWriting > 0, 'the file was compacted while the writers appended');

    const { entries, skipped } = await new HistoryFile(path).load(retention);
    assert.equal(skipped, 0);
    const ids = new Set(entries.map((e) => e.id));
    const missing = ['a', 'b'].flatMap((name) => Array.from({ length: 500 }, (_, i) => `${name}-${i}`)).filter((id) => !ids.has(id));
    assert.deepEqual(missing, [], `${missing.length} appended entries lost`);
    assert.equal(entries.length, 1000, 'no dead entry came back');
    assert.ok((await readFile(path, 'utf8')).endsWith('\n'));
  });
});
