// Why does someone's signature differ from ours? Recompute the signature under each common mistake and report
// the ones that reproduce it, each with one sentence on what to change. Runs in the extension host: it needs the key.
import { createHash, createHmac } from 'node:crypto';
import { bodyVariants } from './jsonVariants';
import { buildRawSignature, keyFingerprint, rawSignatureText, type SegmentName, type SignatureInput } from '../signing/signing';
import type { Translate } from '../translate';

export interface TheirSide {
  /** The signature their application produced. */
  signature: string;
  /** Their raw_signature string, when they have it. */
  rawSignature?: string;
  /** The body their application sent, when they have it. */
  sentBody?: string;
  /** The timestamp header their application sent, when they have it. */
  sentTimestamp?: string;
}

export interface Difference {
  /** UTF-16 index and UTF-8 byte offset of the first difference. */
  index: number;
  byteIndex: number;
  /** The part of our raw_signature it falls in (`end` when one string is a prefix of the other). */
  segment: SegmentName | 'end';
  ours: string;
  theirs: string;
}

export interface Finding {
  id: string;
  /** One sentence: what is different and what to change. */
  sentence: string;
}

export interface Diagnosis {
  ourSignature: string;
  match: boolean;
  /** True when their signature is the HMAC of their own raw_signature under this key (so the strings differ). */
  theirRawSignedWithThisKey?: boolean;
  firstDifference?: Difference;
  findings: Finding[];
}

type Algorithm = 'hmac-sha1' | 'hmac-sha256' | 'sha1' | 'hmac-sha1-swapped';

interface Candidate {
  id: string;
  args?: Array<string | number>;
  raw: string;
  key: string;
  algorithm: Algorithm;
  /** For body variants: the body this candidate signs. */
  body?: string;
}

