// Which windows are alive, for telling a request still being sent by another window from one whose window died
// mid-request. Each window (extension host) holds a lock of its own in the history's folder while it sends;
// proper-lockfile refreshes it every few seconds, and it goes stale when the process dies (or is removed on a
// clean exit). A pending record names the session that wrote it.
import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { check, lock } from 'proper-lockfile';
import { SESSION_ID } from './schema';

/** A session's lock not refreshed for this long belongs to a window that is gone. */
export const SESSION_STALE_MS = 10_000;

export type SessionVerdict = 'alive' | 'gone';

export class WindowSessions {
  readonly id = randomUUID();
  private held: Promise<() => Promise<void>> | undefined;
  private disposed = false;
  /** What is known of other sessions (checked on demand, re-checked while they look alive). */
  private readonly verdicts = new Map<string, SessionVerdict>();
  private readonly checking = new Set<string>();
  private recheck: NodeJS.Timeout | undefined;

  /** `changed` is called when a verdict becomes known or changes. */
  constructor(
    private readonly dir: string,
    private readonly changed: () => void = () => undefined,
    private readonly staleMs = SESSION_STALE_MS,
  ) {}

  private lockPath(session: string): string {
    return join(this.dir, `${session}.lock`);
  }

  private options(session: string) {
    return { realpath: false, stale: this.staleMs, lockfilePath: this.lockPath(session) };
  }

  /** Marks this window alive; awaited before its first pending record is written. */
  async claim(): Promise<void> {
    if (this.disposed) throw new Error('disposed');
    this.held ??= mkdir(this.dir, { recursive: true }).then(() =>
      lock(join(this.dir, this.id), {
        ...this.options(this.id),
        // Refreshing failed (the event loop was blocked past the stale time, or the folder was removed): claim
        // again rather than throw from a timer.
        onCompromised: () => {
          this.held = undefined;
          void this.claim().catch(() => undefined);
        },
      }),
    );
    const held = this.held;
    await held.catch((error: unknown) => {
      if (this.held === held) this.held = undefined;
      throw error;
    });
  }

  /** Whether the window of `session` is alive: for this window's own at once, for others once checked. */
  verdict(session: string): SessionVerdict | undefined {
    if (session === this.id) return 'alive';
    const known = this.verdicts.get(session);
    if (known === undefined) this.check(session);
    return known;
  }

  /** Checks one session now. */
  async isAlive(session: string): Promise<boolean> {
    if (session === this.id) return true;
    // Read from a file: never let it name a path of its own.
    if (!SESSION_ID.test(session)) return false;
    return check(join(this.dir, session), this.options(session)).catch(() => false);
  }

  private check(session: string): void {
    if (this.checking.has(session) || this.disposed) return;
    this.checking.add(session);
    void this.isAlive(session).then((alive) => {
      this.checking.delete(session);
      if (this.disposed) return;
      const verdict: SessionVerdict = alive ? 'alive' : 'gone';
      const before = this.verdicts.get(session);
      this.verdicts.set(session, verdict);
      // A gone window's lock is of no more use.
      if (!alive && SESSION_ID.test(session)) void rm(this.lockPath(session), { recursive: true, force: true }).catch(() => undefined);
      else this.scheduleRecheck();
      if (before !== verdict) this.changed();
    });
  }

  /** A window seen alive may die later: look again once its lock could have gone stale. */
  private scheduleRecheck(): void {
    if (this.recheck) return;
    this.recheck = setTimeout(() => {
      this.recheck = undefined;
      for (const [session, verdict] of this.verdicts) if (verdict === 'alive') this.check(session);
    }, this.staleMs);
    this.recheck.unref();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    clearTimeout(this.recheck);
    const release = await this.held?.catch(() => undefined);
    await release?.().catch(() => undefined);
  }
}

/** Records older than this without a session (written before sessions existed) count as interrupted. */
export const UNKNOWN_SESSION_MAX_AGE_MS = 24 * 3_600_000;

/**
 * A pending record was interrupted when the window that sent it is gone: the extension host died or was closed
 * mid-request. Evidence, not a guess from the timeout: a slow answer may take far longer than any per-phase timeout.
 * Without a session (older records), only an age no request reaches counts.
 */
export function isInterrupted(
  entry: { kind: string; id: string; time: string; session?: string | undefined },
  inFlight: ReadonlySet<string>,
  verdict: (session: string) => SessionVerdict | undefined,
  now = Date.now(),
): boolean {
  if (entry.kind !== 'pending' || inFlight.has(entry.id)) return false;
  if (entry.session !== undefined) return verdict(entry.session) === 'gone';
  return now - Date.parse(entry.time) > UNKNOWN_SESSION_MAX_AGE_MS;
}
