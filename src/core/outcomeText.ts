// What a person reads about a request: one sentence for a notification, and a full block for the output channel.
// Server text is untrusted: control characters are made visible before it is shown anywhere.
import { lookupError, SANDBOX_CODES } from './errorCatalog';
import type { Outcome } from './http/client';
import { isVoidEndpoint } from './signedRequest/endpoints';
import type { Translate } from './translate';

export type Severity = 'info' | 'warning' | 'error';

/** Replaces control characters (other than newline and tab) with visible escapes, so text cannot forge lines. */
export function visible(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Cuts text to a length fit for one line of a notification or tooltip. Notifications turn `[label](target)` into a
 * link, so the `](` of server text is broken apart: a response can never plant a clickable command.
 */
export function clip(text: string, max = 200): string {
  const flat = visible(text).replace(/\s+/g, ' ').replace(/\]\s*\(/g, '] (').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

const host = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

/** The one-sentence outcome: what happened and what to try. */
export function describeOutcome(outcome: Outcome, t: Translate): { severity: Severity; sentence: string } {
  const seconds = (ms: number) => Math.round(ms / 100) / 10;
  // A Void's sentences speak of the void; any other request's of the request.
  const isVoid = isVoidEndpoint(outcome.request.endpoint);
  switch (outcome.kind) {
    case 'success':
      return { severity: 'info', sentence: isVoid ? t('Voided. The server answered: "{0}"', clip(outcome.message || 'OK')) : t('Succeeded. The server answered: "{0}"', clip(outcome.message || 'OK')) };
    case 'apiError': {
      // Not a refusal of the request: the signature was checked and is right; the sandbox just does not simulate it.
      if (outcome.code === SANDBOX_CODES.notSimulated) return { severity: 'info', sentence: t('Signature accepted; this endpoint is not simulated here (the local sandbox simulates only Void).') };
      const entry = lookupError(outcome.code);
      if (!entry) return { severity: 'error', sentence: t('Refused with code {0}: "{1}"', clip(outcome.code, 40), clip(outcome.message)) };
      const explanation = t(entry.explanation);
      return entry.source === 'local-sandbox'
        ? { severity: 'error', sentence: t('{0} (local sandbox): {1}', entry.code, explanation) }
        : { severity: 'error', sentence: t('{0}: {1}', entry.code, explanation) };
    }
    case 'httpError': {
      const { status, headers } = outcome.response;
      if (status === 429) {
        const retry = headers['retry-after'];
        return {
          severity: 'warning',
          sentence: retry
            ? t('The server is limiting requests (HTTP 429); wait {0} seconds before trying again.', clip(retry, 20))
            : t('The server is limiting requests (HTTP 429); wait a while before trying again.'),
        };
      }
      if (status >= 300 && status < 400) {
        return { severity: 'error', sentence: isVoid ? t('The server answered with a redirect (HTTP {0}), which is never followed for a void; check the base URL setting.', status) : t('The server answered with a redirect (HTTP {0}), which is never followed for a signed request; check the base URL setting.', status) };
      }
      if (status >= 500) {
        return { severity: 'error', sentence: isVoid ? t('The server failed (HTTP {0}); the void may or may not have been applied, so check the transaction before trying again.', status) : t('The server failed (HTTP {0}); the request may or may not have been acted on, so check before sending it again.', status) };
      }
      return { severity: 'error', sentence: t('The server answered HTTP {0} without a Prakerja response; see the output for its body.', status) };
    }
    case 'unexpectedResponse':
      if (outcome.reason === 'tooLarge') return { severity: 'error', sentence: t('The response was larger than {0} KB and was cut off; check the base URL setting.', Math.round(outcome.response.bodyText.length / 1024)) };
      if (outcome.reason === 'notJson') return { severity: 'error', sentence: t('The server answered HTTP {0} with a body that is not JSON; check that the base URL points at the Prakerja API.', outcome.response.status) };
      return { severity: 'error', sentence: t('The server answered with JSON that is not a Prakerja response; check that the base URL points at the Prakerja API.') };
    case 'timeout':
      if (!isVoid) {
        return outcome.phase === 'headers'
          ? { severity: 'error', sentence: t('No answer within {0} s; the request may still have reached the server, so check before sending it again.', seconds(outcome.timeoutMs)) }
          : { severity: 'error', sentence: t('The answer stopped arriving for {0} s; the request may have been acted on, so check before sending it again.', seconds(outcome.timeoutMs)) };
      }
      return outcome.phase === 'headers'
        ? { severity: 'error', sentence: t('No answer within {0} s; the void may still have reached the server, so check the transaction before trying again.', seconds(outcome.timeoutMs)) }
        : { severity: 'error', sentence: t('The answer stopped arriving for {0} s; the void may have been applied, so check the transaction before trying again.', seconds(outcome.timeoutMs)) };
    case 'cancelled':
      return isVoid
        ? { severity: 'warning', sentence: t('Cancelled. If the request had already left, the server may still have voided the transaction.') }
        : { severity: 'warning', sentence: t('Cancelled. If the request had already left, the server may still have acted on it.') };
    case 'networkError': {
      const where = host(outcome.request.url);
      switch (outcome.category) {
        case 'dns':
          return { severity: 'error', sentence: t('Could not find the host {0}; check the base URL setting and your network.', where) };
        case 'refused':
          return { severity: 'error', sentence: t('Nothing is listening at {0}; check that the server is running and the base URL is right.', where) };
        case 'reset':
          return { severity: 'error', sentence: isVoid ? t('The connection to {0} was cut before an answer arrived; the void may have reached the server.', where) : t('The connection to {0} was cut before an answer arrived; the request may have reached the server.', where) };
        case 'tls':
          return { severity: 'error', sentence: t('The TLS certificate of {0} is not trusted ({1}); check the base URL and any proxy in between.', where, outcome.errorCode) };
        default:
          return { severity: 'error', sentence: t('The request to {0} failed ({1}).', where, outcome.errorCode) };
      }
    }
  }
}

/** The refusals whose cause is in what was signed: the signature, the timestamp or the client (its key). */
const SIGNATURE_CAUSES: ReadonlySet<string> = new Set([
  SANDBOX_CODES.signatureInvalid,
  SANDBOX_CODES.timestampFormat,
  SANDBOX_CODES.timestampExpired,
  SANDBOX_CODES.unknownClient,
  SANDBOX_CODES.missingHeader,
]);

/**
 * Whether the Signature Debugger helps with this outcome: a refusal whose cause is the signature, the timestamp or
 * the client, or a refusal we have no entry for that the server answered with HTTP 401/403 (authentication). Never
 * for a success, a business-rule refusal (ERRPLT40028, ERRVOD40009, …) or a network fault.
 */
export function pointsAtSignature(outcome: { kind: string; code?: string | undefined; status?: number | undefined }): boolean {
  const auth = outcome.status === 401 || outcome.status === 403;
  if (outcome.kind === 'apiError') {
    if (outcome.code === undefined) return auth;
    return SIGNATURE_CAUSES.has(outcome.code) || (!lookupError(outcome.code) && auth);
  }
  return outcome.kind === 'httpError' && auth;
}

/** A short label for the outcome (history items, output headers): "success", a code, or the fault. */
export function outcomeLabel(outcome: Pick<Outcome, 'kind'> & { code?: string; response?: { status: number }; category?: string; phase?: string; reason?: string }, t: Translate): string {
  switch (outcome.kind) {
    case 'success':
      return t('success');
    case 'apiError':
      return outcome.code ? clip(outcome.code, 60) : t('error');
    case 'httpError':
      return t('HTTP {0}', outcome.response?.status ?? '?');
    case 'unexpectedResponse':
      return t('unexpected response');
    case 'timeout':
      return t('timeout');
    case 'cancelled':
      return t('cancelled');
    case 'networkError':
      return t('network error');
  }
}

function prettyBody(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');

const byteLength = (text: string) => new TextEncoder().encode(text).length;

/** A heading and, indented below it, the string as a JSON literal (every control character escaped). */
function signedLine(heading: string, text: string): string[] {
  return [heading, `    ${visible(JSON.stringify(text))}`];
}

/** The output channel's block for one request. Never contains the sign_key (outcomes never hold it). */
export function formatReport(outcome: Outcome, environmentLabel: string, t: Translate): string {
  const { request } = outcome;
  const lines: string[] = [];
  lines.push(`━━ ${outcome.sentAt} · ${environmentLabel} · ${outcomeLabel(outcome, t)} ━━`);
  lines.push(`${request.method} ${request.url}`);
  lines.push(t('Request headers:'));
  for (const [name, value] of Object.entries(request.headers)) lines.push(`    ${name}: ${visible(value)}`);
  lines.push(t('Key fingerprint: {0}', request.keyFingerprint));
  lines.push(t('Body: {0}', visible(request.body)));
  // On its own line, quoted and JSON-escaped: where the Output panel wraps it, nobody takes the wrap for a newline.
  lines.push(...signedLine(t('raw_signature ({0} bytes, signed as one line):', byteLength(request.rawSignature)), request.rawSignature));
  const response = 'response' in outcome ? outcome.response : undefined;
  if (response) {
    lines.push(t('Status: {0} · {1} ms', response.status, outcome.latencyMs));
    lines.push(t('Response headers:'));
    for (const [name, value] of Object.entries(response.headers)) lines.push(`    ${name}: ${visible(value)}`);
    lines.push(t('Response body{0}:', response.truncated ? t(' (cut off at {0} bytes)', response.bodyText.length) : ''));
    lines.push(indent(visible(prettyBody(response.bodyText)) || t('(empty)')));
    const type = response.headers['content-type'];
    if (response.bodyText && !/json/i.test(type ?? '') && prettyBody(response.bodyText) !== response.bodyText) {
      lines.push(t('Note: the body is JSON but its Content-Type is {0}.', visible(type ?? t('missing'))));
    }
  } else {
    lines.push(t('No response · {0} ms', outcome.latencyMs));
  }
  const { sentence } = describeOutcome(outcome, t);
  const entry = outcome.kind === 'apiError' ? lookupError(outcome.code) : undefined;
  // A known code's sentence is its meaning, given on the "Meaning:" line below: the result line does not repeat it.
  if (outcome.kind === 'apiError' && outcome.code === SANDBOX_CODES.notSimulated) {
    lines.push(t('Result: {0}', t('Signature accepted by the local sandbox; this endpoint is not simulated here (HTTP {0}).', outcome.response.status)));
  } else if (entry && outcome.kind === 'apiError') {
    lines.push(t('Result: {0}', entry.source === 'local-sandbox' ? t('Refused by the local sandbox (HTTP {0}).', outcome.response.status) : t('Refused by the server (HTTP {0}).', outcome.response.status)));
  } else {
    lines.push(t('Result: {0}', sentence));
  }
  if (outcome.kind === 'apiError') {
    lines.push(t('Code: {0} — "{1}"', visible(outcome.code), visible(outcome.message)));
    if (entry) {
      lines.push(t('Meaning: {0}', t(entry.explanation)));
      lines.push(t('Next step: {0}', t(entry.action)));
      if (entry.source === 'local-sandbox') lines.push(t('This code is the local sandbox\'s own, not a Prakerja code.'));
    }
    if (outcome.expectedRawSignature !== undefined) {
      lines.push(...signedLine(t('raw_signature the server expected ({0} bytes):', byteLength(outcome.expectedRawSignature)), outcome.expectedRawSignature));
    }
  }
  if (outcome.kind === 'networkError') lines.push(t('Detail: {0} ({1})', visible(outcome.detail), outcome.errorCode));
  if (outcome.kind === 'unexpectedResponse') {
    if (outcome.reason === 'notJson') lines.push(t('Detail: the body is not JSON (Content-Type {0}).', visible(outcome.detail) || t('missing')));
    else if (outcome.reason === 'tooLarge') lines.push(t('Detail: the body exceeded {0} bytes and was cut off.', outcome.detail));
    else lines.push(t('Detail: the JSON lacks the Prakerja envelope {"success": …, "message": …}.'));
  }
  return lines.join('\n');
}