const FINDINGS: Record<string, string> = {
  pythonDefault: "Your body was serialized like Python's json.dumps default (spaces after \":\" and \",\", non-ASCII as \\uXXXX): use json.dumps(data, separators=(',', ':'), ensure_ascii=False) and send that same string.",
  pythonSpaces: "Your body has spaces after \":\" and \",\": serialize compactly (Python: separators=(',', ':')) and send the exact string you signed.",
  asciiEscapes: 'Your body escapes non-ASCII characters as \\uXXXX: sign them as UTF-8 (Python: ensure_ascii=False; PHP: JSON_UNESCAPED_UNICODE).',
  phpDefault: "Your body was serialized like PHP's json_encode default (\\/ for slashes, \\uXXXX for non-ASCII): use json_encode($data, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE).",
  escapedSlashes: "Your body escapes \"/\" as \"\\/\" (PHP's default): add JSON_UNESCAPED_SLASHES to json_encode.",
  goHtmlEscapes: "Your body escapes <, > and & as \\u003c, \\u003e and \\u0026 (Go's json.Marshal): encode with a json.Encoder with SetEscapeHTML(false) and trim its trailing newline.",
  goMap: "Your body has sorted keys and escaped <, > and &, like Go's json.Marshal of a map: marshal a struct with the fields in order, with SetEscapeHTML(false).",
  sortedKeys: 'Your body has its keys in alphabetical order: keep the order of the body you send, and sign exactly those bytes.',
  pretty: 'Your body was pretty-printed (indented, on several lines): sign and send compact JSON.',
  pretty4: 'Your body was pretty-printed (indented, on several lines): sign and send compact JSON.',
  trailingNewline: 'Your body ends with a newline: sign and send the JSON without it.',
  compact: 'Your signature is over the compact form of this body, not the text shown here: sign exactly the bytes you send.',
  sentBodyMatches: 'Your signature is right for the body you sent, which differs from the body here: put that body in the Body field to compare like with like.',
  sentTimestampMatches: 'Your signature is right for the timestamp you sent ({0}), which differs from the one here: put it in the timestamp field to compare like with like.',
  emptyArray: 'Your body is [] (PHP json_encode of an empty array): send {} for an empty object, e.g. json_encode(new stdClass).',
  emptyString: 'Your raw_signature has no body at all: append the JSON body ({} when there are no fields).',
  signedDiffersFromSent: 'You signed one serialization of the body and sent another: serialize once, then sign and send those same bytes.',
  millisecondTimestamp: 'You signed a timestamp in milliseconds ({0}): use Unix time in whole seconds in both the signature and the timestamp header.',
  timestampSkew: 'You signed timestamp {0} but the request says {1}: read the clock once and use that value for both.',
  lowercaseMethod: 'You signed the method in lower case: use "POST".',
  fullUrl: 'You signed the full URL ({0}) instead of the path: sign only the path, e.g. /api/v1/integration/payment/void.',
  doubledSlash: 'Your endpoint has a doubled slash: sign the path exactly, e.g. /api/v1/integration/payment/void.',
  endpointSlash: 'Your endpoint differs by a slash ({0}): sign the path exactly as documented, e.g. /api/v1/integration/payment/void.',
  keyWhitespace: 'Your sign_key ends with {0}: trim the key where you load it (files and environment variables often add a newline).',
  keyWhitespaceStart: 'Your sign_key starts with {0}: trim the key where you load it.',
  upperHex: 'Your signature is upper-case hex: send it in lower case (hexdigest(), digest("hex")).',
  base64: 'Your signature is Base64: send the HMAC as lower-case hex instead.',
  sha256: 'Your signature is HMAC-SHA256: Prakerja uses HMAC-SHA1.',
  plainSha1: 'Your signature is a plain SHA-1 hash without the key: use HMAC-SHA1 with the sign_key as the key.',
  swappedKey: 'Your HMAC has key and message swapped: the key is the sign_key and the message is raw_signature.',
  segmentOrder: 'Your raw_signature has its parts in another order ({0}): concatenate client_code + timestamp + method + endpoint + body.',
  withoutExtra: 'Your signature leaves out the extra segment ({0}): include it between endpoint and body, or clear it here if this endpoint does not sign it.',
  withExtra: 'Your signature includes an extra segment between endpoint and body that is not signed here.',
  notHex: 'Your signature is not 40 hexadecimal characters; an HMAC-SHA1 in hex always is.',
  theirRawSigned: 'Your raw_signature is signed correctly with this key, so the difference is in the string itself: it first differs at byte {0} ({1}).',
  noneMatched: 'None of the common mistakes reproduces your signature: check that you use the key with fingerprint {0} and client_code "{1}", and paste your raw_signature to find the first differing byte.',
};

/** The message templates of every finding (for localization checks). */
export const FINDING_MESSAGES: readonly string[] = Object.values(FINDINGS);

const KNOWN_HOSTS = ['https://api.prakerja.go.id', 'https://testapi123.prakerja.go.id', 'https://api-ssn.prakerja.go.id'];

function digest(candidate: Candidate): Buffer {
  switch (candidate.algorithm) {
    case 'hmac-sha1':
      return createHmac('sha1', candidate.key).update(candidate.raw, 'utf8').digest();
    case 'hmac-sha256':
      return createHmac('sha256', candidate.key).update(candidate.raw, 'utf8').digest();
    case 'sha1':
      return createHash('sha1').update(candidate.raw, 'utf8').digest();
    case 'hmac-sha1-swapped':
      return createHmac('sha1', candidate.raw).update(candidate.key, 'utf8').digest();
  }
}

