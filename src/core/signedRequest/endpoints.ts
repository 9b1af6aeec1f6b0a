// Any signed request, as the palette command and the debugger's Send see it: which endpoint, a body to start from
// where the spec shows the fields, the codes a body carries (what a production confirmation names and the history
// shows), and the check of a typed path. Pure: no VS Code, no I/O.
import * as z from 'zod/mini';
import { DOCUMENTED_ENDPOINTS } from '../diagnosis/documentedEndpoints';
import { normalizeEndpoint, VOID_ENDPOINT } from '../signing/request';

export { normalizeEndpoint };

export { DOCUMENTED_ENDPOINTS };

/** What the runner signs and sends: the method, path and body exactly; `extra` is signed and sent as Authorization. */
export interface SignedRequestSpec {
  method: string;
  endpoint: string;
  body: string;
  extra?: string;
}

/**
 * Body templates where the shared spec shows the fields: Void (its published spec), payment/status
 * (`invoice_code`) and redeem-code/commit (`redeem_code`, Prakerja's reference vector). Other endpoints start empty.
 */
const TEMPLATES: Readonly<Record<string, Record<string, string>>> = {
  [VOID_ENDPOINT]: { invoice_code: 'INV-2026-0001', transaction_code: 'TRX-OK-001' },
  '/api/v1/integration/payment/status': { invoice_code: 'INV-2026-0001' },
  '/api/v1/integration/payment/redeem-code/commit': { redeem_code: 'code' },
};

/** The fields the spec shows for `endpoint` (empty when it shows none). */
export function templateFields(endpoint: string): string[] {
  return Object.keys(TEMPLATES[endpoint] ?? {});
}

/** The body to start editing from: pretty-printed for the editor (it is sent compact). */
export function bodyTemplate(endpoint: string): string {
  return `${JSON.stringify(TEMPLATES[endpoint] ?? {}, null, 2)}\n`;
}

export function isVoidEndpoint(endpoint: string): boolean {
  return normalizeEndpoint(endpoint) === VOID_ENDPOINT;
}

