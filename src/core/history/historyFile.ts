// Request history on disk: JSON Lines, one record appended per change (never a rewrite per request). A record
// with an id already seen replaces the earlier one (pending → outcome), a tombstone removes one. Unreadable lines
// are skipped and counted.
//
// Every write (append, clear, compaction) holds a cross-process lock (proper-lockfile), so a compaction, which
// re-reads the file under the lock before it replaces it, can never drop a line another window appended. Reads take
// no lock: they read from the newest end backwards, a page at a time, so the first page costs the same however
// long the file is.
import { appendFileSync } from 'node:fs';
import { mkdir, open, rename as renameFile, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { COMPACT_RETRY_MS, FileLock } from '../sharedFile';
import { checkSummary, tombstoneSchema, type HistoryEntry, type HistoryRecord } from './schema';

export interface Retention {
  /** Keep at most this many entries (0: no limit). */
  maxEntries: number;
  /** Keep entries at most this many days old (0: no limit). */
  maxDays: number;
}

export interface LoadResult {
  /** Newest first. */
  entries: HistoryRecord[];
  /** Size of the file as this load left it (after any compaction). */
  bytes: number;
  /** Lines that could not be read (corrupted, half-written or of an unknown shape). */
  skipped: number;
}

export interface HistoryPage {
  /** Records of this page, newest first; none of them was on an earlier page of the same reader. */
  entries: HistoryRecord[];
  skipped: number;
  /** Nothing older is left to read. */
  complete: boolean;
}

export interface HistoryFileOptions {
  now?: () => number;
  /** Called once per HistoryFile when a compaction fails (the entries read are kept; it is tried again later). */
  onCompactionError?: (error: unknown) => void;
  /** The rename that replaces the file when compacting (tests make it fail). */
  rename?: (from: string, to: string) => Promise<void>;
}

const DAY_MS = 86_400_000;
/** Bytes read per step when reading backwards. */
const CHUNK = 64 * 1024;

/** The file was replaced (compacted or cleared by another window) since a reader opened it: start again. */
export class HistoryReplacedError extends Error {
  constructor() {
    super('The history file was replaced while it was being read.');
  }
}

export class HistoryFile {
  private readonly now: () => number;
  private readonly rename: (from: string, to: string) => Promise<void>;
  /** Held by every write (append, clear, compaction). */
  private readonly lock: FileLock;
  private compactionErrorReported = false;
  /** After a failed compaction, not before this time: each try reads the whole file under the lock. */
  private compactAfter = 0;

  constructor(
    readonly path: string,
    private readonly options: HistoryFileOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.rename = options.rename ?? renameFile;
    this.lock = new FileLock(path);
  }

  /**
   * Appends one record: a single write of one line, under the lock, so no compaction can drop it. Returns the
   * bytes written.
   */
  append(entry: HistoryEntry): Promise<number> {
    return this.appendLine(JSON.stringify(entry));
  }

  remove(id: string): Promise<number> {
    return this.appendLine(JSON.stringify({ id, deleted: true }));
  }

  private async appendLine(json: string): Promise<number> {
    const line = `${json}\n`;
    // Synchronous on purpose: a line of a few KB is written in well under a millisecond, while an asynchronous
    // append waits in the thread pool behind whatever else the extension host is doing (5-15 ms on a window's
    // first request, measured), and a void's pending record must be on disk before its request leaves.
    const write = () => {
      appendFileSync(this.path, line, 'utf8');
      return Buffer.byteLength(line, 'utf8');
    };
    // Lock, write and unlock in one synchronous step when the lock is free: appends of this window never wait for
    // each other, and only wait when another process (or a compaction) holds it.
    const release = this.lock.trySync();
    if (!release) return this.lock.locked(write);
    try {
      return write();
    } finally {
      release();
    }
  }

  async clear(): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    await this.lock.locked(() => writeFile(this.path, '', 'utf8'));
  }

  /** A reader of the file as it is now, from its newest end backwards. */
  async reader(retention: Retention): Promise<HistoryReader> {
    const info = await stat(this.path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    return new HistoryReader(this.path, info?.size ?? 0, info?.ino ?? 0, retention, this.now());
  }

  /** Reads every line, keeps the last record per id, applies retention; compacts the file when it is mostly dead. */
  async load(retention: Retention): Promise<LoadResult> {
    const reader = await this.reader(retention);
    const { entries, skipped } = await reader.next(Infinity);
    let bytes = reader.size;
    if (reader.compactionDue) bytes = (await this.compact(retention)) ?? bytes;
    return { entries, skipped, bytes };
  }

  /**
   * Rewrites the file with only its live records, if it is still mostly dead. Best effort: on any failure (a rename
   * refused with EPERM or EBUSY while another program holds the file, a full disk) the file is left as it was, the
   * first failure is reported, and undefined is returned. Undefined too when no longer due; else the new size.
   */
  async compact(retention: Retention): Promise<number | undefined> {
    if (this.now() < this.compactAfter) return undefined;
    const temporary = `${this.path}.${process.pid}.tmp`;
    try {
      return await this.lock.locked(async () => {
        // Read again under the lock: whatever another window appended since the caller's read is carried over.
        const reader = await this.reader(retention);
        const { entries } = await reader.next(Infinity);
        if (!reader.compactionDue) return undefined;
        const text = [...entries].reverse().map((e) => `${JSON.stringify(e)}\n`).join('');
        await writeFile(temporary, text, 'utf8');
        await this.rename(temporary, this.path);
        return Buffer.byteLength(text, 'utf8');
      });
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      this.compactAfter = this.now() + COMPACT_RETRY_MS;
      if (!this.compactionErrorReported) {
        this.compactionErrorReported = true;
        this.options.onCompactionError?.(error);
      }
      return undefined;
    }
  }
}

/**
 * Reads a history file from its newest end backwards, a page at a time. The newest line of each id decides it (a
 * tombstone deletes it), so older lines of an id already seen are dead. Only the bytes that existed when the reader
 * was made are read; lines appended later belong to the next reader.
 */
export class HistoryReader {
  /** Bytes [0, position) are still unread; every line from position on has been read. */
  private position: number;
  /** Ids decided already (by a record or a tombstone): their older lines are dead. */
  private readonly seen = new Set<string>();
  private readonly cutoff: string | undefined;
  private live = 0;
  private lines = 0;

  constructor(
    readonly path: string,
    readonly size: number,
    private readonly ino: number,
    private readonly retention: Retention,
    now: number,
  ) {
    this.position = size;
    this.cutoff = retention.maxDays > 0 ? new Date(now - retention.maxDays * DAY_MS).toISOString() : undefined;
  }

  get complete(): boolean {
    return this.position === 0 || (this.retention.maxEntries > 0 && this.live >= this.retention.maxEntries);
  }

  /**
   * Whether rewriting the file would pay: only once all of it was read, and at least half its lines are dead
   * (replaced, deleted, expired or unreadable), so the cost stays proportional to what was appended since the last
   * compaction.
   */
  get compactionDue(): boolean {
    if (!this.complete) return false;
    if (this.lines > 64 && this.live * 2 < this.lines) return true;
    // Complete before the file's start: every older line is past the retention limit, dead; due once it is at
    // least as long as what was read.
    return this.position > 0 && this.position >= this.size - this.position;
  }

  /** Lines in the whole file, estimated from those read so far (0 before any). */
  get estimatedLines(): number {
    const read = this.size - this.position;
    return read > 0 ? Math.round((this.lines * this.size) / read) : 0;
  }

  /** Marks an id decided by a record written after this reader was made (a newer state than anything it reads). */
  supersede(id: string): void {
    this.seen.add(id);
  }

  /** Reads older lines until `count` more live records are found or the file's start is reached. */
  async next(count: number): Promise<HistoryPage> {
    const entries: HistoryRecord[] = [];
    let skipped = 0;
    if (this.complete) return { entries, skipped, complete: true };
    const handle = await open(this.path, 'r').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') throw new HistoryReplacedError();
      throw error;
    });
    try {
      const info = await handle.stat();
      // A compaction or clear replaced the file (another inode, or shorter): the offsets no longer mean anything.
      if ((this.ino !== 0 && info.ino !== this.ino) || info.size < this.size) throw new HistoryReplacedError();
      // buffer holds bytes [start, end) of the file; `end` moves back as lines are consumed.
      let end = this.position;
      let start = end;
      let buffer = Buffer.alloc(0);
      const atFileEnd = end === this.size;
      let first = true;
      while (end > 0 && entries.length < count && !this.complete) {
        // Find the newline before the last line of [0, end): the line's own newline is at end - 1 (if any).
        const searchFrom = end - 2 - start;
        let newline = searchFrom >= 0 ? buffer.lastIndexOf(10, searchFrom) : -1;
        while (newline < 0 && start > 0) {
          const from = Math.max(0, start - CHUNK);
          const chunk = Buffer.alloc(start - from);
          await readFully(handle, chunk, from);
          buffer = Buffer.concat([chunk, buffer.subarray(0, end - start)]);
          start = from;
          newline = end - 2 - start >= 0 ? buffer.lastIndexOf(10, end - 2 - start) : -1;
        }
        const lineStart = newline < 0 ? 0 : start + newline + 1;
        const terminated = buffer[end - 1 - start] === 10;
        const line = buffer.toString('utf8', lineStart - start, end - start - (terminated ? 1 : 0));
        end = lineStart;
        // A last line without its newline is half-written (a write in progress, or a crash mid-write).
        if (first && atFileEnd && !terminated) {
          first = false;
          if (line.trim()) {
            this.lines++;
            skipped++;
          }
          continue;
        }
        first = false;
        const record = this.read(line);
        if (record === 'skipped') skipped++;
        else if (record) entries.push(record);
      }
      this.position = end;
      entries.sort(newestFirst);
      return { entries, skipped, complete: this.complete };
    } finally {
      await handle.close();
    }
  }

  /** One line: a record that is live, undefined for a dead line (or a blank one), 'skipped' for an unreadable one. */
  private read(line: string): HistoryRecord | 'skipped' | undefined {
    if (!line.trim()) return undefined;
    this.lines++;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      return 'skipped';
    }
    if ((json as { deleted?: unknown } | null)?.deleted === true) {
      const tombstone = tombstoneSchema.safeParse(json);
      if (!tombstone.success) return 'skipped';
      this.seen.add(tombstone.data.id);
      return undefined;
    }
    const entry = checkSummary(json);
    if (!entry) return 'skipped';
    if (this.seen.has(entry.id)) return undefined;
    this.seen.add(entry.id);
    if (this.cutoff !== undefined && entry.time < this.cutoff) return undefined;
    if (this.retention.maxEntries > 0 && this.live >= this.retention.maxEntries) return undefined;
    this.live++;
    return entry;
  }
}