/** How their signature relates to a digest: the same bytes as lower hex, upper hex or Base64. */
function encodingMatch(theirs: string, bytes: Buffer): 'hex' | 'upperHex' | 'base64' | undefined {
  const hex = bytes.toString('hex');
  if (theirs === hex) return 'hex';
  if (theirs === hex.toUpperCase()) return 'upperHex';
  const b64 = bytes.toString('base64');
  if (theirs === b64 || theirs === b64.replace(/=+$/, '') || theirs === b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')) return 'base64';
  return undefined;
}

export function firstDifference(ours: string, theirs: string, segments: ReturnType<typeof buildRawSignature>['segments']): Difference | undefined {
  if (ours === theirs) return undefined;
  let index = 0;
  while (index < ours.length && index < theirs.length && ours[index] === theirs[index]) index++;
  const segment = segments.find((s) => index >= s.start && index < s.end)?.name ?? 'end';
  return {
    index,
    byteIndex: Buffer.byteLength(ours.slice(0, index), 'utf8'),
    segment,
    ours: ours.slice(index, index + 12),
    theirs: theirs.slice(index, index + 12),
  };
}

/** Bodies above this size skip the millisecond sweep: 1,000 HMACs of a large body would stall the extension host. */
const SWEEP_LIMIT = 16 * 1024;

/** Builds the candidates: each common mistake applied alone to our request. */
function candidates(input: SignatureInput, key: string, their: TheirSide, hosts: readonly string[]): Candidate[] {
  const list: Candidate[] = [];
  const raw = (changes: Partial<SignatureInput>) => rawSignatureText({ ...input, ...changes });
  const base = raw({});
  const add = (id: string, candidateRaw: string, args: Array<string | number> = [], candidateKey = key, algorithm: Algorithm = 'hmac-sha1') =>
    list.push({ id, raw: candidateRaw, key: candidateKey, algorithm, args });

  for (const variant of bodyVariants(input.body)) list.push({ id: variant.id, raw: raw({ body: variant.body }), key, algorithm: 'hmac-sha1', body: variant.body });
  if (their.sentBody !== undefined && their.sentBody !== input.body) add('sentBodyMatches', raw({ body: their.sentBody }));

  const seconds = Number(input.timestamp);
  if (Number.isInteger(seconds) && String(input.timestamp).length <= 11 && input.body.length <= SWEEP_LIMIT) {
    // A millisecond clock read at the same second: 1,000 candidates, about a millisecond of work.
    for (let ms = 0; ms < 1000; ms++) add('millisecondTimestamp', raw({ timestamp: seconds * 1000 + ms }), [seconds * 1000 + ms]);
    for (const skew of [-5, -4, -3, -2, -1, 1, 2, 3, 4, 5]) add('timestampSkew', raw({ timestamp: seconds + skew }), [seconds + skew, String(input.timestamp)]);
  }
  if (input.method !== input.method.toLowerCase()) add('lowercaseMethod', raw({ method: input.method.toLowerCase() }));
  for (const host of new Set([...hosts, ...KNOWN_HOSTS])) add('fullUrl', raw({ endpoint: host + input.endpoint }), [host + input.endpoint]);
  add('doubledSlash', raw({ endpoint: `/${input.endpoint}` }));
  add('endpointSlash', raw({ endpoint: `${input.endpoint}/` }), [`${input.endpoint}/`]);
  if (input.endpoint.startsWith('/')) add('endpointSlash', raw({ endpoint: input.endpoint.slice(1) }), [input.endpoint.slice(1)]);
  if (input.extra) add('withoutExtra', raw({ extra: '' }), [input.extra]);

  const whitespace: Array<[string, string, string]> = [
    ['keyWhitespace', `${key}\n`, '\\n'],
    ['keyWhitespace', `${key}\r\n`, '\\r\\n'],
    ['keyWhitespace', `${key} `, '␠'],
    ['keyWhitespace', `${key}\t`, '\\t'],
    ['keyWhitespaceStart', ` ${key}`, '␠'],
  ];
  for (const [id, variantKey, what] of whitespace) add(id, base, [what], variantKey);

  add('sha256', base, [], key, 'hmac-sha256');
  add('plainSha1', base, [], key, 'sha1');
  add('swappedKey', base, [], key, 'hmac-sha1-swapped');

  const parts: Array<[string, string]> = [
    ['client_code', input.clientCode],
    ['timestamp', String(input.timestamp)],
    ['method', input.method],
    ['endpoint', input.endpoint],
  ];
  for (const order of permutations(parts)) {
    if (order.every((p, i) => p === parts[i])) continue;
    add('segmentOrder', order.map((p) => p[1]).join('') + (input.extra ?? '') + input.body, [order.map((p) => p[0]).join(' + ')]);
  }
  return list;
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

/**
 * Compares their signature (and optionally raw string and request) with ours, and explains the difference.
 * `hosts`: base URLs (scheme and host) worth trying as a "full URL instead of the path" mistake.
 */
export function diagnose(input: SignatureInput, key: string, their: TheirSide, t: Translate, hosts: readonly string[] = []): Diagnosis {
  const ours = buildRawSignature(input);
  const ourBytes = createHmac('sha1', key).update(ours.raw, 'utf8').digest();
  const ourSignature = ourBytes.toString('hex');
  const theirs = their.signature.trim();
  const result: Diagnosis = { ourSignature, match: theirs === ourSignature, findings: [] };
  const say = (id: string, ...args: Array<string | number>) => {
    if (!result.findings.some((f) => f.id === id)) result.findings.push({ id, sentence: t(FINDINGS[id]!, ...args) });
  };

  if (their.rawSignature !== undefined) {
    result.firstDifference = firstDifference(ours.raw, their.rawSignature, ours.segments);
  }
  if (result.match) {
    // The signature is right for what is shown here; the request they sent may still carry something else.
    if (their.sentBody !== undefined && their.sentBody !== input.body) say('signedDiffersFromSent');
    if (their.sentTimestamp !== undefined && their.sentTimestamp !== String(input.timestamp)) say('timestampSkew', String(input.timestamp), their.sentTimestamp);
    return result;
  }
  if (!theirs) return result;

  // The same bytes, only encoded differently.
  const encoding = encodingMatch(theirs, ourBytes);
  if (encoding === 'upperHex' || encoding === 'base64') {
    say(encoding);
    return result;
  }

  if (their.sentTimestamp !== undefined && their.sentTimestamp !== String(input.timestamp)) {
    // Compared against the timestamp they sent, the signed one is a skew (or the other way round).
    const sent = rawSignatureText({ ...input, timestamp: their.sentTimestamp });
    if (encodingMatch(theirs, createHmac('sha1', key).update(sent, 'utf8').digest())) {
      say('sentTimestampMatches', their.sentTimestamp);
      return result;
    }
  }

  const all = candidates(input, key, their, hosts);
  for (const candidate of all) {
    const how = encodingMatch(theirs, digest(candidate));
    if (!how) continue;
    say(candidate.id, ...(candidate.args ?? []));
    if (candidate.body !== undefined && their.sentBody !== undefined && candidate.body !== their.sentBody) say('signedDiffersFromSent');
    if (how !== 'hex') say(how);
    break;
  }

  if (result.findings.length === 0 && their.rawSignature !== undefined) {
    const theirBytes = createHmac('sha1', key).update(their.rawSignature, 'utf8').digest();
    const signedTheirs = encodingMatch(theirs, theirBytes);
    if (signedTheirs) {
      result.theirRawSignedWithThisKey = true;
      const diff = result.firstDifference;
      if (diff) say('theirRawSigned', diff.byteIndex, diff.segment);
      if (signedTheirs !== 'hex') say(signedTheirs);
    } else {
      // Their string, their key mistakes: apply the key and algorithm variants to their raw string.
      for (const candidate of all.filter((c) => ['keyWhitespace', 'keyWhitespaceStart', 'sha256', 'plainSha1', 'swappedKey'].includes(c.id))) {
        const how = encodingMatch(theirs, digest({ ...candidate, raw: their.rawSignature }));
        if (!how) continue;
        say(candidate.id, ...(candidate.args ?? []));
        if (how !== 'hex') say(how);
        break;
      }
    }
  }
  if (result.findings.length === 0) {
    if (!/^[0-9a-fA-F]{40}$/.test(theirs) && !/^[A-Za-z0-9+/_-]{27}=?$/.test(theirs)) say('notHex');
    say('noneMatched', keyFingerprint(key), input.clientCode);
  }
  return result;
}