/** The documented endpoints' last part(s), for short titles: `payment/status`. */
export function shortEndpoint(endpoint: string): string {
  return endpoint.replace(/^\/api\/v\d+\/integration\//, '');
}

/** Templates for a typed path's issues ({0}: what was found). */
export const pathMessages = {
  prefix: 'The path must start with /api/, e.g. /api/v1/integration/payment/status.',
  characters: 'The path must not contain spaces, control characters, "?" or "#"; the query string is not signed.',
  doubleSlash: 'The path must not contain "//".',
  tooLong: 'The path must be at most {0} characters.',
} as const;

export const PATH_MAX_LENGTH = 512;

/** A path typed by a person: undefined when it is fine, else the message template and its argument. */
export function checkPath(input: string): { message: string; args: Array<string | number> } | undefined {
  const path = input.trim();
  if (!path.startsWith('/api/')) return { message: pathMessages.prefix, args: [] };
  if (path.length > PATH_MAX_LENGTH) return { message: pathMessages.tooLong, args: [PATH_MAX_LENGTH] };
  if (/[\s\p{Cc}\p{Cf}?#]/u.test(path)) return { message: pathMessages.characters, args: [] };
  if (path.includes('//')) return { message: pathMessages.doubleSlash, args: [] };
  return undefined;
}

/** Templates for a request that cannot be sent as it stands (the debugger's fields, a replayed record). */
export const sendableMessages = {
  endpoint: 'To be sent, the endpoint must be a path starting with "/", without spaces or a query string.',
  method: 'To be sent, the method must be a word such as POST.',
} as const;

/**
 * Whether a request can go on the wire as it stands: looser than checkPath (the debugger may send a path with a
 * doubled slash on purpose, to see what the server makes of it), strict enough that nothing but a path follows the
 * host and the method is a token. Undefined when it can; else the message template.
 */
export function sendableIssue(spec: Pick<SignedRequestSpec, 'method' | 'endpoint'>): string | undefined {
  if (!/^\/[^\s?#\p{Cc}\p{Cf}]*$/u.test(spec.endpoint)) return sendableMessages.endpoint;
  if (!/^[A-Za-z]{1,16}$/.test(spec.method)) return sendableMessages.method;
  return undefined;
}

/**
 * Walks valid JSON text character by character, copying strings and numbers exactly as written; between the
 * structural characters it puts nothing (compact) or newlines and two-space indentation (`pretty`).
 */
function rewriteJson(text: string, pretty: boolean): string {
  let out = '';
  let depth = 0;
  let inString = false;
  let escaped = false;
  const newline = () => (pretty ? `\n${'  '.repeat(depth)}` : '');
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      out += ch;
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
      out += ch;
    } else if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      // JSON's whitespace: dropped (a pretty layout puts its own).
    } else if (ch === '{' || ch === '[') {
      // An empty object or array stays on one line.
      const next = text.slice(i + 1).search(/[^ \t\n\r]/);
      const closing = next >= 0 && text[i + 1 + next] === (ch === '{' ? '}' : ']');
      if (closing) {
        out += ch + text[i + 1 + next]!;
        i += 1 + next;
      } else {
        depth++;
        out += ch + newline();
      }
    } else if (ch === '}' || ch === ']') {
      depth--;
      out += newline() + ch;
    } else if (ch === ',') {
      out += ch + newline();
    } else if (ch === ':') {
      out += pretty ? ': ' : ':';
    } else {
      out += ch;
    }
  }
  return out;
}

/**
 * The body as JSON: the compact text to send (its strings and numbers exactly as written, so 1.0 stays 1.0 and a
 * 20-digit number keeps its digits), or why it cannot be sent.
 */
export function compactBody(text: string): { ok: true; body: string } | { ok: false; error: string } {
  try {
    JSON.parse(text);
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  return { ok: true, body: rewriteJson(text, false) };
}

/** Valid JSON laid out to edit (two-space indentation), its strings and numbers exactly as written. */
export function prettyBody(json: string): string {
  return `${rewriteJson(json, true)}\n`;
}

/**
 * The codes a body carries: its top-level fields named `…_code` whose value is text (`invoice_code`,
 * `transaction_code`, `redeem_code`, …), in the body's order. A body that is not a JSON object carries none.
 */
export function bodyCodes(body: string): Array<[string, string]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [];
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return [];
  return Object.entries(parsed as Record<string, unknown>).flatMap(([name, value]) => (/_code$/.test(name) && typeof value === 'string' ? [[name, value] as [string, string]] : []));
}

/** invoiceCode / transactionCode of a body, where it has them (the history's summary fields). */
export function summaryCodes(body: string): { invoiceCode?: string; transactionCode?: string } {
  const codes = new Map(bodyCodes(body));
  const invoiceCode = codes.get('invoice_code');
  const transactionCode = codes.get('transaction_code');
  return { ...(invoiceCode !== undefined ? { invoiceCode } : {}), ...(transactionCode !== undefined ? { transactionCode } : {}) };
}

/**
 * Which request is "the same" for the one-at-a-time guard: a Void by its transaction (two voids of one transaction
 * must never race, whatever else their bodies say); any other request by its endpoint and its body as JSON (so a
 * space does not make it another request).
 */
export function guardKey(environment: string, spec: SignedRequestSpec): string {
  const endpoint = normalizeEndpoint(spec.endpoint);
  if (endpoint === VOID_ENDPOINT) {
    const transaction = new Map(bodyCodes(spec.body)).get('transaction_code');
    if (transaction !== undefined) return `${environment}\n${endpoint}\n${transaction}`;
  }
  const compact = compactBody(spec.body);
  return `${environment}\n${spec.method.toUpperCase()} ${endpoint}\n${spec.extra ?? ''}\n${compact.ok ? compact.body : spec.body}`;
}

/** Recent bodies per endpoint, as kept in globalState: checked when read (stored data is a boundary). */
export const RECENT_BODIES_PER_ENDPOINT = 5;
const RECENT_ENDPOINTS = 30;
const recentBodiesSchema = z.record(z.string().check(z.maxLength(PATH_MAX_LENGTH)), z.array(z.string().check(z.maxLength(256 * 1024))));
export type RecentBodies = Record<string, string[]>;

/** The stored value, or nothing when it does not fit (a damaged or foreign value is dropped, not trusted). */
export function readRecentBodies(stored: unknown): RecentBodies {
  const parsed = recentBodiesSchema.safeParse(stored);
  return parsed.success ? parsed.data : {};
}

/** `body` first for `endpoint`, duplicates (as JSON) removed, a few per endpoint and a few endpoints kept. */
export function rememberBody(recent: RecentBodies, endpoint: string, body: string): RecentBodies {
  const given = compactBody(body);
  const same = (a: string) => {
    const other = compactBody(a);
    return other.ok && given.ok ? other.body === given.body : a === body;
  };
  const bodies = [body, ...(recent[endpoint] ?? []).filter((b) => !same(b))].slice(0, RECENT_BODIES_PER_ENDPOINT);
  const others = Object.entries(recent).filter(([e]) => e !== endpoint).slice(0, RECENT_ENDPOINTS - 1);
  return { [endpoint]: bodies, ...Object.fromEntries(others) };
}
