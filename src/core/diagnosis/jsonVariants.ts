// How the same JSON value commonly ends up serialized: the usual reason a signature does not match is that the body
// that was signed is not byte for byte the body that was sent. Each alternative names its cause and the sentence
// template that explains it; alternatives whose text equals the sent body, or an earlier alternative, are dropped so
// that a cause is only ever named when its transformation really changed the bytes.
import type { Cause, CauseMessage } from './causes';

const hex4 = (code: number) => code.toString(16).padStart(4, '0');

/** Escapes every character above U+007E as \uXXXX (surrogate pairs as two escapes), lower-case hex. */
export function escapeNonAscii(json: string): string {
  return json.replace(/[\u007f-\uffff]/g, (c) => `\\u${hex4(c.charCodeAt(0))}`);
}

/** PHP json_encode escapes `/` as `\/` (inside strings; `/` never occurs outside them in JSON). */
export function escapeSlashes(json: string): string {
  return json.replace(/\//g, '\\/');
}

/** Go's json.Marshal escapes <, > and & (HTML safety) and U+2028/U+2029. */
export function escapeHtmlGo(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${hex4(c.charCodeAt(0))}`);
}

/** Compact JSON with object keys sorted at every depth (Go maps, Python sort_keys=True, canonicalizers). */
export function sortedKeys(value: unknown): string {
  return JSON.stringify(sortDeep(value));
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortDeep((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** Python's json.dumps default separators: ", " and ": " (applied to compact JSON, outside strings only). */
export function pythonSpaces(compact: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < compact.length; i++) {
    const c = compact[i]!;
    out += c;
    if (inString) {
      if (c === '\\') out += compact[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === ',' || c === ':') out += ' ';
  }
  return out;
}

/** JSON text without the whitespace outside strings. */
export function stripWhitespace(json: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += json[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (!' \t\r\n'.includes(c)) out += c;
  }
  return out;
}

/** A body concatenated by hand: string values pasted between quotes with nothing escaped. */
export function handBuilt(value: unknown): string {
  if (typeof value === 'string') return `"${value}"`;
  if (Array.isArray(value)) return `[${value.map(handBuilt).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `"${k}":${handBuilt(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export interface BodyAlternative {
  cause: Cause;
  message: CauseMessage;
  /** The body this alternative signs. */
  body: string;
}

/** Key orders are tried exhaustively up to this many top-level keys (6! = 720 orders). */
export const MAX_KEY_ORDER_KEYS = 6;

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** A number written in a string the way JSON would write the number itself ("1", "2.5"), so a type flip is plausible. */
const numericString = (s: string) => /^-?(0|[1-9]\d{0,15})(\.\d+)?$/.test(s) && String(Number(s)) === s;

/**
 * The bodies their program may have signed instead of `sent` (the body as sent, or as typed in the debugger),
 * simplest first. Each is distinct from `sent` and from every earlier alternative.
 */
export function bodyAlternatives(sent: string, maxKeyOrderKeys = MAX_KEY_ORDER_KEYS): BodyAlternative[] {
  const list: BodyAlternative[] = [];
  const add = (cause: Cause, message: CauseMessage, body: string) => list.push({ cause, message, body });

  let value: unknown;
  try {
    value = JSON.parse(sent);
  } catch {
    add('body.whitespace', 'whitespace', `${sent}\n`);
    add('body.whitespace', 'whitespace', sent.trim());
    return distinct(sent, list);
  }
  const compact = JSON.stringify(value);

  // The sent body may be a serializer's default while the signature is over compact JSON (the spec's own Python example).
  if (compact !== sent) {
    if (sent === escapeNonAscii(pythonSpaces(compact))) add('body.python', 'pythonSent', compact);
    else if (sent === escapeNonAscii(escapeSlashes(compact))) add('body.php', 'phpSent', compact);
    else if (sent === escapeHtmlGo(compact) || sent === `${escapeHtmlGo(compact)}\n`) add('body.go', 'goSent', compact);
    else if (stripWhitespace(sent) === compact) add('body.whitespace', 'whitespace', compact);
    else add('body.signedNotSent', 'signedNotSent', compact);
  }

  add('body.python', 'pythonSigned', escapeNonAscii(pythonSpaces(compact)));
  add('body.php', 'phpSigned', escapeNonAscii(escapeSlashes(compact)));
  add('body.php', 'phpSigned', escapeSlashes(compact));
  // \uXXXX escapes alone: Python's ensure_ascii default with compact separators, or PHP with JSON_UNESCAPED_SLASHES.
  add('body.python', 'pythonSigned', escapeNonAscii(compact));
  add('body.go', 'goSigned', escapeHtmlGo(compact));
  add('body.whitespace', 'whitespace', pythonSpaces(compact));
  add('body.whitespace', 'whitespace', JSON.stringify(value, null, 2));
  add('body.whitespace', 'whitespace', JSON.stringify(value, null, 4));
  add('body.whitespace', 'whitespace', `${compact}\n`);
  add('body.whitespace', 'whitespace', `${sent}\n`);
  add('body.whitespace', 'whitespace', sent.trim());

  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length <= maxKeyOrderKeys) {
      for (const order of permutations(keys)) add('body.keyOrder', 'keyOrder', JSON.stringify(Object.fromEntries(order.map((k) => [k, value[k]]))));
    }
    add('body.keyOrder', 'keyOrder', sortedKeys(value));
    // After the key orders: a Go map is only named when its HTML escapes changed something beyond the order.
    add('body.go', 'goSigned', escapeHtmlGo(sortedKeys(value)));
    if (keys.length === 0) {
      add('body.emptyArray', 'emptyArray', '[]');
      add('body.emptyArray', 'emptyArray', '');
    }
    if (keys.length <= maxKeyOrderKeys) {
      const flip = (k: string): unknown => {
        const v = value[k];
        if (typeof v === 'string' && numericString(v)) return Number(v);
        if (typeof v === 'number' && Number.isFinite(v)) return String(v);
        return v;
      };
      const flippable = keys.filter((k) => flip(k) !== value[k]);
      for (const k of flippable) add('body.types', 'types', JSON.stringify({ ...value, [k]: flip(k) }));
      if (flippable.length > 1) add('body.types', 'types', JSON.stringify(Object.fromEntries(keys.map((k) => [k, flip(k)]))));
    }
  } else if (Array.isArray(value) && value.length === 0) {
    add('body.emptyArray', 'emptyArray', '{}');
  }
  add('body.handBuilt', 'handBuilt', handBuilt(value));
  return distinct(sent, list);
}

function distinct(sent: string, list: BodyAlternative[]): BodyAlternative[] {
  const seen = new Set([sent]);
  return list.filter((alternative) => {
    if (seen.has(alternative.body)) return false;
    seen.add(alternative.body);
    return true;
  });
}
