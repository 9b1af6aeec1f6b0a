// The local Prakerja sandbox: a real HTTP server on loopback that checks requests the way Prakerja's Void endpoint
// does and answers with the real shapes. Its answers to "general errors" carry its own SANDBOX-… codes.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_CREDENTIALS } from '../core/environments';
import { SANDBOX_CODES, lookupError } from '../core/errorCatalog';
import { normalizeEndpoint, VOID_ENDPOINT, type Credentials } from '../core/signing/request';
import type { ReceivedExchange } from '../core/sandboxRequests';
import { hmacSha1Hex, rawSignatureText, signaturesEqual } from '../core/signing/signing';
import { searchSignatureInSlices } from '../core/diagnosis/signatureSearch';
import { plainEnglish, type Translate } from '../core/translate';
import {
  FRESH_PREFIX,
  SLOW_PREFIX,
  TRANSACTION_CODE_FORMAT,
  freshPurchase,
  seedTransactions,
  slowSeconds,
  voidRefusal,
  type Scenario,
  type Transaction,
} from './scenarios';

export interface SandboxOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Millisecond clock; tests fix it. */
  now?: () => number;
  clients?: Credentials[];
  /** How far (seconds) a request's timestamp may be from the sandbox clock. */
  timestampWindowSeconds?: number;
  scenarios?: readonly Scenario[];
  maxBodyBytes?: number;
  /**
   * Writes the diagnosis' sentences: English by default; inside VS Code, the extension's language. `language()` names
   * the language `t` writes now (diagnoses are cached per language).
   */
  sentences?: { t: Translate; language(): string };
  /** Called once per request answered, with the request as received, the answer and the diagnosis (see SandboxExchange). */
  observe?: (exchange: SandboxExchange) => void;
  /** At most this many transactions created on first use (TRX-OK-…, TRX-SLOW-…) are kept; the oldest go first. */
  maxCreatedTransactions?: number;
}

/** One request the sandbox answered (see ReceivedExchange), with the answer's JSON body as sent. */
export interface SandboxExchange extends ReceivedExchange {
  answer: string;
}

export const DEFAULT_MAX_CREATED_TRANSACTIONS = 10_000;
/** Diagnoses kept for requests sent again; and how many may run at once before refusals go unexplained. */
const DIAGNOSIS_CACHE_SIZE = 256;
const MAX_CONCURRENT_DIAGNOSES = 4;

export interface Sandbox {
  url: string;
  port: number;
  transactions: Map<string, Transaction>;
  /** Replaces the pairs (client_code, sign_key) the sandbox accepts; requests from then on are checked with them. */
  setClients(clients: readonly Credentials[]): void;
  /** Restores the seeded transactions. */
  reset(): void;
  close(): Promise<void>;
}

export const DEFAULT_TIMESTAMP_WINDOW_SECONDS = 300;
/** Every endpoint of the integration API signs the same way: the sandbox checks signatures on all of them. */
export const INTEGRATION_PREFIX = '/api/v1/integration/';
const SUCCESS_MESSAGE = 'Transaksi berhasil dibatalkan.';

class Answer {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {}
}

/** A failure with one of the catalog's codes; sandbox codes are marked with `source`. */
function refusal(code: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Answer {
  const entry = lookupError(code);
  if (!entry) throw new Error(`unknown code ${code}`);
  const body: Record<string, unknown> = { code, message: entry.message, success: false };
  if (entry.source === 'local-sandbox') body.source = 'local-sandbox';
  return new Answer(entry.status, { ...body, ...extra }, headers);
}

/**
 * Only a request addressed to this sandbox by a loopback name, on its own port, is answered: a web page the user
 * visits cannot reach it through DNS rebinding (its Host would be the page's name).
 */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  if (host === lastHost.host && port === lastHost.port) return lastHost.loopback;
  const loopback = checkLoopbackHost(host, port);
  lastHost = { host, port, loopback };
  return loopback;
}

/** The last Host header checked: a client (a test suite, a load test) sends the same one every time. */
let lastHost: { host: string | undefined; port: number; loopback: boolean } = { host: undefined, port: -1, loopback: false };

