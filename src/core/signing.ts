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
  /** Optional header value some endpoints sign between endpoint and body (see NOTES.md); empty for Void. */
  extra?: string;
}

export interface RawSignature {
  raw: string;
  byteLength: number;
  segments: Segment[];
}

export function buildRawSignature(input: SignatureInput): RawSignature {
  const parts: Array<[SegmentName, string]> = [
    ['client_code', input.clientCode],
    ['timestamp', String(input.timestamp)],
    ['method', input.method],
    ['endpoint', input.endpoint],
  ];
  if (input.extra) parts.push(['extra', input.extra]);
  parts.push(['body', input.body]);

  const segments: Segment[] = [];
  let raw = '';
  let bytes = 0;
  for (const [name, text] of parts) {
    const byteLength = Buffer.byteLength(text, 'utf8');
    segments.push({ name, text, start: raw.length, end: raw.length + text.length, byteStart: bytes, byteEnd: bytes + byteLength });
    raw += text;
    bytes += byteLength;
  }
  return { raw, byteLength: bytes, segments };
}

/** HMAC-SHA1 of the message under the key, as 40 lower-case hex characters. */
export function hmacSha1Hex(signKey: string, message: string): string {
  return createHmac('sha1', signKey).update(message, 'utf8').digest('hex');
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
  rawSignature: RawSignature;
  signature: string;
}

/** Signs a request whose body is already serialized; the caller must send `body` byte for byte. */
export function signRequest(input: SignatureInput, signKey: string): SignedParts {
  const rawSignature = buildRawSignature(input);
  return {
    timestamp: String(input.timestamp),
    body: input.body,
    rawSignature,
    signature: hmacSha1Hex(signKey, rawSignature.raw),
  };
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
