// Building a signed Prakerja request: one serialization of the body, signed and sent as the same bytes.
import { curlCommand } from '../curl';
import { keyFingerprint, serializeBody, signRequest, unixSeconds } from './signing';

export const VOID_ENDPOINT = '/api/v1/integration/payment/void';

export interface Credentials {
  clientCode: string;
  signKey: string;
}

/** Where requests go; `id` is the environment's stable name (`local`, `sandbox`, `production`). */
export interface Target {
  id: string;
  baseUrl: string;
}

/** Everything about a request as it was sent: enough to show, replay or debug it. Never holds the sign_key. */
export interface SentRequest {
  environment: string;
  method: string;
  url: string;
  endpoint: string;
  headers: Record<string, string>;
  body: string;
  timestamp: string;
  signature: string;
  rawSignature: string;
  /** Which key signed it, without revealing the key (see keyFingerprint). */
  keyFingerprint: string;
}

export interface SignedRequestInput {
  target: Target;
  credentials: Credentials;
  endpoint: string;
  method?: string;
  /** A value to serialize, or text to send as it is. */
  body: unknown;
  /** Milliseconds since the epoch; the caller's clock, so tests can fix it. */
  nowMs: number;
  /** Signed between endpoint and body, and sent as the Authorization header. */
  extra?: string;
}

/** The endpoint a path means: repeated slashes merged, as the server routes it. */
export function normalizeEndpoint(path: string): string {
  return path.includes('//') ? path.replace(/\/{2,}/g, '/') : path;
}

/** Joins base URL and endpoint path without doubling or dropping a slash. */
export function joinUrl(baseUrl: string, endpoint: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  const path = endpoint.startsWith('/') ? endpoint : `/${endpoint}`;
  return base + path;
}

export function buildSignedRequest(input: SignedRequestInput): SentRequest {
  const method = (input.method ?? 'POST').toUpperCase();
  const body = typeof input.body === 'string' ? input.body : serializeBody(input.body);
  const signed = signRequest(
    {
      clientCode: input.credentials.clientCode,
      timestamp: unixSeconds(input.nowMs),
      method,
      endpoint: input.endpoint,
      body,
      ...(input.extra ? { extra: input.extra } : {}),
    },
    input.credentials.signKey,
  );
  return {
    environment: input.target.id,
    method,
    url: joinUrl(input.target.baseUrl, input.endpoint),
    endpoint: input.endpoint,
    headers: {
      'content-type': 'application/json',
      client_code: input.credentials.clientCode,
      signature: signed.signature,
      timestamp: signed.timestamp,
      // The extra segment is a header's value (Prakerja's Go example signs Authorization there): sent as that header.
      ...(input.extra ? { authorization: input.extra } : {}),
    },
    body,
    timestamp: signed.timestamp,
    signature: signed.signature,
    rawSignature: signed.rawSignature,
    keyFingerprint: keyFingerprint(input.credentials.signKey),
  };
}

export function buildVoidRequest(
  target: Target,
  credentials: Credentials,
  codes: { invoiceCode: string; transactionCode: string },
  nowMs: number,
): SentRequest {
  return buildSignedRequest({
    target,
    credentials,
    endpoint: VOID_ENDPOINT,
    body: { invoice_code: codes.invoiceCode, transaction_code: codes.transactionCode },
    nowMs,
  });
}

/** A shell-safe cURL command reproducing the request as sent (signature and timestamp included, key never). */
export function toCurl(request: SentRequest): string {
  return curlCommand(request.method, request.url, Object.entries(request.headers), request.body);
}
