// The requests the local sandbox received, kept as JSON Lines in the extension's global storage (like the history):
// bounded to the last MAX_RECEIVED, each line validated when read back. A record holds what arrived on the wire
// (headers, body bytes) and the sandbox's answer; never a sign_key (the sandbox never receives one).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as z from 'zod/mini';
import { curlCommand } from './curl';
import { COMPACT_RETRY_MS, FileLock } from './sharedFile';
import { utf8Text } from './utf8';

export const MAX_RECEIVED = 500;
export const RECEIVED_FILE = 'sandbox-requests.jsonl';

export const receivedRequestSchema = z.object({
  id: z.string().check(z.maxLength(64)),
  at: z.number(),
  method: z.string().check(z.maxLength(32)),
  url: z.string().check(z.maxLength(8192)),
  headers: z.record(z.string(), z.string()),
  /** The body's bytes, base64; absent when the sandbox refused the request before reading it. */
  body: z.optional(z.string()),
  status: z.int(),
  code: z.optional(z.string()),
  message: z.optional(z.string()),
  diagnosis: z.array(z.object({ cause: z.string(), message: z.string() })),
  /** Refused without looking for the cause: the sandbox was diagnosing too many requests at once. */
  diagnosisSkipped: z.optional(z.boolean()),
  /** Sent by this extension (a Void from the palette or the history), not by another program. */
  fromExtension: z.optional(z.boolean()),
});
export type ReceivedRequest = z.infer<typeof receivedRequestSchema>;

/** The body's bytes, or undefined when none was read. */
export function bodyBytes(record: ReceivedRequest): Buffer | undefined {
  return record.body === undefined ? undefined : Buffer.from(record.body, 'base64');
}

/** The body as text when it is valid UTF-8; undefined when none was read or it is not UTF-8. */
export function bodyText(record: ReceivedRequest): string | undefined {
  const bytes = bodyBytes(record);
  return bytes === undefined ? undefined : utf8Text(bytes);
}

/** The path part of the request target. */
export function requestPath(record: ReceivedRequest): string {
  return record.url.split('?')[0] ?? '/';
}

/** True when the sandbox refused the request's signature. */
export function isSignatureRefusal(record: ReceivedRequest): boolean {
  return record.code === 'SANDBOX-SIGNATURE-INVALID';
}

const INVISIBLE: Record<string, string> = { '\t': '⇥', '\r': '␍', '\u00a0': '⍽', '\u200b': '[ZWSP]', '\ufeff': '[BOM]', '\u2028': '[LS]', '\u2029': '[PS]', '\u00ad': '[SHY]' };
/** Characters that show as nothing or as a space: controls, format and bidi marks, odd spaces, variation selectors. */
const UNSEEN = /[\u0000-\u001f\u007f-\u009f\u1680\u180e\u2000-\u200a\u200c-\u200f\u202a-\u202f\u205f-\u2064\u2066-\u206f\u3000\ufe00-\ufe0f\ufff9-\ufffb\ufffd]/u;

/**
 * Text with the characters a reader cannot see made visible: spaces as "·", tabs, carriage returns, no-break,
 * zero-width and other odd spaces, bidi and format marks and control characters as [U+XXXX]. Line feeds stay
 * (shown as "↵" before them).
 */
export function showInvisible(text: string): string {
  let out = '';
  for (const ch of text) {
    if (ch === ' ') out += '·';
    else if (ch === '\n') out += '↵\n';
    else if (INVISIBLE[ch]) out += INVISIBLE[ch];
    else if (UNSEEN.test(ch)) out += `[U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`;
    else out += ch;
  }
  return out;
}

/**
 * Bytes as text with the invisible made visible (showInvisible); bytes that are not UTF-8 are shown one by one as
 * [0xE9], so what is shown is what was received.
 */
export function showBytes(bytes: Buffer): string {
  const text = utf8Text(bytes);
  if (text !== undefined) return showInvisible(text);
  let out = '';
  let start = 0;
  const flush = (end: number) => {
    if (end > start) out += showInvisible(bytes.subarray(start, end).toString('utf8'));
  };
  for (let i = 0; i < bytes.length; ) {
    const length = utf8SequenceLength(bytes, i);
    if (length === 0) {
      flush(i);
      out += `[0x${bytes[i]!.toString(16).toUpperCase().padStart(2, '0')}]`;
      start = ++i;
    } else {
      i += length;
    }
  }
  flush(bytes.length);
  return out;
}

/** The length of the valid UTF-8 sequence starting at `i`, or 0 when none does. */
function utf8SequenceLength(bytes: Buffer, i: number): number {
  for (const length of [1, 2, 3, 4]) {
    if (i + length > bytes.length) return 0;
    if (utf8Text(bytes.subarray(i, i + length)) !== undefined) return length;
  }
  return 0;
}

