// Request history on disk: JSON Lines, one record appended per change (never a rewrite per request). A record
// with an id already seen replaces the earlier one (pending → outcome), a tombstone removes one. Unreadable lines
// are skipped and counted.
import { appendFileSync, mkdirSync } from 'node:fs';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
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

const DAY_MS = 86_400_000;

export class HistoryFile {
  constructor(
    readonly path: string,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Appends one record: a single write of one line, so concurrent windows never interleave within a line.
   * Returns the bytes written.
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
    try {
      appendFileSync(this.path, line, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      mkdirSync(dirname(this.path), { recursive: true });
      appendFileSync(this.path, line, 'utf8');
    }
    return Buffer.byteLength(line, 'utf8');
  }

  async clear(): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    await writeFile(this.path, '', 'utf8');
  }

  /** Reads every line, keeps the last record per id, applies retention; compacts the file when it is mostly dead. */
  async load(retention: Retention): Promise<LoadResult> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], skipped: 0, bytes: 0 };
      throw error;
    }
    const { entries, skipped, lines } = parseHistory(text);
    const kept = applyRetention(entries, retention, this.now());
    // Rewrite only when at least half the lines are dead (replaced, deleted, expired or unreadable), so the cost
    // stays proportional to what was appended since the last compaction.
    let bytes = Buffer.byteLength(text, 'utf8');
    if (lines > 64 && kept.length * 2 < lines) bytes = await this.compact(bytes, kept);
    return { entries: kept, skipped, bytes };
  }

  /** Rewrites the file with only the live records; returns the file's size afterwards. */
  private async compact(bytesRead: number, entries: HistoryRecord[]): Promise<number> {
    const temporary = `${this.path}.${process.pid}.tmp`;
    const text = [...entries].reverse().map((e) => `${JSON.stringify(e)}\n`).join('');
    await writeFile(temporary, text, 'utf8');
    // Another window may have appended since we read: then leave the file alone (it compacts another time).
    const current = await stat(this.path).catch(() => undefined);
    if (current?.size !== bytesRead) {
      await unlink(temporary).catch(() => undefined);
      return bytesRead;
    }
    await rename(temporary, this.path);
    return Buffer.byteLength(text, 'utf8');
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

export function applyRetention<T extends { time: string }>(entries: T[], retention: Retention, now: number): T[] {
  let kept = entries;
  if (retention.maxDays > 0) {
    const cutoff = new Date(now - retention.maxDays * DAY_MS).toISOString();
    kept = kept.filter((e) => e.time >= cutoff);
  }
  if (retention.maxEntries > 0 && kept.length > retention.maxEntries) kept = kept.slice(0, retention.maxEntries);
  return kept;
}
