// Why does someone's signature differ from ours? The debugger's question: their signature (and optionally their raw
// string, sent body and sent timestamp) against the request shown. The search (signatureSearch.ts) names the causes;
// this adds what only the debugger has: their raw_signature, their sent body and timestamp. Runs in the extension
// host: it needs the key, and never returns it.
import { createHmac } from 'node:crypto';
import { CAUSE_MESSAGES, CAUSE_WORDS, type Cause } from './causes';
import { decodeSignature, runSteps, runStepsInSlices, searchSteps, type OtherClient, type SliceOptions } from './signatureSearch';
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
  /** The cause for a finding of the search; a remark's own id otherwise (e.g. `noneMatched`). */
  id: string;
  cause?: Cause;
  /** One sentence: what was signed, what was sent, what to change. */
  sentence: string;
}

export interface Diagnosis {
  ourSignature: string;
  match: boolean;
  /** True when their signature is the HMAC of their own raw_signature under this key (so the strings differ). */
  theirRawSignedWithThisKey?: boolean;
  firstDifference?: Difference;
  findings: Finding[];
  /** The raw_signature their program must have signed, when a candidate reproduces their signature. */
  reproduced?: { rawSignature: string; segments: Array<{ name: SegmentName; text: string }> };
}

export interface DiagnoseOptions {
  otherClients?: readonly OtherClient[];
  endpoints?: readonly string[];
}

/** Remarks that are not a cause of a wrong signature but help read the comparison. */
const REMARKS = {
  sentBodyMatches: 'Your signature is right for the body you sent, which differs from the body here: put that body in the Body field to compare like with like.',
  sentTimestampMatches: 'Your signature is right for the timestamp you sent ({0}), which differs from the one here: put it in the timestamp field to compare like with like.',
  notHex: 'Your signature is not 40 hexadecimal characters; an HMAC-SHA1 in hex always is.',
  theirRawSigned: 'Your raw_signature is signed correctly with this key, so the difference is in the string itself: it first differs at byte {0} ({1}).',
  noneMatched: 'None of the known mistakes, alone or two at once, reproduces your signature: check that you use the key with fingerprint {0} and client_code "{1}", and paste your raw_signature to find the first differing byte.',
};

/** Every message template of the diagnosis (for localization checks). */
export const FINDING_MESSAGES: readonly string[] = [...Object.values(CAUSE_MESSAGES), ...Object.values(CAUSE_WORDS), ...Object.values(REMARKS)];

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

const hmacBytes = (key: string, message: string) => createHmac('sha1', key).update(message, 'utf8').digest();
/** Their signature is this digest, however it is written. */
const writtenAs = (theirs: string, bytes: Buffer) => decodeSignature(theirs).some((d) => d.bytes.equals(bytes));

/**
 * Compares their signature (and optionally raw string and request) with ours, and explains the difference.
 * `hosts`: base URLs (scheme and host) worth trying as a "full URL instead of the path" mistake.
 */
export function diagnose(input: SignatureInput, key: string, their: TheirSide, t: Translate, hosts: readonly string[] = [], options: DiagnoseOptions = {}): Diagnosis {
  return runSteps(diagnoseSteps(input, key, their, t, hosts, options));
}

/** The same diagnosis in slices that leave the event loop free; undefined once `options.signal` is aborted. */
export function diagnoseInSlices(
  input: SignatureInput,
  key: string,
  their: TheirSide,
  t: Translate,
  hosts: readonly string[] = [],
  options: DiagnoseOptions & SliceOptions = {},
): Promise<Diagnosis | undefined> {
  return runStepsInSlices(diagnoseSteps(input, key, their, t, hosts, options), options);
}

/** The diagnosis as steps (see searchSteps). */
export function* diagnoseSteps(input: SignatureInput, key: string, their: TheirSide, t: Translate, hosts: readonly string[], options: DiagnoseOptions): Generator<void, Diagnosis> {
  const ours = buildRawSignature(input);
  const ourSignature = hmacBytes(key, ours.raw).toString('hex');
  const theirs = their.signature.trim();
  const result: Diagnosis = { ourSignature, match: theirs === ourSignature, findings: [] };
  const remark = (id: keyof typeof REMARKS, ...args: Array<string | number>) => result.findings.push({ id, sentence: t(REMARKS[id], ...args) });
  const cause = (id: Cause, sentence: string) => {
    if (!result.findings.some((f) => f.cause === id)) result.findings.push({ id, cause: id, sentence });
  };
  const timestamp = String(input.timestamp);
  const sentTimestamp = their.sentTimestamp !== undefined && their.sentTimestamp !== timestamp ? their.sentTimestamp : undefined;
  const sentBody = their.sentBody !== undefined && their.sentBody !== input.body ? their.sentBody : undefined;

  if (their.rawSignature !== undefined) result.firstDifference = firstDifference(ours.raw, their.rawSignature, ours.segments);
  if (result.match) {
    // The signature is right for what is shown here; the request they sent may still carry something else.
    if (sentBody !== undefined) cause('body.signedNotSent', t(CAUSE_MESSAGES.signedNotSent));
    if (sentTimestamp !== undefined) cause('timestamp.skew', t(CAUSE_MESSAGES.skew, timestamp, sentTimestamp));
    return result;
  }
  if (!theirs) return result;

  // Right for what they sent, which is not what is shown here: compare like with like first.
  if (sentTimestamp !== undefined && writtenAs(theirs, hmacBytes(key, rawSignatureText({ ...input, timestamp: sentTimestamp })))) {
    remark('sentTimestampMatches', sentTimestamp);
    return result;
  }
  if (sentBody !== undefined && writtenAs(theirs, hmacBytes(key, rawSignatureText({ ...input, body: sentBody })))) {
    remark('sentBodyMatches');
    return result;
  }

  const search = yield* searchSteps({ ...input, timestamp }, key, theirs, t, { hosts, otherClients: options.otherClients ?? [], ...(options.endpoints ? { endpoints: options.endpoints } : {}) });
  if (search.reproduced) {
    for (const finding of search.reproduced.findings) cause(finding.cause, finding.sentence);
    const signedBody = search.reproduced.segments.find((s) => s.name === 'body')?.text;
    if (sentBody !== undefined && signedBody !== sentBody) cause('body.signedNotSent', t(CAUSE_MESSAGES.signedNotSent));
    result.reproduced = { rawSignature: search.reproduced.rawSignature, segments: search.reproduced.segments };
    return result;
  }

  if (their.rawSignature !== undefined) {
    if (writtenAs(theirs, hmacBytes(key, their.rawSignature))) {
      result.theirRawSignedWithThisKey = true;
      const diff = result.firstDifference;
      if (diff) remark('theirRawSigned', diff.byteIndex, diff.segment);
      for (const d of decodeSignature(theirs)) if (d.output) cause(d.output, t(CAUSE_MESSAGES[d.output === 'output.upperHex' ? 'upperHex' : 'base64']));
      return result;
    }
    // Their string, their key and algorithm mistakes: the same search over their raw string as one segment.
    const onTheirs = yield* searchSteps({ clientCode: '', timestamp: '', method: '', endpoint: '', body: their.rawSignature }, key, theirs, t, { parts: ['key', 'charset', 'algorithm'] });
    if (onTheirs.reproduced) {
      for (const finding of onTheirs.reproduced.findings) cause(finding.cause, finding.sentence);
      return result;
    }
  }
  if (!search.decodable) remark('notHex');
  remark('noneMatched', keyFingerprint(key), input.clientCode);
  return result;
}
