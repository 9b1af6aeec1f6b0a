// Messages between the signature debugger's webview and the extension host, validated on both sides: a message
// that does not fit is dropped and logged, never trusted. The sign_key never appears in any of them.
import * as z from 'zod/mini';
import { ENVIRONMENT_IDS } from '../../core/environments';
import { SNIPPET_LANGUAGES } from '../../core/signing/snippets';

const text = (max: number) => z.string().check(z.maxLength(max));

export const debugStateSchema = z.object({
  environment: z.enum(ENVIRONMENT_IDS),
  clientCode: text(512),
  timestamp: text(32),
  method: text(16),
  endpoint: text(2048),
  body: text(256 * 1024),
  extra: text(4096),
  theirSignature: text(512),
  theirRaw: text(300 * 1024),
  theirBody: text(256 * 1024),
  theirTimestamp: text(32),
});
export type DebugState = z.infer<typeof debugStateSchema>;

export const webviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('update'), seq: z.int(), state: debugStateSchema }),
  z.object({ type: z.literal('copy'), what: z.enum(['signature', 'raw', 'curl', 'snippet']), language: z.optional(z.enum(SNIPPET_LANGUAGES)) }),
  z.object({ type: z.literal('setCredentials') }),
  /** Sign the request shown with the environment's stored credentials and the current time, and send it. */
  z.object({ type: z.literal('send'), seq: z.int(), state: debugStateSchema }),
]);
export type WebviewMessage = z.infer<typeof webviewMessageSchema>;

const segmentSchema = z.object({
  name: z.enum(['client_code', 'timestamp', 'method', 'endpoint', 'extra', 'body']),
  start: z.int(),
  end: z.int(),
  byteStart: z.int(),
  byteEnd: z.int(),
});

const environmentSchema = z.object({
  id: z.enum(ENVIRONMENT_IDS),
  label: z.string(),
  fingerprint: z.optional(z.string()),
});

const findingSchema = z.object({ id: z.string(), cause: z.optional(z.string()), sentence: z.string() });

/** The raw_signature their program must have signed, by segment; `differs` marks a segment unlike ours. */
const reproducedSchema = z.object({
  raw: z.string(),
  segments: z.array(z.object({ name: z.enum(['client_code', 'timestamp', 'method', 'endpoint', 'extra', 'body']), text: z.string(), differs: z.boolean() })),
});

export const hostMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('init'),
    state: debugStateSchema,
    environments: z.array(environmentSchema),
    strings: z.record(z.string(), z.string()),
  }),
  z.object({
    type: z.literal('result'),
    seq: z.int(),
    raw: z.string(),
    byteLength: z.int(),
    segments: z.array(segmentSchema),
    signature: z.optional(z.string()),
    fingerprint: z.optional(z.string()),
    notes: z.array(z.string()),
    comparison: z.optional(
      z.object({
        match: z.boolean(),
        findings: z.array(findingSchema),
        firstDifference: z.optional(z.object({ index: z.int(), byteIndex: z.int(), segment: z.string(), ours: z.string(), theirs: z.string() })),
        reproduced: z.optional(reproducedSchema),
      }),
    ),
    snippets: z.record(z.string(), z.string()),
    curl: z.string(),
    /** The comparison is still being computed: a second result for the same seq brings it. */
    comparing: z.optional(z.boolean()),
  }),
  z.object({ type: z.literal('copied'), what: z.string() }),
  /** A send has started (the page marks it busy until its sendResult). */
  z.object({ type: z.literal('sending') }),
  /**
   * How a send ended: `sent: false` when nothing left (not JSON, declined, no credentials, already in flight);
   * otherwise the outcome's sentence, the response if one came, and what was signed (timestamp, client_code).
   */
  z.object({
    type: z.literal('sendResult'),
    sent: z.boolean(),
    severity: z.enum(['info', 'warning', 'error']),
    sentence: z.string(),
    entryId: z.optional(z.string()),
    latencyMs: z.optional(z.number()),
    signed: z.optional(z.object({ timestamp: z.string(), clientCode: z.string() })),
    response: z.optional(z.object({ status: z.int(), headers: z.record(z.string(), z.string()), body: z.string(), truncated: z.boolean() })),
  }),
  /** Credentials changed: new fingerprints, and a client_code for the field only if it still holds `from`. */
  z.object({
    type: z.literal('credentials'),
    environments: z.array(environmentSchema),
    clientCode: z.optional(z.object({ from: z.string(), to: z.string() })),
  }),
]);
export type HostMessage = z.infer<typeof hostMessageSchema>;