/** One request the sandbox answered: exactly what arrived, and what it answered. Holds no sign_key. */
export interface ReceivedExchange {
  /** Millisecond clock of the sandbox when the answer was sent. */
  at: number;
  method: string;
  /** The request target as received (path and query). */
  url: string;
  /** Headers as received (names in lower case, repeated ones joined with ", "). */
  headers: Record<string, string>;
  /** The body's bytes, when the sandbox read it (not for requests refused before that). */
  body: Buffer | undefined;
  status: number;
  /** The Prakerja or sandbox code of the answer. */
  code: string | undefined;
  message: string | undefined;
  /** For a refused signature: the causes found (stable ids and sentences), most likely first. */
  diagnosis: Array<{ cause: string; message: string }>;
  /** True when the signature was refused without looking for its cause (too many diagnoses at once). */
  diagnosisSkipped: boolean;
}

/** What the sandbox saw as a record to keep: exactly what arrived (the body's bytes, base64) and its answer. */
export function receivedRecord(
  exchange: ReceivedExchange,
  id: string,
  fromExtension = false,
): ReceivedRequest {
  return {
    id,
    at: exchange.at,
    method: exchange.method.slice(0, 32),
    url: exchange.url.slice(0, 8192),
    headers: exchange.headers,
    ...(exchange.body !== undefined ? { body: exchange.body.toString('base64') } : {}),
    status: exchange.status,
    ...(exchange.code !== undefined ? { code: exchange.code } : {}),
    ...(exchange.message !== undefined ? { message: exchange.message } : {}),
    diagnosis: exchange.diagnosis.map((d) => ({ cause: d.cause, message: d.message })),
    ...(exchange.diagnosisSkipped ? { diagnosisSkipped: true } : {}),
    ...(fromExtension ? { fromExtension: true } : {}),
  };
}

/** Transport headers cURL sets itself (copying them would send them twice or wrong). */
const TRANSPORT_HEADERS = new Set(['host', 'content-length', 'connection', 'accept-encoding', 'transfer-encoding']);

/**
 * A cURL command that sends the request again to `baseUrl`: its headers (transport ones left to cURL) and exactly
 * the body's bytes (see curlCommand for a body that is not UTF-8). A request refused before its body was read is
 * copied without one.
 */
export function receivedAsCurl(record: ReceivedRequest, baseUrl: string): string {
  const headers = Object.entries(record.headers).filter(([name]) => !TRANSPORT_HEADERS.has(name));
  const bytes = bodyBytes(record);
  return curlCommand(record.method, baseUrl.replace(/\/+$/, '') + record.url, headers, bytes && bytes.length ? bytes : undefined);
}

/** How long a burst of records is gathered before one write takes them all. */
const DEFAULT_BATCH_MS = 100;

export interface ReceivedRequestFileOptions {
  max?: number;
  log?: (line: string) => void;
  now?: () => number;
  /** The file operations that replace or remove the file (tests make them fail). */
  rename?: (from: string, to: string) => Promise<void>;
  remove?: (file: string) => Promise<void>;
  /** Records arriving within this many ms go to the file in one write (a load test sends thousands a second). */
  batchMs?: number;
}

/** Parses JSON Lines into the records that fit the schema, oldest first; torn or hand-edited lines are skipped. */
function parseLines(text: string): { records: ReceivedRequest[]; lines: number } {
  const records: ReceivedRequest[] = [];
  let lines = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    lines++;
    try {
      const parsed = receivedRequestSchema.safeParse(JSON.parse(line));
      if (parsed.success) records.push(parsed.data);
    } catch {
      // skipped
    }
  }
  return { records, lines };
}

/**
 * The received list: newest first in memory, appended to a JSON Lines file in the extension's global storage (one
 * append per burst, not per request), compacted to the last `max` records. The file is shared by every window: each
 * write holds the cross-process lock the history holds too (FileLock), and a compaction re-reads the file under
 * it, so no window drops another's lines. A failing disk operation never empties what the list shows.
 */
export class ReceivedRequestFile {
  private entries: ReceivedRequest[] = [];
  private loaded: Promise<void> | undefined;
  private queue: Promise<void> = Promise.resolve();
  /** Lines in the file as far as this window knows (its last read plus its own appends). */
  private linesInFile = 0;
  /** Records added and not yet written, with the write that will take them; a new write takes the next ones. */
  private batch: ReceivedRequest[] | undefined;
  private compactAfter = 0;
  /** Records added by this window so far. */
  private added = 0;
  private readonly max: number;
  private readonly log: (line: string) => void;
  private readonly now: () => number;
  private readonly rename: (from: string, to: string) => Promise<void>;
  private readonly remove: (file: string) => Promise<void>;
  private readonly batchMs: number;
  /** Held by every write (append, compaction, clear). */
  private readonly lock: FileLock;

  constructor(
    readonly dir: string,
    options: ReceivedRequestFileOptions = {},
  ) {
    this.max = options.max ?? MAX_RECEIVED;
    this.log = options.log ?? (() => undefined);
    this.now = options.now ?? Date.now;
    this.rename = options.rename ?? fs.rename;
    this.remove = options.remove ?? ((file) => fs.rm(file, { force: true }));
    this.batchMs = options.batchMs ?? DEFAULT_BATCH_MS;
    this.lock = new FileLock(this.path);
  }

  get path(): string {
    return path.join(this.dir, RECEIVED_FILE);
  }

