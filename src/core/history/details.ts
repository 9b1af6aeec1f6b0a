// "Show Details" of a history entry: the exchange as a person reads it, in Markdown (outcome, meaning, next step,
// then the request line, headers, body, raw_signature and the response), not the storage record. Server text stays
// inside fenced code blocks, so it can neither format the document nor plant a link.
import { lookupError } from '../errorCatalog';
import type { Outcome } from '../http/client';
import { describeOutcome, outcomeLabel, visible } from '../outcomeText';
import type { Translate } from '../translate';
import { bodyCodes, isVoidEndpoint } from '../signedRequest/endpoints';
import { entryEndpoint, type HistoryEntry } from './schema';

/** A fenced block whose fence is longer than any run of backticks in the text. */
function fenced(text: string, language = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${text}\n${fence}`;
}

/** Our own text on one line (control characters made visible). */
function inline(text: string): string {
  return visible(text).replace(/\s+/g, ' ').trim();
}

/** Text from the request or the server, on one line as a code span: Markdown formats nothing inside it. */
function code(text: string): string {
  const flat = inline(text);
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const tick = '`'.repeat(longest + 1);
  return longest > 0 || flat.startsWith('`') ? `${tick} ${flat} ${tick}` : `${tick}${flat}${tick}`;
}

function pretty(text: string): { text: string; json: boolean } {
  try {
    return { text: JSON.stringify(JSON.parse(text), null, 2), json: true };
  } catch {
    return { text, json: false };
  }
}

/** The outcome the entry recorded, rebuilt enough for its one-sentence description. */
function sentenceOf(entry: HistoryEntry, t: Translate): string {
  if (entry.kind === 'pending') return t('No outcome was recorded: the request was still being sent, or its window closed before the answer arrived.');
  const outcome = {
    kind: entry.kind,
    request: entry.request,
    sentAt: entry.time,
    latencyMs: entry.latencyMs ?? 0,
    response: entry.response,
    code: entry.code ?? '',
    message: entry.message ?? '',
    phase: entry.fault,
    reason: entry.fault,
    category: entry.fault,
    detail: entry.detail ?? '',
    errorCode: entry.code ?? '',
    timeoutMs: entry.latencyMs ?? 0,
  } as unknown as Outcome;
  return describeOutcome(outcome, t).sentence;
}

export function detailsMarkdown(entry: HistoryEntry, t: Translate, environment: string, sentAt: string): string {
  const label = entry.kind === 'pending' ? t('outcome unknown') : outcomeLabel({ kind: entry.kind, ...(entry.code ? { code: entry.code } : {}), ...(entry.response ? { response: entry.response } : {}) }, t);
  const known = entry.kind === 'apiError' && entry.code ? lookupError(entry.code) : undefined;
  const out: string[] = [];
  const endpoint = entryEndpoint(entry);
  const title = isVoidEndpoint(endpoint) && entry.transactionCode !== undefined ? t('Void of {0}: {1}', entry.transactionCode, label) : t('{0} {1}: {2}', entry.request.method, endpoint, label);
  out.push(`# ${inline(title).replace(/[\\`*_[\]<>]/g, '\\$&')}`, '');
  // [name, value, whether the value is untrusted text shown as code]
  const facts: Array<[string, string, boolean]> = [[t('Outcome'), label, true]];
  if (known) {
    facts.push([t('Meaning'), t(known.explanation), false], [t('Next step'), t(known.action), false]);
  } else {
    facts.push([t('Meaning'), sentenceOf(entry, t), false]);
  }
  if (entry.message) facts.push([entry.kind === 'apiError' ? t('Server message') : t('Message'), entry.message, true]);
  if (entry.detail) facts.push([t('Detail'), entry.detail, true]);
  facts.push([t('Environment'), environment, false], [t('Sent'), sentAt, false], [t('Endpoint'), endpoint, true]);
  // The codes the body carries (invoice_code, transaction_code, redeem_code, …).
  for (const [name, value] of bodyCodes(entry.request.body)) facts.push([name, value, true]);
  if (entry.latencyMs !== undefined) facts.push([t('Latency'), `${entry.latencyMs} ms`, false]);
  facts.push([t('Key fingerprint'), entry.request.keyFingerprint, true]);
  for (const [name, value, untrusted] of facts) out.push(`- **${inline(name)}:** ${untrusted ? code(value) : inline(value)}`);
  out.push('');

  const { request, response } = entry;
  out.push(`## ${inline(t('Request'))}`, '');
  out.push(fenced([`${request.method} ${request.url}`, ...Object.entries(request.headers).map(([k, v]) => `${k}: ${visible(v)}`)].join('\n'), 'http'), '');
  out.push(`### ${inline(t('Body'))}`, '');
  out.push(fenced(visible(request.body), 'json'), '');
  out.push(`### raw_signature (${inline(t('{0} bytes, signed as one line', new TextEncoder().encode(request.rawSignature).length))})`, '');
  out.push(fenced(JSON.stringify(request.rawSignature), 'json'), '');
  if (entry.expectedRawSignature !== undefined) {
    out.push(`### ${inline(t('raw_signature the server expected'))}`, '');
    out.push(fenced(JSON.stringify(entry.expectedRawSignature), 'json'), '');
  }

  out.push(`## ${inline(t('Response'))}`, '');
  if (!response) {
    out.push(inline(t('No response was received.')), '');
  } else {
    out.push(fenced([`HTTP ${response.status}`, ...Object.entries(response.headers).map(([k, v]) => `${k}: ${visible(v)}`)].join('\n'), 'http'), '');
    const body = pretty(response.bodyText);
    out.push(fenced(visible(body.text) || t('(empty)'), body.json ? 'json' : 'text'), '');
    if (response.truncated) out.push(inline(t('The body was cut off at {0} bytes.', response.bodyText.length)), '');
  }
  return out.join('\n');
}
