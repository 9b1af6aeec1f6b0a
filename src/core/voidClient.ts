// The Prakerja HTTP client on undici: sends a signed request and turns whatever happens into one typed outcome.
// Nothing is retried: a void may have reached the server even when its answer did not reach us.
import { Agent, ProxyAgent, request, type Dispatcher } from './undiciParts';
import { lookupError } from './errorCatalog';
import { buildSignedRequest, buildVoidRequest, type Credentials, type SentRequest, type Target } from './request';
import { errorEnvelopeSchema, successEnvelopeSchema } from './schemas';

export interface ResponseInfo {
  status: number;
  headers: Record<string, string>;
  /** UTF-8 text of the body, at most `maxBodyBytes`. */
  bodyText: string;
  /** Bytes received (up to the point reading stopped). */
  bodyBytes: number;
  truncated: boolean;
}

interface OutcomeBase {
  request: SentRequest;
  /** Milliseconds from sending to the end of the response (or the failure). */
  latencyMs: number;
  /** ISO time the request was sent. */
  sentAt: string;
}

export type NetworkCategory = 'dns' | 'refused' | 'reset' | 'tls' | 'other';
export type UnexpectedReason = 'notJson' | 'wrongShape' | 'tooLarge';

export type Outcome =
  | (OutcomeBase & { kind: 'success'; response: ResponseInfo; message: string })
  | (OutcomeBase & { kind: 'apiError'; response: ResponseInfo; code: string; message: string; expectedRawSignature?: string })
  | (OutcomeBase & { kind: 'httpError'; response: ResponseInfo })
  /** `detail`: the Content-Type (notJson) or the byte limit (tooLarge); words are added where it is shown. */
  | (OutcomeBase & { kind: 'unexpectedResponse'; response: ResponseInfo; reason: UnexpectedReason; detail: string })
  | (OutcomeBase & { kind: 'timeout'; phase: 'headers' | 'body'; timeoutMs: number; response?: ResponseInfo })
  | (OutcomeBase & { kind: 'cancelled'; response?: ResponseInfo })
  | (OutcomeBase & { kind: 'networkError'; category: NetworkCategory; errorCode: string; detail: string });

export type OutcomeKind = Outcome['kind'];

export interface ClientOptions {
  /** Deadline in milliseconds for each phase: connecting, waiting for headers, and any pause in the body. */
  timeoutMs?: number;
  /** Bodies larger than this are cut off and reported as unexpected. */
  maxBodyBytes?: number;
  /** `http://` or `https://` proxy for non-loopback hosts. */
  proxyUrl?: string;
  /** Accept self-signed certificates (never for production; the caller decides). */
  rejectUnauthorized?: boolean;
  /** Millisecond clock for timestamps; tests fix it. */
  now?: () => number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

export class PrakerjaClient {
  private readonly direct: InstanceType<typeof Agent>;
  private readonly proxy: InstanceType<typeof ProxyAgent> | undefined;
  private readonly timeoutMs: number;
  private readonly maxBodyBytes: number;
  private readonly now: () => number;

  constructor(options: ClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const connect = { rejectUnauthorized: options.rejectUnauthorized ?? true, timeout: this.timeoutMs };
    // One keep-alive agent for the client's lifetime, so consecutive requests reuse the connection.
    const deadlines = { headersTimeout: this.timeoutMs, bodyTimeout: this.timeoutMs };
    this.direct = new Agent({ keepAliveTimeout: 30_000, connect, ...deadlines });
    this.proxy = options.proxyUrl ? new ProxyAgent({ uri: options.proxyUrl, requestTls: connect, ...deadlines }) : undefined;
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.now = options.now ?? Date.now;
  }

  /** Signs and sends a Void for the two codes. */
  voidTransaction(
    target: Target,
    credentials: Credentials,
    codes: { invoiceCode: string; transactionCode: string },
    signal?: AbortSignal,
  ): Promise<Outcome> {
    return this.send(buildVoidRequest(target, credentials, codes, this.now()), signal);
  }

  /** Signs and sends any endpoint of the API (same scheme). */
  sendSigned(
    target: Target,
    credentials: Credentials,
    endpoint: string,
    body: unknown,
    signal?: AbortSignal,
  ): Promise<Outcome> {
    return this.send(buildSignedRequest({ target, credentials, endpoint, body, nowMs: this.now() }), signal);
  }

