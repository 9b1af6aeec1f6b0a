// Files every window writes (the request history, the Sandbox Requests list): one cross-process write lock per file
// (proper-lockfile), so a compaction that re-reads the file under it never drops another window's lines.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { lock, lockSync, type LockOptions } from 'proper-lockfile';

/** A dead process's lock is taken over after this long; the holder refreshes it every stale/2. */
const STALE_MS = 10_000;
/** Retries (about 20 s in all) outlast STALE_MS, so a lock left by a crashed window is taken over, not failed on. */
const RETRIES = { retries: 220, factor: 1.5, minTimeout: 1, maxTimeout: 100 };
/** A compaction that failed is tried again after this long (each try reads the whole file under the lock). */
export const COMPACT_RETRY_MS = 10 * 60_000;

export class FileLock {
  constructor(readonly file: string) {}

  private options(): LockOptions {
    // A lock compromised (its directory removed or not refreshed in time) must not throw from a timer inside the
    // extension host: the write it protected has finished or failed by then.
    return { stale: STALE_MS, realpath: false, lockfilePath: `${this.file}.lock`, onCompromised: () => undefined };
  }

  /** Takes the lock at once if it is free (a few syscalls, the folder made if missing); undefined when it is held. */
  trySync(): (() => void) | undefined {
    try {
      return lockSync(this.file, this.options());
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ELOCKED') return undefined;
      if (code !== 'ENOENT') throw error;
      mkdirSync(dirname(this.file), { recursive: true });
      return this.trySync();
    }
  }

  /** Runs `work` holding the lock, waiting for another writer (or for a dead one's lock to go stale). */
  async locked<T>(work: () => T | Promise<T>): Promise<T> {
    const release = this.trySync() ?? (await lock(this.file, { ...this.options(), retries: RETRIES }));
    try {
      return await work();
    } finally {
      await release();
    }
  }
}