  /** Reads the file once; a read that fails is reported and tried again on the next call. */
  load(): Promise<void> {
    this.loaded ??= (async () => {
      let text = '';
      try {
        text = await fs.readFile(this.path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          this.loaded = undefined;
          this.log(`Sandbox requests: cannot read ${this.path}: ${String(error)}`);
          return;
        }
      }
      const { records, lines } = parseLines(text);
      this.linesInFile = lines;
      // Added before the read finished: newer than anything in the file.
      this.entries = [...this.entries, ...records.slice(-this.max).reverse()].slice(0, this.max);
    })();
    return this.loaded;
  }

  /** Newest first. */
  list(): readonly ReceivedRequest[] {
    return this.entries;
  }

  get(id: string): ReceivedRequest | undefined {
    return this.entries.find((e) => e.id === id);
  }

  add(record: ReceivedRequest): Promise<void> {
    this.added++;
    this.entries.unshift(record);
    if (this.entries.length > this.max) this.entries.length = this.max;
    if (this.batch) {
      this.batch.push(record);
      // While the disk is slow, only the newest `max` wait: older ones would be compacted away anyway.
      if (this.batch.length > this.max) this.batch.splice(0, this.batch.length - this.max);
      return this.flush();
    }
    const batch = [record];
    this.batch = batch;
    return this.enqueue(async () => {
      // Meanwhile what arrives joins this batch: one lock and one append for a burst.
      if (this.batchMs > 0) await new Promise((resolve) => setTimeout(resolve, this.batchMs));
      if (this.batch === batch) this.batch = undefined;
      if (batch.length) await this.write(batch);
    });
  }

  /**
   * Removes every record listed now, from the list and the file; records that arrive meanwhile stay. Rejects (and
   * the list keeps what it showed) when the file cannot be removed.
   */
  clear(): Promise<void> {
    // What the Clear takes is decided now: what arrives after this call stays (it is at the front of the list).
    const mark = this.added;
    // Not yet written: the clear takes them too, unless it fails, when they are written after all.
    const taken = (this.batch ?? []).splice(0);
    this.batch = undefined;
    let failure: unknown;
    return this.enqueue(async () => {
      await this.load();
      try {
        await this.lock.locked(() => this.remove(this.path));
        this.linesInFile = 0;
        this.entries = this.entries.slice(0, Math.min(this.added - mark, this.entries.length));
      } catch (error) {
        failure = error;
        if (taken.length) await this.write(taken);
      }
    }).then(() => {
      if (failure !== undefined) throw failure instanceof Error ? failure : new Error(String(failure));
    });
  }

  /** Resolves when every write asked for so far is done. */
  flush(): Promise<void> {
    return this.queue;
  }

  private async write(records: ReceivedRequest[]): Promise<void> {
    await this.load();
    const lines = records.map((r) => `${JSON.stringify(r)}\n`).join('');
    await this.lock.locked(async () => {
      if (this.linesInFile + records.length > this.max * 2 && this.now() >= this.compactAfter) {
        try {
          await this.compact(lines);
          return;
        } catch (error) {
          this.compactAfter = this.now() + COMPACT_RETRY_MS;
          this.log(`Sandbox requests: cannot compact ${this.path} (the records are appended instead): ${String(error)}`);
        }
      }
      await fs.appendFile(this.path, lines, 'utf8');
      this.linesInFile += records.length;
    });
  }

  /** Under the lock: the file as it is now (other windows' lines too) plus `lines`, cut to the last `max`. */
  private async compact(lines: string): Promise<void> {
    let text = '';
    try {
      text = await fs.readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    // The last `max` lines as they are: each is checked when read (load), so none is parsed here.
    const kept = (text + lines).split('\n').filter((line) => line.trim() !== '').slice(-this.max);
    const temp = `${this.path}.${process.pid}.tmp`;
    await fs.writeFile(temp, kept.map((line) => `${line}\n`).join(''), 'utf8');
    try {
      await this.rename(temp, this.path);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
    this.linesInFile = kept.length;
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.queue.then(work).catch((error: unknown) => this.log(`Sandbox requests: cannot write ${this.path}: ${String(error)}`));
    this.queue = next;
    return next;
  }
}

/** How long after a refused signature further ones only count on the badge instead of raising a notification. */
export const NOTIFY_QUIET_MS = 30_000;

/**
 * Decides which refused signatures raise a notification: the first, and the first after NOTIFY_QUIET_MS without
 * any refusal; a steady flood keeps extending the quiet time, so it raises one.
 */
export class RefusalGate {
  private last = Number.NEGATIVE_INFINITY;
  /** Refusals counted (not notified) since the counter was last reset. */
  counted = 0;

  constructor(private readonly quietMs = NOTIFY_QUIET_MS) {}

  /** True when this refusal (at `now` ms) should raise a notification. */
  next(now: number): boolean {
    const notify = now - this.last > this.quietMs;
    this.last = now;
    if (!notify) this.counted++;
    return notify;
  }

  /** The user looked (opened the view): the badge starts again from zero. */
  resetCount(): void {
    this.counted = 0;
  }
}
