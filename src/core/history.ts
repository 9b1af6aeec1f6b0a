// Request history on disk: JSON Lines, one record appended per change (never a rewrite per request). A record
// with an id already seen replaces the earlier one (pending → outcome), `{"id":…,"deleted":true}` removes one.
// Unreadable lines are skipped and counted. Secrets never reach it: records hold what was sent, not the key.
import { appendFileSync, mkdirSync } from 'node:fs';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as z from 'zod/mini';
import type { SentRequest } from './request';
import type { Outcome } from './voidClient';

/** Response bodies kept in history, at most (the output channel shows up to the client's own cap). */
export const HISTORY_BODY_LIMIT = 32 * 1024;

const stringMap = z.record(z.string(), z.string());

const requestSchema = z.object({
  environment: z.string(),
  method: z.string(),
  url: z.string(),
  endpoint: z.string(),
  headers: stringMap,
  body: z.string(),
  timestamp: z.string(),
  signature: z.string(),
  rawSignature: z.string(),
  keyFingerprint: z.string(),
});

const responseSchema = z.object({
  status: z.number(),
  headers: stringMap,
  bodyText: z.string(),
  bodyBytes: z.number(),
  truncated: z.boolean(),
});

export const OUTCOME_KINDS = ['success', 'apiError', 'httpError', 'unexpectedResponse', 'timeout', 'cancelled', 'networkError'] as const;

/** The fields the tree shows: all that loading checks of every line (see historySummarySchema). */
const summaryShape = {
  v: z.literal(1),
  id: z.string().check(z.minLength(1)),
  /** ISO time the request was sent. */
  time: z.string(),
  environment: z.string(),
  invoiceCode: z.string(),
  transactionCode: z.string(),
  /** `pending` until the outcome is known; a pending record left behind means the window closed mid-request. */
  kind: z.enum(['pending', ...OUTCOME_KINDS]),
  code: z.optional(z.string()),
};

export const historyEntrySchema = z.object({
  ...summaryShape,
  message: z.optional(z.string()),
  /** For faults: the phase, category or reason, and the error code. */
  fault: z.optional(z.string()),
  detail: z.optional(z.string()),
  latencyMs: z.optional(z.number()),
  request: requestSchema,
  response: z.optional(responseSchema),
  expectedRawSignature: z.optional(z.string()),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;
export type HistoryKind = HistoryEntry['kind'];

/**
 * What loading checks of every line: the fields the tree shows. The rest of a record (request, response) is checked
 * in full by `verifyEntry` when an entry is shown or used, so opening 10,000 entries stays fast.
 */
export const historySummarySchema = z.object(summaryShape);
/** A loaded record: its summary fields are checked; the rest is still unknown until verified. */
export type HistoryRecord = z.infer<typeof historySummarySchema> & Record<string, unknown>;

/** Checks the summary fields of a parsed line; only those few are looked at, so the check costs the same for any record. */
function checkSummary(json: unknown): HistoryRecord | undefined {
  if (!json || typeof json !== 'object') return undefined;
  const o = json as Record<string, unknown>;
  const summary = historySummarySchema.safeParse({ v: o.v, id: o.id, time: o.time, environment: o.environment, invoiceCode: o.invoiceCode, transactionCode: o.transactionCode, kind: o.kind, code: o.code });
  return summary.success ? (o as HistoryRecord) : undefined;
}

/** The full check of a record, before its request or response is shown or used. */
export function verifyEntry(record: HistoryRecord): HistoryEntry | undefined {
  const result = historyEntrySchema.safeParse(record);
  return result.success ? result.data : undefined;
}

const tombstoneSchema = z.object({ id: z.string(), deleted: z.literal(true) });

export function pendingEntry(id: string, codes: { invoiceCode: string; transactionCode: string }, request: SentRequest, time: string): HistoryEntry {
  return { v: 1, id, time, environment: request.environment, ...codes, kind: 'pending', request: stripRequest(request) };
}

export function entryFromOutcome(id: string, codes: { invoiceCode: string; transactionCode: string }, outcome: Outcome): HistoryEntry {
  // The same record as the pending one, now with its outcome.
  const entry: HistoryEntry = { ...pendingEntry(id, codes, outcome.request, outcome.sentAt), kind: outcome.kind, latencyMs: outcome.latencyMs };
  if ('response' in outcome && outcome.response) {
    const { bodyText } = outcome.response;
    entry.response = { ...outcome.response, bodyText: bodyText.length > HISTORY_BODY_LIMIT ? bodyText.slice(0, HISTORY_BODY_LIMIT) : bodyText, truncated: outcome.response.truncated || bodyText.length > HISTORY_BODY_LIMIT };
  }
  switch (outcome.kind) {
    case 'success':
      entry.message = outcome.message;
      break;
    case 'apiError':
      entry.code = outcome.code;
      entry.message = outcome.message;
      if (outcome.expectedRawSignature !== undefined) entry.expectedRawSignature = outcome.expectedRawSignature;
      break;
    case 'timeout':
      entry.fault = outcome.phase;
      break;
    case 'unexpectedResponse':
      entry.fault = outcome.reason;
      entry.detail = outcome.detail;
      break;
    case 'networkError':
      entry.fault = outcome.category;
      entry.code = outcome.errorCode;
      entry.detail = outcome.detail;
      break;
  }
  return entry;
}

/** Copies only the known fields, so nothing unexpected (let alone a key) can ride along into the file. */
function stripRequest(request: SentRequest): HistoryEntry['request'] {
  const { environment, method, url, endpoint, headers, body, timestamp, signature, rawSignature, keyFingerprint } = request;
  return { environment, method, url, endpoint, headers: { ...headers }, body, timestamp, signature, rawSignature, keyFingerprint };
}

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
