// The search behind the signature diagnosis: a request is a set of independent parts (body serialization,
// timestamp, method, endpoint, client_code, key, charset, segment order, algorithm), each with its known mistakes.
// Every single mistake, then every pair of mistakes in two different parts, is signed and compared with the user's
// signature, which is decoded once (hex, upper hex, Base64, Base64url; 32 bytes means SHA-256) so that output
// encodings cost nothing. An alternative whose bytes equal the request's, or another alternative's, is dropped
// before anything is named: a finding is only stated when its transformation really changed the signed bytes.
import { createHash, createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { CAUSE_MESSAGES, CAUSE_WORDS, type Cause, type CauseMessage } from './causes';
import { bodyAlternatives } from './jsonVariants';
import { DOCUMENTED_ENDPOINTS } from './documentedEndpoints';
import { normalizeEndpoint } from '../signing/request';
import type { SegmentName } from '../signing/signing';
import type { Translate } from '../translate';

export interface SearchRequest {
  clientCode: string;
  timestamp: string;
  method: string;
  /** The path as sent (the request line's, in the sandbox). */
  endpoint: string;
  extra?: string;
  body: string;
}

export interface OtherClient {
  clientCode: string;
  signKey: string;
}

export type PartName = 'body' | 'timestamp' | 'method' | 'endpoint' | 'clientCode' | 'key' | 'charset' | 'order' | 'algorithm';
export const PART_NAMES: readonly PartName[] = ['body', 'timestamp', 'method', 'endpoint', 'clientCode', 'key', 'charset', 'order', 'algorithm'];

export interface SearchOptions {
  /** Base URLs (scheme and host) worth trying as a "full URL instead of the path" mistake. */
  hosts?: readonly string[];
  /** Endpoints a copied signer may have signed; the documented list by default. */
  endpoints?: readonly string[];
  /** Other credentials the user has (other environments, the sandbox's registered clients). */
  otherClients?: readonly OtherClient[];
  /** The body is the exact bytes sent (the sandbox): a reproducing body alternative also means body.signedNotSent. */
  bodyIsSent?: boolean;
  /** Only these parts (e.g. key and algorithm mistakes on a raw string the user pasted). */
  parts?: readonly PartName[];
}

export interface Finding {
  cause: Cause;
  sentence: string;
}

export interface Reproduction {
  findings: Finding[];
  /** The raw_signature their program must have signed (as text, before any charset mistake). */
  rawSignature: string;
  /** Its parts in the order they were signed. */
  segments: Array<{ name: SegmentName; text: string }>;
}

export interface SearchResult {
  /** Their signature is exactly ours. */
  match: boolean;
  /** Their signature could be read as a SHA-1 or SHA-256 digest at all. */
  decodable: boolean;
  reproduced?: Reproduction;
  /** Digests computed: the measure of the search's cost. */
  digests: number;
}

type Charset = 'utf8' | 'latin1' | 'ascii';
type Algorithm = 'hmac' | 'plain' | 'swapped';

/** One signing of one request: the segments, their order, the key and how the bytes are made. */
interface State {
  seg: string[];
  order: readonly number[] | undefined;
  key: string;
  messageCharset: Charset;
  keyCharset: Charset;
  algorithm: Algorithm;
}

interface Alternative {
  part: PartName;
  cause: Cause;
  apply(state: State): void;
  /** Formats the sentence; only called for the alternatives that reproduce the signature. */
  sentence(t: Translate): string;
}

const SEGMENTS: readonly SegmentName[] = ['client_code', 'timestamp', 'method', 'endpoint', 'extra', 'body'];
const CC = 0;
const TS = 1;
const METHOD = 2;
const EP = 3;
const BODY = 5;

const KNOWN_HOSTS = ['https://api.prakerja.go.id', 'https://testapi123.prakerja.go.id', 'https://api-ssn.prakerja.go.id'];

interface Decoded {
  bytes: Buffer;
  output?: 'output.upperHex' | 'output.base64';
}

/** Reads their signature once, every way it may be written. */
export function decodeSignature(signature: string): Decoded[] {
  const out: Decoded[] = [];
  if (/^(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{64})$/.test(signature)) {
    out.push({ bytes: Buffer.from(signature, 'hex'), ...(/[A-F]/.test(signature) ? { output: 'output.upperHex' as const } : {}) });
  }
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(signature) && [27, 28, 43, 44].includes(signature.length)) {
    const bytes = Buffer.from(signature.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === 20 || bytes.length === 32) out.push({ bytes, output: 'output.base64' });
  }
  return out;
}