async function readFully(handle: import('node:fs/promises').FileHandle, into: Buffer, position: number): Promise<void> {
  let offset = 0;
  while (offset < into.length) {
    const { bytesRead } = await handle.read(into, offset, into.length - offset, position + offset);
    if (bytesRead === 0) throw new HistoryReplacedError();
    offset += bytesRead;
  }
}

/** Parses history text: the last record of each id wins; newest first by time. */
export function parseHistory(text: string): { entries: HistoryRecord[]; skipped: number; lines: number } {
  const byId = new Map<string, HistoryRecord>();
  let skipped = 0;
  let lines = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    lines++;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      skipped++;
      continue;
    }
    if ((json as { deleted?: unknown } | null)?.deleted === true) {
      const tombstone = tombstoneSchema.safeParse(json);
      if (tombstone.success) byId.delete(tombstone.data.id);
      else skipped++;
      continue;
    }
    const entry = checkSummary(json);
    if (!entry) {
      skipped++;
      continue;
    }
    byId.delete(entry.id); // re-insert so the Map's order follows the latest write
    byId.set(entry.id, entry);
  }
  // Appended oldest first, so reversed it is (nearly) sorted already, which the sort handles in linear time.
  const entries = [...byId.values()].reverse().sort(newestFirst);
  return { entries, skipped, lines };
}

export function newestFirst(a: { time: string }, b: { time: string }): number {
  return a.time < b.time ? 1 : a.time > b.time ? -1 : 0;
}