function checkLoopbackHost(host: string | undefined, port: number): boolean {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+))(?::(\d{1,5}))?$/.exec(host ?? '');
  if (!match) return false;
  const name = (match[1] ?? match[2] ?? '').toLowerCase();
  const loopback = name === 'localhost' || name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
  return loopback && Number(match[3] ?? 80) === port;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const now = options.now ?? Date.now;
  let clients = new Map((options.clients ?? [DEMO_CREDENTIALS]).map((c) => [c.clientCode, c.signKey]));
  const maxCreated = options.maxCreatedTransactions ?? DEFAULT_MAX_CREATED_TRANSACTIONS;
  /** Codes of the transactions created on first use, oldest first (a Set keeps insertion order). */
  const created = new Set<string>();
  /** Diagnoses of recent refused signatures, by everything they depend on (oldest first). */
  const diagnoses = new Map<string, { reproduced_raw_signature?: string; diagnosis: Array<{ cause: string; message: string }> }>();
  let diagnosing = 0;
  const sentences = options.sentences ?? { t: plainEnglish, language: () => 'en' };
  const windowSeconds = options.timestampWindowSeconds ?? DEFAULT_TIMESTAMP_WINDOW_SECONDS;
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;
  const transactions = seedTransactions(now(), options.scenarios);
  const pending = new Set<NodeJS.Timeout>();
  let listening: AddressInfo | undefined;
  /** Aborted on close: a diagnosis still running stops. */
  const closing = new AbortController();
  const port = () => listening?.port ?? -1;
  /** The base URLs a program may have signed as a "full URL" for this sandbox. */
  const ownOrigins = () => [`http://127.0.0.1:${port()}`, `http://localhost:${port()}`];

  const readBody = (req: IncomingMessage) =>
    new Promise<Buffer | 'tooLarge'>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= maxBodyBytes) chunks.push(chunk);
      });
      req.on('end', () => resolve(size > maxBodyBytes ? 'tooLarge' : Buffer.concat(chunks)));
      req.on('error', reject);
    });

  const delay = (ms: number, req: IncomingMessage) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        pending.delete(timer);
        req.socket.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      pending.add(timer);
      // A client that gives up (cancel) should not keep a timer alive; the void still happens, as on a real server.
      req.socket.once('close', done);
    });

  async function handle(req: IncomingMessage, received: { body?: Buffer }): Promise<Answer> {
    if (!isLoopbackHost(header(req, 'host'), port())) return refusal(SANDBOX_CODES.forbiddenHost);
    // The path exactly as the request line has it (what was signed must be this), and with repeated slashes merged
    // (which endpoint it means).
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    const endpoint = normalizeEndpoint(path);
    if (!endpoint.startsWith(INTEGRATION_PREFIX)) return refusal(SANDBOX_CODES.notFound, { path });
    if (req.method !== 'POST') return refusal(SANDBOX_CODES.methodNotAllowed, {}, { allow: 'POST' });
    const contentType = header(req, 'content-type') ?? '';
    if (!/^application\/json\s*(;|$)/i.test(contentType)) return refusal(SANDBOX_CODES.contentType);

    const raw = await readBody(req);
    if (raw === 'tooLarge') return refusal(SANDBOX_CODES.bodyTooLarge);
    received.body = raw;
    const body = raw.toString('utf8');

    const clientCode = header(req, 'client_code');
    const signature = header(req, 'signature');
    const timestamp = header(req, 'timestamp');
    if (!clientCode || !signature || !timestamp) return refusal(SANDBOX_CODES.missingHeader);
    const signKey = clients.get(clientCode);
    if (signKey === undefined) return refusal(SANDBOX_CODES.unknownClient);
    if (!/^\d{1,11}$/.test(timestamp)) return refusal(SANDBOX_CODES.timestampFormat);
    const skew = Math.abs(now() / 1000 - Number(timestamp));
    if (skew > windowSeconds) return refusal(SANDBOX_CODES.timestampExpired, { server_time: Math.floor(now() / 1000) });

    // Verified over the bytes received, not their decoding: a body that is not UTF-8 must not look signed.
    const parts = { clientCode, timestamp, method: req.method, endpoint: path };
    // An Authorization header's value may be signed between endpoint and body (Prakerja's Go example does so on
    // payment/authorize): either form is accepted when the header is there.
    const authorization = header(req, 'authorization');
    // raw_signature = client_code + timestamp + method + endpoint [+ extra] + body, the body as its bytes.
    const head = clientCode + timestamp + req.method + path;
    const signedWith = (extra: string) => hmacSha1Hex(signKey, head + extra, raw);
    if (!signaturesEqual(signature, signedWith('')) && !(authorization && signaturesEqual(signature, signedWith(authorization)))) {
      // Explain the refusal: the mistakes (one, or two at once) that turn this request into their signature.
      const otherClients = [...clients].filter(([code]) => code !== clientCode).map(([code, key]) => ({ clientCode: code, signKey: key }));
      // The same wrong request again (a test suite retrying, a load test) is explained from the cache.
      // Keyed by a digest, so 256 cached diagnoses of 64 KB bodies do not keep 16 MB of keys.
      const key = createHash('sha256').update(JSON.stringify([clientCode, timestamp, req.method, path, signature, signKey, sentences.language()])).update(raw).digest('base64');
      let explained = diagnoses.get(key);
      if (!explained && diagnosing >= MAX_CONCURRENT_DIAGNOSES) {
        // Under a flood of different wrong requests the answers stay fast: these go unexplained.
        return refusal(SANDBOX_CODES.signatureInvalid, { expected_raw_signature: rawSignatureText({ ...parts, body }), diagnosis: [], diagnosis_skipped: 'busy' });
      }
      if (!explained) {
        diagnosing++;
        try {
          // In slices: the sandbox may share the extension host's thread, which must keep answering meanwhile.
          const search = (await searchSignatureInSlices({ ...parts, body }, signKey, signature, sentences.t, { bodyIsSent: true, otherClients, hosts: ownOrigins(), signal: closing.signal })) ?? { reproduced: undefined };
          explained = {
            ...(search.reproduced ? { reproduced_raw_signature: search.reproduced.rawSignature } : {}),
            diagnosis: (search.reproduced?.findings ?? []).map((f) => ({ cause: f.cause, message: f.sentence })),
          };
        } finally {
          diagnosing--;
        }
        diagnoses.set(key, explained);
        if (diagnoses.size > DIAGNOSIS_CACHE_SIZE) diagnoses.delete(diagnoses.keys().next().value!);
      }
      return refusal(SANDBOX_CODES.signatureInvalid, { expected_raw_signature: rawSignatureText({ ...parts, body }), ...explained });
    }
    if (endpoint !== VOID_ENDPOINT) return refusal(SANDBOX_CODES.notSimulated, { path });

    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return refusal(SANDBOX_CODES.invalidJson);
    }
    const fields = parsed as { invoice_code?: unknown; transaction_code?: unknown } | null;
    const invoice = fields?.invoice_code;
    const code = fields?.transaction_code;
    if (typeof invoice !== 'string' || !invoice.trim() || typeof code !== 'string' || !code.trim()) {
      return refusal(SANDBOX_CODES.invalidBody);
    }
    if (!TRANSACTION_CODE_FORMAT.test(code)) return refusal('ERRVOD40001');

    const wait = slowSeconds(code);
    if (wait > 0) await delay(wait * 1000, req);
    let tx = transactions.get(code);
    if (!tx && (code.startsWith(FRESH_PREFIX) || code.startsWith(SLOW_PREFIX))) {
      tx = { transactionCode: code, ...freshPurchase(now()) };
      transactions.set(code, tx);
      created.add(code);
      // Bounded under load: an integrator's suite may create thousands of fresh codes.
      for (const oldest of created) {
        if (created.size <= maxCreated) break;
        created.delete(oldest);
        transactions.delete(oldest);
      }
    }
    if (!tx) return refusal('ERRPLT40401');
    const refused = voidRefusal(tx, now());
    if (refused) return refusal(refused);
    tx.voidedAt = now();
    return new Answer(200, { success: true, message: SUCCESS_MESSAGE });
  }

  const send = (res: ServerResponse, answer: Answer, text: string) => {
    res.writeHead(answer.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      'x-prakerja-sandbox': '1',
      ...answer.headers,
    });
    res.end(text);
  };

  const server: Server = createServer((req, res) => {
    const received: { body?: Buffer } = {};
    const internal = (error: unknown) => new Answer(500, { success: false, code: 'SANDBOX-INTERNAL', source: 'local-sandbox', message: String(error) });
    handle(req, received)
      .then(undefined, internal)
      .then((answer) => {
        const code = typeof answer.body.code === 'string' ? answer.body.code : undefined;
        const text = JSON.stringify(answer.body);
        if (!res.destroyed && !res.headersSent) send(res, answer, text);
        if (options.observe) {
          // Node joins repeated request headers with ", " itself, except set-cookie (an array): only then a copy.
          const given = req.headers;
          const headers: Record<string, string> = Array.isArray(given['set-cookie'])
            ? Object.fromEntries(Object.entries(given).flatMap(([name, value]) => (value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]])))
            : (given as Record<string, string>);
          const diagnosis = Array.isArray(answer.body.diagnosis) ? (answer.body.diagnosis as Array<{ cause: string; message: string }>) : [];
          options.observe({
            at: now(),
            method: req.method ?? '',
            url: req.url ?? '',
            headers,
            body: received.body,
            status: answer.status,
            code,
            message: typeof answer.body.message === 'string' ? answer.body.message : undefined,
            diagnosis,
            diagnosisSkipped: answer.body.diagnosis_skipped !== undefined,
            answer: text,
          });
        }
      })
      // An observer that throws must not leave the client waiting, nor become an unhandled rejection.
      .catch(() => res.destroy());
  });
  // Malformed HTTP from a client must never take the server down.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  listening = address;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    transactions,
    setClients(next) {
      clients = new Map(next.map((c) => [c.clientCode, c.signKey]));
      diagnoses.clear();
    },
    reset() {
      created.clear();
      transactions.clear();
      for (const [code, tx] of seedTransactions(now(), options.scenarios)) transactions.set(code, tx);
    },
    close: () =>
      new Promise<void>((resolve) => {
        closing.abort();
        for (const timer of pending) clearTimeout(timer);
        pending.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