  /** Sends a request that is already signed, exactly as built. */
  async send(sent: SentRequest, signal?: AbortSignal): Promise<Outcome> {
    const sentAt = new Date(this.now()).toISOString();
    const started = performance.now();
    const base = () => ({ request: sent, sentAt, latencyMs: Math.round((performance.now() - started) * 10) / 10 });

    if (signal?.aborted) return { ...base(), kind: 'cancelled' };
    let response: ResponseInfo | undefined;
    try {
      // The agents enforce the deadlines (connect, time to headers, idle body): no timer or controller of ours on
      // the hot path. The caller's signal is passed through as it is.
      const answer = await request(sent.url, {
        method: sent.method as Dispatcher.HttpMethod,
        headers: sent.headers,
        body: sent.body,
        dispatcher: this.dispatcherFor(sent.url),
        ...(signal ? { signal } : {}),
      });
      response = { status: answer.statusCode, headers: flattenHeaders(answer.headers), bodyText: '', bodyBytes: 0, truncated: false };
      const body = await readCapped(answer.body, response.headers['content-length'], this.maxBodyBytes);
      response.bodyText = body.text;
      response.bodyBytes = body.bytes;
      response.truncated = body.truncated;
      return interpret({ ...base(), response }, this.maxBodyBytes);
    } catch (error) {
      const partial = response ? { response } : {};
      if (signal?.aborted) return { ...base(), kind: 'cancelled', ...partial };
      if (isUndiciTimeout(error)) return { ...base(), kind: 'timeout', phase: response ? 'body' : 'headers', timeoutMs: this.timeoutMs, ...partial };
      return { ...base(), kind: 'networkError', ...classifyNetworkError(error) };
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.direct.close(), this.proxy?.close()]);
  }

  private dispatcherFor(url: string): Dispatcher {
    if (!this.proxy) return this.direct;
    return LOOPBACK.test(new URL(url).hostname) ? this.direct : this.proxy;
  }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

type ResponseBody = AsyncIterable<Buffer> & { text(): Promise<string>; destroy(): unknown };

async function readCapped(body: ResponseBody, contentLength: string | undefined, maxBytes: number) {
  const declared = contentLength === undefined ? NaN : Number(contentLength);
  // Fast path: a declared length within the cap can be read whole (undici fails a body longer than declared).
  if (declared <= maxBytes) {
    const text = await body.text();
    return { text, bytes: Buffer.byteLength(text, 'utf8'), truncated: false };
  }
  const chunks: Buffer[] = [];
  let bytes = 0;
  let truncated = false;
  for await (const chunk of body) {
    const room = maxBytes - bytes;
    if (chunk.length > room) {
      if (room > 0) chunks.push(chunk.subarray(0, room));
      bytes += chunk.length;
      truncated = true;
      body.destroy();
      break;
    }
    chunks.push(chunk);
    bytes += chunk.length;
  }
  return { text: Buffer.concat(chunks).toString('utf8'), bytes, truncated };
}

type WithResponse = OutcomeBase & { response: ResponseInfo };

function interpret(base: WithResponse, maxBodyBytes: number): Outcome {
  const { response } = base;
  if (response.truncated) {
    return { ...base, kind: 'unexpectedResponse', reason: 'tooLarge', detail: String(maxBodyBytes) };
  }
  let json: unknown;
  try {
    json = JSON.parse(response.bodyText);
  } catch {
    if (response.status >= 200 && response.status < 300) {
      return { ...base, kind: 'unexpectedResponse', reason: 'notJson', detail: response.headers['content-type'] ?? '' };
    }
    return { ...base, kind: 'httpError' };
  }
  // A 5xx is a server failure whatever its body says: the void may or may not have been applied.
  const failure = response.status < 500 ? errorEnvelopeSchema.safeParse(json) : undefined;
  if (failure?.success) {
    const envelope = failure.data;
    return {
      ...base,
      kind: 'apiError',
      code: envelope.code,
      message: envelope.message ?? lookupError(envelope.code)?.message ?? '',
      ...(envelope.expected_raw_signature !== undefined ? { expectedRawSignature: envelope.expected_raw_signature } : {}),
    };
  }
  if (response.status >= 200 && response.status < 300) {
    const success = successEnvelopeSchema.safeParse(json);
    if (success.success) return { ...base, kind: 'success', message: success.data.message ?? '' };
    return { ...base, kind: 'unexpectedResponse', reason: 'wrongShape', detail: '' };
  }
  return { ...base, kind: 'httpError' };
}

function errorChain(error: unknown): Array<{ code?: string; message?: string; name?: string }> {
  const chain: Array<{ code?: string; message?: string; name?: string }> = [];
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 6; depth++) {
    chain.push(current as { code?: string; message?: string; name?: string });
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

function isUndiciTimeout(error: unknown): boolean {
  return errorChain(error).some((e) =>
    ['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT'].includes(e.code ?? ''),
  );
}

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|HOSTNAME_MISMATCH|ERR_TLS/;

export function classifyNetworkError(error: unknown): { category: NetworkCategory; errorCode: string; detail: string } {
  const chain = errorChain(error);
  const coded = chain.find((e) => typeof e.code === 'string' && !e.code.startsWith('UND_ERR')) ?? chain.find((e) => e.code) ?? chain[0];
  const errorCode = coded?.code ?? coded?.name ?? 'UNKNOWN';
  const detail = chain.map((e) => e.message).filter(Boolean).join(' ← ') || String(error);
  let category: NetworkCategory = 'other';
  if (errorCode === 'ENOTFOUND' || errorCode === 'EAI_AGAIN') category = 'dns';
  else if (errorCode === 'ECONNREFUSED') category = 'refused';
  else if (errorCode === 'ECONNRESET' || errorCode === 'EPIPE' || errorCode === 'UND_ERR_SOCKET' || errorCode === 'UND_ERR_CLOSED') category = 'reset';
  else if (TLS_CODES.test(errorCode)) category = 'tls';
  return { category, errorCode, detail };
}
