// The Prakerja HTTP client on node:http/https: sends a signed request and turns whatever happens into one typed
// outcome. Nothing is retried: a void may have reached the server even when its answer did not reach us.
// Why node:http and not undici: the extension host's proxy, PAC, Kerberos and certificate support applies to
// node:http/https and not to a bundled undici (and node:http is already loaded there, where undici's 346 KB cost
// about 30 ms on a window's first request). Outside VS Code, pass an `agent` for a proxy (e.g. https-proxy-agent).
import * as http from 'node:http';
import * as https from 'node:https';
import { lookupError } from '../errorCatalog';
import { buildVoidRequest, type Credentials, type SentRequest, type Target } from '../signing/request';
import { errorEnvelopeSchema, successEnvelopeSchema } from '../schemas';
import { plainEnglish, type Translate } from '../translate';

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
  /**
   * The agent for every host but loopback (the local sandbox always goes direct): how a script outside VS Code uses
   * a proxy, e.g. `new HttpsProxyAgent('http://proxy:3128')` from https-proxy-agent. Inside VS Code, leave it unset:
   * the extension host applies VS Code's proxy settings itself.
   */
  agent?: http.Agent;
  /** Accept self-signed certificates (never for production; the caller decides). */
  rejectUnauthorized?: boolean;
  /** Millisecond clock for timestamps; tests fix it. */
  now?: () => number;
  /** Formats the client's own texts (a network error's `detail`); the extension passes its translator. */
  translate?: Translate;
}

/**
 * The client's own texts, as English templates formatted through `translate` (exported for localization checks):
 * a network error's `detail` is shown in the output and the history, so it is never the system's English.
 */
export const CLIENT_MESSAGES = {
  headersTimeout: 'Nothing was received for {0} ms while waiting for the response headers.',
  bodyTimeout: 'Nothing was received for {0} ms while waiting for the rest of the response body.',
  cancelled: 'The request was stopped.',
  closedEarly: 'The connection closed before the response ended.',
  dns: 'The host name {0} could not be resolved to an address.',
  refused: 'The connection to {0} was refused: no server is running there.',
  reset: 'The connection was reset by the other side (a server or proxy closed it).',
  tls: 'The TLS certificate was not accepted ({0}).',
  other: 'The system reported: {0}',
};

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** Idle pooled connections are closed after this, before a typical server's 5 s keep-alive ends (servers' own
 * `Keep-Alive: timeout=` hints shorten it further). */
const FREE_SOCKET_TIMEOUT_MS = 4_000;

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** A deadline passed with nothing received: connecting, waiting for headers, or a pause in the body. */
class PhaseTimeout extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(phase: 'headers' | 'body', timeoutMs: number, t: Translate) {
    super(t(phase === 'headers' ? CLIENT_MESSAGES.headersTimeout : CLIENT_MESSAGES.bodyTimeout, timeoutMs));
  }
}

interface Agents {
  http: http.Agent;
  https: https.Agent;
}

export class PrakerjaClient {
  private readonly direct: Agents;
  private readonly agent: http.Agent | undefined;
  private readonly rejectUnauthorized: boolean;
  private readonly timeoutMs: number;
  private readonly maxBodyBytes: number;
  private readonly now: () => number;
  private readonly t: Translate;

