// The history record: what one line of the history file holds, checked where it is read (stored data is a
// boundary too). Secrets never reach it: records hold what was sent, not the key.
import * as z from 'zod/mini';
import { VOID_ENDPOINT } from '../signing/request';

/** Response bodies kept in history, at most (the output channel shows up to the client's own cap). */
export const HISTORY_BODY_LIMIT = 32 * 1024;

const stringMap = z.record(z.string(), z.string());

/** A window session id (a UUID): it names a lock file, so nothing else may pass. */
export const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

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
  /**
   * The path the request went to. Absent in records written before requests other than Void were sent: those are
   * all Voids (see entryEndpoint).
   */
  endpoint: z.optional(z.string()),
  /** The body's invoice_code and transaction_code, where it has them (every Void does; other endpoints may not). */
  invoiceCode: z.optional(z.string()),
  transactionCode: z.optional(z.string()),
  /** `pending` until the outcome is known; a pending record left behind means the window closed mid-request. */
  kind: z.enum(['pending', ...OUTCOME_KINDS]),
  code: z.optional(z.string()),
  /** The window session that wrote a pending record (see sessions.ts): tells a live request from an interrupted one. */
  session: z.optional(z.string().check(z.regex(SESSION_ID))),
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
export function checkSummary(json: unknown): HistoryRecord | undefined {
  if (!json || typeof json !== 'object') return undefined;
  const o = json as Record<string, unknown>;
  const summary = historySummarySchema.safeParse({ v: o.v, id: o.id, time: o.time, environment: o.environment, endpoint: o.endpoint, invoiceCode: o.invoiceCode, transactionCode: o.transactionCode, kind: o.kind, code: o.code, session: o.session });
  return summary.success ? (o as HistoryRecord) : undefined;
}

/** The full check of a record, before its request or response is shown or used. */
export function verifyEntry(record: HistoryRecord): HistoryEntry | undefined {
  const result = historyEntrySchema.safeParse(record);
  return result.success ? result.data : undefined;
}

/** The endpoint of a record: its own, or Void's for a record written before other endpoints could be sent. */
export function entryEndpoint(record: { endpoint?: string | undefined }): string {
  return record.endpoint ?? VOID_ENDPOINT;
}

/** `{"id":…,"deleted":true}` removes an earlier record. */
export const tombstoneSchema = z.object({ id: z.string(), deleted: z.literal(true) });

