// The requests the local sandbox received, kept as JSON Lines in the extension's global storage (like the history):
// bounded to the last MAX_RECEIVED, each line validated when read back. A record holds what arrived on the wire
// (headers, body bytes) and the sandbox's answer; never a sign_key (the sandbox never receives one).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as z from 'zod/mini';

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

/** The body as text (UTF-8), or undefined when none was read. */
export function bodyText(record: ReceivedRequest): string | undefined {
  return record.body === undefined ? undefined : Buffer.from(record.body, 'base64').toString('utf8');
}

export function bodyBytes(record: ReceivedRequest): Buffer | undefined {
  return record.body === undefined ? undefined : Buffer.from(record.body, 'base64');
}

/** The path part of the request target. */
export function requestPath(record: ReceivedRequest): string {
  return record.url.split('?')[0] ?? '/';
}

/** True when the sandbox refused the request's signature. */
export function isSignatureRefusal(record: ReceivedRequest): boolean {
  return record.code === 'SANDBOX-SIGNATURE-INVALID' || record.diagnosis.length > 0;
}

const INVISIBLE: Record<string, string> = { '\t': '⇥', '\r': '␍', '\u00a0': '⍽', '\u200b': '[ZWSP]', '\ufeff': '[BOM]', '\u2028': '[LS]', '\u2029': '[PS]' };

/**
 * Text with the characters a reader cannot see made visible: spaces as "·", tabs, carriage returns, no-break and
 * zero-width spaces, other control characters as [U+XXXX]. Line feeds stay (shown as "↵" before them).
 */
export function showInvisible(text: string): string {
  let out = '';
  for (const ch of text) {
    if (ch === ' ') out += '·';
    else if (ch === '\n') out += '↵\n';
    else if (INVISIBLE[ch]) out += INVISIBLE[ch];
    else if (/[\u0000-\u001f\u007f-\u009f\u200c-\u200f\u202a-\u202e\u2060-\u2064\ufffd]/u.test(ch)) out += `[U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`;
    else out += ch;
  }
  return out;
}

/** A cURL command that sends the same request again to `baseUrl` (exactly the bytes received, when they are text). */
export function receivedAsCurl(record: ReceivedRequest, baseUrl: string): string {
  const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
  const lines = [`curl --request ${record.method} ${quote(baseUrl.replace(/\/+$/, '') + record.url)}`];
  const skip = new Set(['host', 'content-length', 'connection', 'accept-encoding', 'transfer-encoding']);
  for (const [name, value] of Object.entries(record.headers)) if (!skip.has(name)) lines.push(`  --header ${quote(`${name}: ${value}`)}`);
  const body = bodyText(record);
  if (body !== undefined && body !== '') lines.push(`  --data-raw ${quote(body)}`);
  return lines.join(' \\\n');
}

/** The received list: newest first in memory, appended to a JSON Lines file, compacted to the last MAX_RECEIVED. */
export class ReceivedRequestFile {
  private entries: ReceivedRequest[] = [];
  private loaded: Promise<void> | undefined;
  private queue: Promise<void> = Promise.resolve();
  private linesInFile = 0;
  /** What the file holds once the queued writes are done, oldest first (bounded): what a compaction writes. */
  private persisted: ReceivedRequest[] = [];
  /** Added, not yet written; and the queued write that will take them. */
  private waiting: ReceivedRequest[] = [];
  private batch: Promise<void> | undefined;

  constructor(
    readonly dir: string,
    private readonly max = MAX_RECEIVED,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  get path(): string {
    return path.join(this.dir, RECEIVED_FILE);
  }

  /** Reads the file once; lines that do not fit the schema are skipped. */
  load(): Promise<void> {
    this.loaded ??= (async () => {
      let text = '';
      try {
        text = await fs.readFile(this.path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.log(`Sandbox requests: cannot read ${this.path}: ${String(error)}`);
      }
      const read: ReceivedRequest[] = [];
      let lines = 0;
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        lines++;
        try {
          const parsed = receivedRequestSchema.safeParse(JSON.parse(line));
          if (parsed.success) read.push(parsed.data);
        } catch {
          // A torn or hand-edited line is skipped.
        }
      }
      this.linesInFile = lines;
      this.persisted = read.slice(-this.max);
      // Added before the read finished: newer than anything in the file.
      this.entries = [...this.entries, ...read.reverse()].slice(0, this.max);
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
    this.entries.unshift(record);
    if (this.entries.length > this.max) this.entries.length = this.max;
    this.waiting.push(record);
    // Records added while a write is queued go in that write: one append per burst, not per request.
    this.batch ??= this.enqueue(async () => {
      this.batch = undefined;
      const records = this.waiting;
      this.waiting = [];
      await this.load();
      await fs.mkdir(this.dir, { recursive: true });
      this.persisted.push(...records);
      if (this.persisted.length > this.max) this.persisted.splice(0, this.persisted.length - this.max);
      if (this.linesInFile + records.length > this.max * 2) {
        await this.rewrite();
      } else {
        await fs.appendFile(this.path, records.map((r) => `${JSON.stringify(r)}\n`).join(''), 'utf8');
        this.linesInFile += records.length;
      }
    });
    return this.batch;
  }

  async clear(): Promise<void> {
    await this.load();
    this.entries = [];
    this.waiting = [];
    return this.enqueue(async () => {
      this.persisted = [];
      await fs.rm(this.path, { force: true });
      this.linesInFile = 0;
    });
  }

  /** Resolves when every write asked for so far is done. */
  flush(): Promise<void> {
    return this.queue;
  }

  private async rewrite(): Promise<void> {
    const temp = `${this.path}.${process.pid}.tmp`;
    const lines = this.persisted.map((e) => JSON.stringify(e));
    await fs.writeFile(temp, lines.length ? `${lines.join('\n')}\n` : '', 'utf8');
    await fs.rename(temp, this.path);
    this.linesInFile = lines.length;
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
