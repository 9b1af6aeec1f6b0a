// Prakerja request signing: raw_signature = client_code + timestamp + method + endpoint [+ extra] + body,
// signature = lower-case hex HMAC-SHA1(sign_key, raw_signature). Pure: no I/O, no clock of its own.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type SegmentName = 'client_code' | 'timestamp' | 'method' | 'endpoint' | 'extra' | 'body';

/** Where one part sits in the raw string: UTF-16 indices (for display) and UTF-8 byte offsets (what is hashed). */
export interface Segment {
  name: SegmentName;
  text: string;
  start: number;
  end: number;
  byteStart: number;
  byteEnd: number;
}

export interface SignatureInput {
  clientCode: string;
  /** Unix time in seconds, as sent in the `timestamp` header. */
  timestamp: number | string;
  method: string;
  /** Path only, e.g. `/api/v1/integration/payment/void`. */
  endpoint: string;
  /** The exact body text that is sent. */
  body: string;
  /** Optional header value some endpoints sign between endpoint and body (one of Prakerja's own examples signs the Authorization header there); empty for Void. */
  extra?: string;
}

export interface RawSignature {
  raw: string;
  byteLength: number;
  segments: Segment[];
}

/** The raw_signature string alone: what signing needs on the hot path. */
export function rawSignatureText(input: SignatureInput): string {
  return input.clientCode + String(input.timestamp) + input.method + input.endpoint + (input.extra ?? '') + input.body;
}

/** The raw_signature with each part's place in it, for display and diagnosis. */
export function buildRawSignature(input: SignatureInput): RawSignature {
  const timestamp = String(input.timestamp);
  const raw = rawSignatureText(input);
  const byteLength = Buffer.byteLength(raw, 'utf8');
  // Pure ASCII (the usual case) has byte offsets equal to character offsets: measure each part only otherwise.
  const ascii = byteLength === raw.length;
  const segments: Segment[] = [];
  let start = 0;
  let byteStart = 0;
  const add = (name: SegmentName, text: string) => {
    const bytes = ascii ? text.length : Buffer.byteLength(text, 'utf8');
    segments.push({ name, text, start, end: start + text.length, byteStart, byteEnd: byteStart + bytes });
    start += text.length;
    byteStart += bytes;
  };
  add('client_code', input.clientCode);
  add('timestamp', timestamp);
  add('method', input.method);
  add('endpoint', input.endpoint);
  if (input.extra) add('extra', input.extra);
  add('body', input.body);
  return { raw, byteLength, segments };
}

/** HMAC-SHA1 of the message (text as UTF-8, or exact bytes) under the key, as 40 lower-case hex characters. */
export function hmacSha1Hex(signKey: string, message: string | Buffer, ...more: Array<string | Buffer>): string {
  const hmac = createHmac('sha1', signKey).update(message);
  for (const part of more) hmac.update(part);
  return hmac.digest('hex');
}

/**
 * Serializes a body once, compactly (no spaces, keys in insertion order, non-ASCII and `/` unescaped), exactly as
 * JavaScript's JSON.stringify does. The returned text is what gets signed and what gets sent.
 */
export function serializeBody(body: unknown): string {
  const text = JSON.stringify(body);
  if (text === undefined) throw new TypeError('The request body cannot be serialized to JSON.');
  return text;
}

export interface SignedParts {
  timestamp: string;
  body: string;
  rawSignature: string;
  signature: string;
}

/** Signs a request whose body is already serialized; the caller must send `body` byte for byte. */
export function signRequest(input: SignatureInput, signKey: string): SignedParts {
  const rawSignature = rawSignatureText(input);
  return { timestamp: String(input.timestamp), body: input.body, rawSignature, signature: hmacSha1Hex(signKey, rawSignature) };
}

/** Unix seconds from a millisecond clock. */
export function unixSeconds(nowMs: number): number {
  return Math.floor(nowMs / 1000);
}

/**
 * A short, stable fingerprint that tells keys apart without revealing them: the first 8 hex characters of
 * SHA-256 over a domain-separated input, so it can never be confused with (or used to check) an HMAC.
 */
export function keyFingerprint(signKey: string): string {
  return createHash('sha256').update('prakerja-toolkit/key-fingerprint/v1\0').update(signKey, 'utf8').digest('hex').slice(0, 8);
}

/** Constant-time comparison of two hex signatures (case-sensitive, as the server compares). */
export function signaturesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
