// History records made from a request and its outcome: a pending record before it leaves, the outcome after.
import type { Outcome } from '../http/client';
import type { SentRequest } from '../signing/request';
import { isVoidEndpoint, shortEndpoint, summaryCodes } from '../signedRequest/endpoints';
import { entryEndpoint, HISTORY_BODY_LIMIT, type HistoryEntry } from './schema';

/** What tells a record apart in a row or a notification: a Void's transaction_code, another request's endpoint. */
export function entrySubject(record: { endpoint?: string | undefined; transactionCode?: string | undefined }): string {
  const endpoint = entryEndpoint(record);
  return isVoidEndpoint(endpoint) && record.transactionCode !== undefined ? record.transactionCode : shortEndpoint(endpoint);
}

/** The pending record of a request about to leave: its endpoint, and the codes its body carries, summarized. */
export function pendingEntry(id: string, request: SentRequest, time: string, session?: string): HistoryEntry {
  return { v: 1, id, time, environment: request.environment, endpoint: request.endpoint, ...summaryCodes(request.body), kind: 'pending', request: stripRequest(request), ...(session ? { session } : {}) };
}

export function entryFromOutcome(id: string, outcome: Outcome): HistoryEntry {
  // The same record as the pending one, now with its outcome.
  const entry: HistoryEntry = { ...pendingEntry(id, outcome.request, outcome.sentAt), kind: outcome.kind, latencyMs: outcome.latencyMs };
  if ('response' in outcome && outcome.response) {
    const { bodyText } = outcome.response;
    entry.response = { ...outcome.response, bodyText: bodyText.length > HISTORY_BODY_LIMIT ? bodyText.slice(0, HISTORY_BODY_LIMIT) : bodyText, truncated: outcome.response.truncated || bodyText.length > HISTORY_BODY_LIMIT };
  }
  switch (outcome.kind) {
    case 'success':
      entry.message = outcome.message;
      break;
    case 'apiError':
      entry.code = outcome.code;
      entry.message = outcome.message;
      if (outcome.expectedRawSignature !== undefined) entry.expectedRawSignature = outcome.expectedRawSignature;
      break;
    case 'timeout':
      entry.fault = outcome.phase;
      break;
    case 'unexpectedResponse':
      entry.fault = outcome.reason;
      entry.detail = outcome.detail;
      break;
    case 'networkError':
      entry.fault = outcome.category;
      entry.code = outcome.errorCode;
      entry.detail = outcome.detail;
      break;
  }
  return entry;
}

/** Copies only the known fields, so nothing unexpected (let alone a key) can ride along into the file. */
function stripRequest(request: SentRequest): HistoryEntry['request'] {
  const { environment, method, url, endpoint, headers, body, timestamp, signature, rawSignature, keyFingerprint } = request;
  return { environment, method, url, endpoint, headers: { ...headers }, body, timestamp, signature, rawSignature, keyFingerprint };
}