/** Bytes of text in a narrow charset the way Java's getBytes and .NET's encoders write it: unmappable as "?". */
export function narrowBytes(text: string, charset: 'latin1' | 'ascii'): Buffer {
  const limit = charset === 'latin1' ? 0xff : 0x7f;
  // One "?" per code point, as Java writes a surrogate pair it cannot map.
  return Buffer.from(text.replace(/[^\u0000-\u00ff]|[\u0080-\u00ff]/gu, (c) => (c.codePointAt(0)! <= limit ? c : '?')), 'latin1');
}

function compose(state: State): string {
  const s = state.seg;
  if (!state.order) return s[0]! + s[1]! + s[2]! + s[3]! + s[4]! + s[5]!;
  const o = state.order;
  return s[o[0]!]! + s[o[1]!]! + s[o[2]!]! + s[o[3]!]! + s[4]! + s[5]!;
}

/**
 * Digests states, each key prepared once: a KeyObject spares createHmac re-reading a string key on every one of
 * the tens of thousands of candidates (what keeps the search near the cost of bare HMACs).
 */
function digester(hash: 'sha1' | 'sha256'): (state: State) => Buffer {
  const keys = new Map<string, KeyObject>();
  // Nearly every candidate uses the previous one's key: checked first, without building a map key.
  let lastKey = '';
  let lastCharset: Charset | undefined;
  let last: KeyObject | undefined;
  const keyOf = (state: State): KeyObject => {
    if (last && state.key === lastKey && state.keyCharset === lastCharset) return last;
    const id = `${state.keyCharset}\u0000${state.key}`;
    let key = keys.get(id);
    if (!key) {
      key = createSecretKey(state.keyCharset === 'utf8' ? Buffer.from(state.key, 'utf8') : narrowBytes(state.key, state.keyCharset));
      keys.set(id, key);
    }
    lastKey = state.key;
    lastCharset = state.keyCharset;
    last = key;
    return key;
  };
  return (state) => {
    const text = compose(state);
    const message = state.messageCharset === 'utf8' ? text : narrowBytes(text, state.messageCharset);
    switch (state.algorithm) {
      case 'hmac':
        return createHmac(hash, keyOf(state)).update(message).digest();
      case 'plain':
        return createHash(hash).update(message).digest();
      case 'swapped':
        return createHmac(hash, message).update(keyOf(state).export()).digest();
    }
  };
}

/** The bytes a state signs, as one comparable string (for dropping alternatives that change nothing). */
function fingerprint(state: State): string {
  const text = compose(state);
  const message = state.messageCharset === 'utf8' ? Buffer.from(text, 'utf8') : narrowBytes(text, state.messageCharset);
  const key = state.keyCharset === 'utf8' ? Buffer.from(state.key, 'utf8') : narrowBytes(state.key, state.keyCharset);
  return `${state.algorithm}\u0000${key.length}\u0000${key.toString('latin1')}\u0000${message.toString('latin1')}`;
}

