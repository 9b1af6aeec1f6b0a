// History records made from a request and its outcome: a pending record before it leaves, the outcome after.
import type { Outcome } from '../http/client';
import type { SentRequest } from '../signing/request';
import { HISTORY_BODY_LIMIT, type HistoryEntry } from './schema';

export function pendingEntry(id: string, codes: { invoiceCode: string; transactionCode: string }, request: SentRequest, time: string, session?: string): HistoryEntry {
  return { v: 1, id, time, environment: request.environment, ...codes, kind: 'pending', request: stripRequest(request), ...(session ? { session } : {}) };
}

export function entryFromOutcome(id: string, codes: { invoiceCode: string; transactionCode: string }, outcome: Outcome): HistoryEntry {
  // The same record as the pending one, now with its outcome.
  const entry: HistoryEntry = { ...pendingEntry(id, codes, outcome.request, outcome.sentAt), kind: outcome.kind, latencyMs: outcome.latencyMs };
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