  constructor(options: ClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const rejectUnauthorized = (this.rejectUnauthorized = options.rejectUnauthorized ?? true);
    // Keep-alive agents for the client's lifetime, so consecutive requests reuse the connection.
    const pooled = { keepAlive: true, timeout: FREE_SOCKET_TIMEOUT_MS };
    this.direct = { http: new http.Agent(pooled), https: new https.Agent({ ...pooled, rejectUnauthorized }) };
    this.agent = options.agent;
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.now = options.now ?? Date.now;
    this.t = options.translate ?? plainEnglish;
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

  /** Sends a request that is already signed, exactly as built. */
  async send(sent: SentRequest, signal?: AbortSignal): Promise<Outcome> {
    const sentAt = new Date(this.now()).toISOString();
    const started = performance.now();
    const base = () => ({ request: sent, sentAt, latencyMs: Math.round((performance.now() - started) * 10) / 10 });

    if (signal?.aborted) return { ...base(), kind: 'cancelled' };
    let response: ResponseInfo | undefined;
    try {
      response = await this.exchange(sent, signal, (headers) => (response = headers));
      return interpret({ ...base(), response }, this.maxBodyBytes);
    } catch (error) {
      const partial = response ? { response } : {};
      if (signal?.aborted) return { ...base(), kind: 'cancelled', ...partial };
      if (isTimeout(error)) return { ...base(), kind: 'timeout', phase: response ? 'body' : 'headers', timeoutMs: this.timeoutMs, ...partial };
      return { ...base(), kind: 'networkError', ...classifyNetworkError(error, this.t) };
    }
  }

  /**
   * Closes idle connections now and the others as soon as their request ends: a request in flight (the client is
   * replaced when a setting changes) still gets its answer.
   */
  async close(): Promise<void> {
    // The given agent is its owner's to close.
    for (const agent of [this.direct.http, this.direct.https]) {
      agent.keepSocketAlive = () => false;
      for (const sockets of Object.values(agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
    }
  }

  /** One request and its response, the body read up to the cap. `onHeaders` gets the response as soon as it starts. */
  private exchange(sent: SentRequest, signal: AbortSignal | undefined, onHeaders: (response: ResponseInfo) => void): Promise<ResponseInfo> {
    return new Promise((resolve, reject) => {
      const secure = sent.url.startsWith('https:');
      const agent = this.agent && !LOOPBACK.test(new URL(sent.url).hostname) ? this.agent : secure ? this.direct.https : this.direct.http;
      let settled = false;
      // Why the exchange failed, when we ended it (Node reports such endings as a plain reset).
      let cause: Error | undefined;
      let response: ResponseInfo | undefined;
      // rejectUnauthorized also reaches a given agent, which opens the TLS connection inside its tunnel.
      const request = (secure ? https : http).request(sent.url, { method: sent.method, headers: sent.headers, agent, ...(secure ? { rejectUnauthorized: this.rejectUnauthorized } : {}) });
      const release = () => {
        clearTimeout(headersDeadline);
        signal?.removeEventListener('abort', onAbort);
      };
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        release();
        reject(cause ?? error);
      };
      const end = (reason: Error) => {
        cause ??= reason;
        request.destroy(cause);
        fail(cause);
      };
      // Deadlines of our own, not only the socket's: an agent may still be connecting (a proxy tunnel, or the one
      // VS Code puts in for its proxy support), and there is no socket to time out yet. The same goes for cancelling.
      const headersDeadline = setTimeout(() => end(new PhaseTimeout('headers', this.timeoutMs, this.t)), this.timeoutMs);
      const onAbort = () => end(Object.assign(new Error(this.t(CLIENT_MESSAGES.cancelled)), { name: 'AbortError', code: 'ABORT_ERR' }));
      signal?.addEventListener('abort', onAbort, { once: true });
      // Any pause on the connection once it exists. Set on every request: a reused socket may carry another timeout.
      request.setTimeout(this.timeoutMs, () => end(new PhaseTimeout(response ? 'body' : 'headers', this.timeoutMs, this.t)));
      request.on('error', fail);
      request.on('response', (incoming) => {
        clearTimeout(headersDeadline);
        const received: ResponseInfo = { status: incoming.statusCode ?? 0, headers: flattenHeaders(incoming.headers), bodyText: '', bodyBytes: 0, truncated: false };
        response = received;
        onHeaders(received);
        const chunks: Buffer[] = [];
        const finish = () => {
          if (settled) return;
          settled = true;
          release();
          received.bodyText = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8');
          resolve(received);
        };
        incoming.on('data', (chunk: Buffer) => {
          if (settled) return;
          const room = this.maxBodyBytes - received.bodyBytes;
          received.bodyBytes += chunk.length;
          if (chunk.length > room) {
            if (room > 0) chunks.push(chunk.subarray(0, room));
            received.truncated = true;
            finish();
            // The rest is not wanted, and the connection cannot be reused mid-body.
            incoming.destroy();
            return;
          }
          chunks.push(chunk);
        });
        incoming.on('end', finish);
        incoming.on('error', fail);
        incoming.on('close', () => {
          if (!incoming.complete) fail(Object.assign(new Error(this.t(CLIENT_MESSAGES.closedEarly)), { code: 'ECONNRESET', ownMessage: true }));
        });
      });
      request.end(sent.body);
    });
  }
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
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
  // A 5xx is a server failure whatever its body says (the void may or may not have been applied), except the local
  // sandbox's own answers of its catalog (SANDBOX-NOT-SIMULATED is a 501 that says the signature was right).
  const envelope = errorEnvelopeSchema.safeParse(json);
  const sandboxOwn = envelope.success && envelope.data.source === 'local-sandbox' && lookupError(envelope.data.code)?.source === 'local-sandbox';
  const failure = response.status < 500 || sandboxOwn ? envelope : undefined;
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

type ChainLink = { code?: string; message?: string; name?: string; hostname?: string; address?: string; port?: number; ownMessage?: boolean };

function errorChain(error: unknown): ChainLink[] {
  const chain: ChainLink[] = [];
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 6; depth++) {
    chain.push(current as ChainLink);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

function isTimeout(error: unknown): boolean {
  // PhaseTimeout carries this code too; so do the proxy tunnel's deadline and the system's connect timeout.
  return errorChain(error).some((e) => e.code === 'ETIMEDOUT');
}

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|HOSTNAME_MISMATCH|ERR_TLS/;

/**
 * The category, the error code (an identifier, shown as is) and a `detail` in the translator's language: a known
 * fault is described in words of our own; only an unknown one quotes the system's (English) messages.
 */
export function classifyNetworkError(error: unknown, t: Translate = plainEnglish): { category: NetworkCategory; errorCode: string; detail: string } {
  const chain = errorChain(error);
  const coded = chain.find((e) => typeof e.code === 'string') ?? chain[0];
  const errorCode = coded?.code ?? coded?.name ?? 'UNKNOWN';
  let category: NetworkCategory = 'other';
  if (errorCode === 'ENOTFOUND' || errorCode === 'EAI_AGAIN') category = 'dns';
  else if (errorCode === 'ECONNREFUSED') category = 'refused';
  else if (errorCode === 'ECONNRESET' || errorCode === 'EPIPE') category = 'reset';
  else if (TLS_CODES.test(errorCode)) category = 'tls';
  const where = coded?.address !== undefined ? (coded.port !== undefined ? `${coded.address}:${coded.port}` : coded.address) : (coded?.hostname ?? '?');
  let detail: string;
  if (coded?.ownMessage && coded.message) detail = coded.message;
  else if (category === 'dns') detail = t(CLIENT_MESSAGES.dns, coded?.hostname ?? where);
  else if (category === 'refused') detail = t(CLIENT_MESSAGES.refused, where);
  else if (category === 'reset') detail = t(CLIENT_MESSAGES.reset);
  else if (category === 'tls') detail = t(CLIENT_MESSAGES.tls, errorCode);
  else detail = t(CLIENT_MESSAGES.other, chain.map((e) => e.message).filter(Boolean).join(' ← ') || String(error));
  return { category, errorCode, detail };
}
