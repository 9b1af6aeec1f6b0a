// "Interrupted" from evidence: the window that sent a pending request is gone, not merely slow.
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isInterrupted, SESSION_STALE_MS, UNKNOWN_SESSION_MAX_AGE_MS, WindowSessions } from '../../../src/core/history/sessions';
import { checkSummary } from '../../../src/core/history/schema';

const WORKER = join(__dirname, '..', '..', 'support', 'historyWorker.ts');
const HOUR = 3_600_000;

describe('interrupted requests', () => {
  const now = Date.UTC(2026, 10, 25, 12);
  const pending = (ageMs: number, session?: string) => ({ id: 'p', kind: 'pending', time: new Date(now - ageMs).toISOString(), ...(session ? { session } : {}) });
  const none = new Set<string>();

  it('a request another live window has been sending for an hour is not interrupted', () => {
    // The old rule (2 × timeout + 5 s) called this one interrupted although its window was still waiting for it.
    assert.equal(isInterrupted(pending(HOUR, 'a'), none, () => 'alive', now), false);
  });

  it('a request whose window is gone is interrupted at once, whatever its age', () => {
    assert.equal(isInterrupted(pending(1000, 'a'), none, () => 'gone', now), true);
  });

  it('undecided while the window is not checked yet, and never for this window\'s own requests', () => {
    assert.equal(isInterrupted(pending(HOUR, 'a'), none, () => undefined, now), false);
    assert.equal(isInterrupted(pending(2 * UNKNOWN_SESSION_MAX_AGE_MS, 'a'), new Set(['p']), () => 'gone', now), false);
    assert.equal(isInterrupted({ ...pending(HOUR, 'a'), kind: 'success' }, none, () => 'gone', now), false);
  });

  it('a record without a session counts as interrupted only past an age no request reaches', () => {
    assert.equal(isInterrupted(pending(HOUR), none, () => 'gone', now), false);
    assert.equal(isInterrupted(pending(UNKNOWN_SESSION_MAX_AGE_MS + 1), none, () => 'alive', now), true);
  });

  it('a session read from the file must be a session id, never a path', () => {
    const base = { v: 1, id: 'x', time: '2026-11-25T00:00:00.000Z', environment: 'local', invoiceCode: 'I', transactionCode: 'T', kind: 'pending' };
    assert.equal(checkSummary({ ...base, session: '../../../etc' }), undefined);
    assert.ok(checkSummary({ ...base, session: '0f8fad5b-d9cb-469f-a165-70867728950e' }));
  });
});

describe('window sessions', () => {
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'prakerja-sessions-'))));
  after(async () => rm(dir, { recursive: true, force: true }));

  it('tells a window that is alive from one that died without cleaning up', async () => {
    const child = fork(WORKER, ['session', dir], { execArgv: ['--import', 'tsx'] });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const { session } = await new Promise<{ session: string }>((resolve) => child.once('message', resolve));
    const here = new WindowSessions(dir);
    assert.equal(await here.isAlive(session), true);
    assert.equal(await here.isAlive(here.id), true, 'this window');
    assert.equal(await here.isAlive('0f8fad5b-d9cb-469f-a165-70867728950e'), false, 'a session that never existed');
    // SIGKILL: no exit handler runs, the lock stays behind and is simply no longer refreshed.
    child.kill('SIGKILL');
    await exited;
    const lock = join(dir, `${session}.lock`);
    const past = new Date(Date.now() - 2 * SESSION_STALE_MS);
    await utimes(lock, past, past); // as it is once the stale time has passed with nobody refreshing it
    assert.equal(await here.isAlive(session), false);
    await here.dispose();
  });

  it('reports verdicts as they become known', async () => {
    let changed!: () => void;
    const known = new Promise<void>((resolve) => (changed = resolve));
    const sessions = new WindowSessions(dir, () => changed());
    const gone = '6ba7b810-9dad-41d1-80b4-00c04fd430c8';
    assert.equal(sessions.verdict(gone), undefined, 'not known before a check');
    await known;
    assert.equal(sessions.verdict(gone), 'gone');
    await sessions.dispose();
  });
});
