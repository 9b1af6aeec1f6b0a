// What the signature debugger shows for a given state: computed in the extension host (it needs the key), sent to
// the webview without it.
import type { DebugState, HostMessage } from './protocol';
import { diagnoseSteps } from '../../core/diagnosis/diagnosis';
import { runSteps, runStepsInSlices, type OtherClient } from '../../core/diagnosis/signatureSearch';
import { joinUrl, toCurl, VOID_ENDPOINT } from '../../core/signing/request';
import { buildRawSignature, hmacSha1Hex, keyFingerprint } from '../../core/signing/signing';
import { SNIPPET_LANGUAGES, snippet } from '../../core/signing/snippets';
import type { Translate } from '../../core/translate';

export type DebugResult = Extract<HostMessage, { type: 'result' }>;

export const VOID_BODY_TEMPLATE = '{"invoice_code":"INV-2026-0001","transaction_code":"TRX-OK-001"}';

/** A Void request to sign, with nothing of the user's to compare yet: what the debugger opens with. */
export function voidDebugState(start: Pick<DebugState, 'environment' | 'clientCode' | 'timestamp'>): DebugState {
  return { ...start, method: 'POST', endpoint: VOID_ENDPOINT, body: VOID_BODY_TEMPLATE, extra: '', theirSignature: '', theirRaw: '', theirBody: '', theirTimestamp: '' };
}

/** Remarks on the inputs themselves: things that would make a real request fail even with a correct HMAC. */
export function inputNotes(state: DebugState, t: Translate): string[] {
  const notes: string[] = [];
  let parsed: unknown;
  let isJson = true;
  try {
    parsed = JSON.parse(state.body);
  } catch {
    isJson = false;
    notes.push(t('The body is not valid JSON; the API expects a JSON object.'));
  }
  if (isJson && JSON.stringify(parsed) !== state.body) notes.push(t('The body is not written the way JSON.stringify would write it (spaces, line breaks, escapes, number format or key order); it is signed exactly as shown.'));
  if (/^\d{13}$/.test(state.timestamp)) notes.push(t('The timestamp has 13 digits: that is milliseconds; the API wants seconds.'));
  else if (!/^\d{1,11}$/.test(state.timestamp)) notes.push(t('The timestamp must be Unix time in whole seconds (digits only).'));
  if (state.method !== state.method.toUpperCase()) notes.push(t('The method must be upper case, e.g. POST.'));
  if (/^[a-z]+:\/\//i.test(state.endpoint)) notes.push(t('The endpoint must be the path only, without scheme and host.'));
  else if (!state.endpoint.startsWith('/') || state.endpoint.startsWith('//')) notes.push(t('The endpoint must start with exactly one "/".'));
  if (state.endpoint.includes('?')) notes.push(t('The endpoint must not include a query string.'));
  return notes;
}

/**
 * `otherClients`: the credentials of the user's other environments, tried as a signer that hard-codes another
 * client_code and key; their keys are used here and never leave the host.
 */
export function computeDebugResult(seq: number, state: DebugState, signKey: string | undefined, baseUrl: string, t: Translate, otherClients: readonly OtherClient[] = []): DebugResult {
  return runSteps(debugResultSteps(seq, state, signKey, baseUrl, t, otherClients));
}

/**
 * The same result computed in slices that leave the extension host's event loop free (the diagnosis may make tens
 * of thousands of HMACs); undefined once `signal` is aborted, e.g. because the inputs changed.
 */
export function computeDebugResultInSlices(
  seq: number,
  state: DebugState,
  signKey: string | undefined,
  baseUrl: string,
  t: Translate,
  otherClients: readonly OtherClient[],
  signal: AbortSignal,
): Promise<DebugResult | undefined> {
  return runStepsInSlices(debugResultSteps(seq, state, signKey, baseUrl, t, otherClients), { signal });
}

function* debugResultSteps(seq: number, state: DebugState, signKey: string | undefined, baseUrl: string, t: Translate, otherClients: readonly OtherClient[]): Generator<void, DebugResult> {
  const input = {
    clientCode: state.clientCode,
    timestamp: state.timestamp,
    method: state.method,
    endpoint: state.endpoint,
    body: state.body,
    ...(state.extra ? { extra: state.extra } : {}),
  };
  const raw = buildRawSignature(input);
  const signature = signKey === undefined ? undefined : hmacSha1Hex(signKey, raw.raw);
  const result: DebugResult = {
    type: 'result',
    seq,
    raw: raw.raw,
    byteLength: raw.byteLength,
    segments: raw.segments.map(({ name, start, end, byteStart, byteEnd }) => ({ name, start, end, byteStart, byteEnd })),
    notes: inputNotes(state, t),
    snippets: Object.fromEntries(SNIPPET_LANGUAGES.map((language) => [language, snippet(language, input)])),
    curl: toCurl({
      environment: state.environment,
      method: state.method,
      url: joinUrl(baseUrl, state.endpoint),
      endpoint: state.endpoint,
      headers: { 'content-type': 'application/json', client_code: state.clientCode, signature: signature ?? '<signature>', timestamp: state.timestamp },
      body: state.body,
      timestamp: state.timestamp,
      signature: signature ?? '',
      rawSignature: raw.raw,
      keyFingerprint: '',
    }),
  };
  if (signature !== undefined && signKey !== undefined) {
    result.signature = signature;
    result.fingerprint = keyFingerprint(signKey);
    if (state.theirSignature.trim() || state.theirRaw) {
      const diagnosis = yield* diagnoseSteps(
        input,
        signKey,
        {
          signature: state.theirSignature,
          ...(state.theirRaw ? { rawSignature: state.theirRaw } : {}),
          ...(state.theirBody ? { sentBody: state.theirBody } : {}),
          ...(state.theirTimestamp ? { sentTimestamp: state.theirTimestamp } : {}),
        },
        t,
        [baseUrl],
        { otherClients },
      );
      const ourText = new Map(raw.segments.map((s) => [s.name, s.text]));
      result.comparison = {
        match: diagnosis.match,
        findings: diagnosis.findings,
        ...(diagnosis.firstDifference ? { firstDifference: diagnosis.firstDifference } : {}),
        ...(diagnosis.reproduced
          ? {
              reproduced: {
                raw: diagnosis.reproduced.rawSignature,
                segments: diagnosis.reproduced.segments.map((s, i) => ({
                  ...s,
                  // A segment differs when its text, or its place in the order, is not ours.
                  differs: (ourText.get(s.name) ?? '') !== s.text || raw.segments[i]?.name !== s.name,
                })),
              },
            }
          : {}),
      };
    }
  }
  return result;
}