/** A short, readable excerpt of a signed or sent value for a sentence. */
export function excerpt(text: string, t: Translate, max = 80): string {
  if (text === '') return t(CAUSE_WORDS.emptyBody);
  const shown = text.replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
  return shown.length > max ? `${shown.slice(0, max - 1)}…` : shown;
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

function buildAlternatives(sent: SearchRequest, options: SearchOptions): Alternative[] {
  const list: Alternative[] = [];
  const add = (part: PartName, cause: Cause, message: CauseMessage, apply: (state: State) => void, args: (t: Translate) => Array<string | number> = () => []) =>
    list.push({ part, cause, apply, sentence: (t) => t(CAUSE_MESSAGES[message], ...args(t)) });
  const setSegment = (index: number, value: string) => (state: State) => {
    state.seg[index] = value;
  };

  // Body serialization.
  for (const alternative of bodyAlternatives(sent.body)) {
    add('body', alternative.cause, alternative.message, (state) => {
      state.seg[BODY] = alternative.body;
    }, (t) => [excerpt(alternative.body, t), excerpt(sent.body, t)]);
  }

  // Timestamp: a millisecond clock read in the same second, a second clock read twice, or milliseconds sent.
  const ts = sent.timestamp;
  if (/^\d{1,11}$/.test(ts)) {
    const seconds = Number(ts);
    for (let ms = 0; ms < 1000; ms++) {
      const signed = String(seconds * 1000 + ms);
      add('timestamp', 'timestamp.milliseconds', 'millisecondsSigned', setSegment(TS, signed), () => [signed, ts]);
    }
    for (const skew of [-1, 1, -2, 2, -3, 3, -4, 4, -5, 5]) {
      const signed = String(seconds + skew);
      add('timestamp', 'timestamp.skew', 'skew', setSegment(TS, signed), () => [signed, ts]);
    }
  } else if (/^\d{13}$/.test(ts)) {
    const signed = String(Math.floor(Number(ts) / 1000));
    add('timestamp', 'timestamp.milliseconds', 'millisecondsSent', setSegment(TS, signed), () => [signed, ts]);
  }

  const method = sent.method.toLowerCase();
  add('method', 'method.lowercase', 'lowercase', setSegment(METHOD, method), () => [method, sent.method]);

  // Endpoint: the full URL, the path as the request line differs from it, another documented endpoint.
  const ep = sent.endpoint;
  const merged = normalizeEndpoint(ep);
  for (const host of new Set([...(options.hosts ?? []), ...KNOWN_HOSTS])) {
    const url = host.replace(/\/+$/, '') + merged;
    add('endpoint', 'endpoint.fullUrl', 'fullUrl', setSegment(EP, url), () => [url, ep]);
  }
  const pathVariants = [merged, `/${ep}`, `${ep}/`, ep.replace(/\/+$/, ''), ep.replace(/^\/+/, ''), ep.split('?')[0]!];
  for (const path of pathVariants) add('endpoint', 'endpoint.sentPath', 'sentPath', setSegment(EP, path), () => [path, ep]);
  for (const other of options.endpoints ?? DOCUMENTED_ENDPOINTS) add('endpoint', 'endpoint.other', 'otherEndpoint', setSegment(EP, other), () => [other, ep]);

  // Another client_code with its key (a hard-coded signer), or another environment's key with this client_code.
  for (const other of options.otherClients ?? []) {
    if (other.clientCode !== sent.clientCode) {
      add('clientCode', 'clientCode.other', 'otherClient', (state) => {
        state.seg[CC] = other.clientCode;
        state.key = other.signKey;
      }, () => [other.clientCode, sent.clientCode]);
    }
    // The same client_code with another key: the key of another environment (sandbox and production keys differ).
    add('clientCode', 'clientCode.other', other.clientCode === sent.clientCode ? 'otherEnvironmentKey' : 'otherClientKey', (state) => {
      state.key = other.signKey;
    }, () => [other.clientCode, sent.clientCode]);
  }

  // The key as loaded from a file or an environment variable.
  for (const [suffix, shown] of [['\n', '\\n'], ['\r\n', '\\r\\n'], [' ', '" "'], ['\t', '\\t']] as const) {
    add('key', 'key.whitespace', 'keyWhitespace', (state) => {
      state.key += suffix;
    }, () => [shown]);
  }
  add('key', 'key.whitespace', 'keyWhitespaceStart', (state) => {
    state.key = ` ${state.key}`;
  }, () => ['" "']);
  add('key', 'key.whitespace', 'keyTrimmed', (state) => {
    state.key = state.key.trim();
  });

  // Charset: Java's getBytes() with a platform charset, .NET's Encoding.ASCII.
  for (const charset of ['latin1', 'ascii'] as const) {
    const word = (t: Translate) => [t(CAUSE_WORDS[charset])];
    add('charset', 'charset', 'charsetMessage', (state) => {
      state.messageCharset = charset;
    }, word);
    add('charset', 'charset', 'charsetKey', (state) => {
      state.keyCharset = charset;
    }, word);
  }

  // The segments themselves: the extra one (an Authorization value some signers add) left out, or another order.
  if (sent.extra) {
    const extra = sent.extra;
    add('order', 'order.segments', 'withoutExtra', (state) => {
      state.seg[4] = '';
    }, () => [extra]);
  }
  // Segment order (the body, and the extra segment, stay last).
  const names = ['client_code', 'timestamp', 'method', 'endpoint'];
  for (const order of permutations([0, 1, 2, 3])) {
    if (order.every((p, i) => p === i)) continue;
    const frozen = Object.freeze(order);
    add('order', 'order.segments', 'segments', (state) => {
      state.order = frozen;
    }, () => [order.map((i) => names[i]).join(' + ')]);
  }

  add('algorithm', 'output.plainSha1', 'plainSha1', (state) => {
    state.algorithm = 'plain';
  });
  add('algorithm', 'output.swapped', 'swapped', (state) => {
    state.algorithm = 'swapped';
  });
  const parts = options.parts;
  return parts ? list.filter((a) => parts.includes(a.part)) : list;
}

function baseState(sent: SearchRequest, key: string): State {
  return {
    seg: [sent.clientCode, sent.timestamp, sent.method, sent.endpoint, sent.extra ?? '', sent.body],
    order: undefined,
    key,
    messageCharset: 'utf8',
    keyCharset: 'utf8',
    algorithm: 'hmac',
  };
}

function reset(state: State, base: State): State {
  for (let i = 0; i < 6; i++) state.seg[i] = base.seg[i]!;
  state.order = undefined;
  state.key = base.key;
  state.messageCharset = 'utf8';
  state.keyCharset = 'utf8';
  state.algorithm = 'hmac';
  return state;
}

/**
 * Searches for the mistakes that turn the request as sent into their signature: none (a match), one, or two in
 * different parts. The sign_key is used, never returned.
 */
export function searchSignature(sent: SearchRequest, key: string, signature: string, t: Translate, options: SearchOptions = {}): SearchResult {
  return runSteps(searchSteps(sent, key, signature, t, options));
}

/**
 * The same search in slices of about `sliceMs` of work, yielding to the event loop between them, so that a server
 * or an extension host sharing the thread keeps answering; resolves to undefined once `signal` is aborted.
 */
export function searchSignatureInSlices(
  sent: SearchRequest,
  key: string,
  signature: string,
  t: Translate,
  options: SearchOptions & SliceOptions = {},
): Promise<SearchResult | undefined> {
  return runStepsInSlices(searchSteps(sent, key, signature, t, options), options);
}

export interface SliceOptions {
  signal?: AbortSignal;
  /** Work between two pauses, in milliseconds. */
  sliceMs?: number;
}

/** Runs a stepped computation to its end at once. */
export function runSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Runs a stepped computation, pausing for the event loop every `sliceMs`; undefined once aborted. */
export async function runStepsInSlices<T>(steps: Generator<void, T>, options: SliceOptions = {}): Promise<T | undefined> {
  const sliceMs = options.sliceMs ?? 10;
  let sliceStart = performance.now();
  for (;;) {
    if (options.signal?.aborted) return undefined;
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
}

/** Above this many bytes of raw_signature, pairs of parts are searched only when their product is small. */
export const LARGE_MESSAGE_BYTES = 16 * 1024;
const LARGE_PAIR_PRODUCT = 2_000;

/** Digests between two chances to pause (a power of two minus one, as a mask). */
const PAUSE_EVERY = 1023;

/** The search as steps: it pauses (yields) every thousand digests or so. */
export function* searchSteps(sent: SearchRequest, key: string, signature: string, t: Translate, options: SearchOptions): Generator<void, SearchResult> {
  const theirs = signature.trim();
  const base = baseState(sent, key);
  const ours = createHmac('sha1', key).update(compose(base), 'utf8').digest('hex');
  if (theirs === ours) return { match: true, decodable: true, digests: 1 };
  const decoded = decodeSignature(theirs);
  const result: SearchResult = { match: false, decodable: decoded.length > 0, digests: 1 };
  if (!decoded.length) return result;

  // Drop every alternative that changes nothing, or the same as an earlier one (simplest first).
  const seen = new Set([fingerprint(base)]);
  const probe = baseState(sent, key);
  const alternatives = buildAlternatives(sent, options).filter((alternative) => {
    alternative.apply(reset(probe, base));
    const bytes = fingerprint(probe);
    if (seen.has(bytes)) return false;
    seen.add(bytes);
    return true;
  });
  const byPart = PART_NAMES.map((part) => alternatives.filter((a) => a.part === part)).filter((group) => group.length > 0);
  // Every two parts, the cheapest products first: a pair is found sooner on average, and the millisecond sweep
  // (a thousand timestamps times every other mistake) runs last.
  const pairsOfParts: Array<[Alternative[], Alternative[]]> = [];
  for (let i = 0; i < byPart.length; i++) for (let j = i + 1; j < byPart.length; j++) pairsOfParts.push([byPart[i]!, byPart[j]!]);
  pairsOfParts.sort((a, b) => a[0].length * a[1].length - b[0].length * b[1].length);
  // A large message makes every digest dear: its pair search keeps only the small products (the millisecond sweep
  // times everything would hash gigabytes of a 64 KiB body).
  if (Buffer.byteLength(compose(base), 'utf8') > LARGE_MESSAGE_BYTES) {
    for (let i = pairsOfParts.length - 1; i >= 0; i--) if (pairsOfParts[i]![0].length * pairsOfParts[i]![1].length > LARGE_PAIR_PRODUCT) pairsOfParts.splice(i, 1);
  }

  for (const hash of ['sha1', 'sha256'] as const) {
    const targets = decoded.filter((d) => d.bytes.length === (hash === 'sha1' ? 20 : 32));
    if (!targets.length) continue;
    const state = baseState(sent, key);
    const digest = digester(hash);
    const only = targets.length === 1 ? targets[0] : undefined;
    const hit = (): Decoded | undefined => {
      result.digests++;
      const bytes = digest(state);
      if (only) return only.bytes.equals(bytes) ? only : undefined;
      return targets.find((target) => target.bytes.equals(bytes));
    };
    const found = (applied: Alternative[], target: Decoded): SearchResult => {
      const findings: Finding[] = [];
      const say = (cause: Cause, sentence: string) => {
        if (!findings.some((f) => f.cause === cause && f.sentence === sentence)) findings.push({ cause, sentence });
      };
      for (const alternative of applied) {
        say(alternative.cause, alternative.sentence(t));
        if (alternative.part === 'body' && options.bodyIsSent && alternative.cause !== 'body.signedNotSent') {
          say('body.signedNotSent', t(CAUSE_MESSAGES.signedNotSent));
        }
      }
      if (hash === 'sha256') say('output.sha256', t(CAUSE_MESSAGES.sha256));
      if (target.output === 'output.upperHex') say('output.upperHex', t(CAUSE_MESSAGES.upperHex));
      if (target.output === 'output.base64') say('output.base64', t(CAUSE_MESSAGES.base64));
      reset(state, base);
      for (const alternative of applied) alternative.apply(state);
      const order = state.order ?? [0, 1, 2, 3];
      const indices = [...order, 4, 5].filter((i) => i !== 4 || state.seg[4] !== '');
      result.reproduced = {
        findings,
        rawSignature: compose(state),
        segments: indices.map((i) => ({ name: SEGMENTS[i]!, text: state.seg[i]! })),
      };
      return result;
    };

    let target = hit();
    if (target) return found([], target);
    for (const group of byPart) {
      for (const alternative of group) {
        alternative.apply(reset(state, base));
        target = hit();
        if (target) return found([alternative], target);
        if (!(result.digests & PAUSE_EVERY)) yield;
      }
    }
    for (const [firsts, seconds] of pairsOfParts) {
      for (const first of firsts) {
        for (const second of seconds) {
          reset(state, base);
          first.apply(state);
          second.apply(state);
          target = hit();
          if (target) return found([first, second], target);
          if (!(result.digests & PAUSE_EVERY)) yield;
        }
      }
    }
  }
  return result;
}
