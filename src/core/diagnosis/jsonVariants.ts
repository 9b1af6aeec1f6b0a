// How other languages' default JSON encoders write the same value: the usual reason a signature does not match
// is that the body that was signed is not byte for byte the body that was meant (or sent).

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

/** Compact JSON with object keys sorted (Go maps, Python sort_keys=True, canonicalizers). */
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

export interface BodyVariant {
  id: string;
  body: string;
}

/**
 * The ways the same JSON value commonly ends up serialized, other than the body text given (which is what this
 * side signs). Variants equal to the body, or to each other, are left out.
 */
export function bodyVariants(body: string): BodyVariant[] {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return [{ id: 'trailingNewline', body: `${body}\n` }];
  }
  const compact = JSON.stringify(value);
  const isEmptyObject = value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0;
  // Single causes before combinations: when a combination adds nothing (an ASCII body has no \uXXXX to escape),
  // its text equals the single cause's and the narrower, more accurate finding is kept.
  const candidates: BodyVariant[] = [
    { id: 'pythonSpaces', body: pythonSpaces(compact) },
    { id: 'asciiEscapes', body: escapeNonAscii(compact) },
    { id: 'escapedSlashes', body: escapeSlashes(compact) },
    { id: 'goHtmlEscapes', body: escapeHtmlGo(compact) },
    { id: 'sortedKeys', body: sortedKeys(value) },
    { id: 'pythonDefault', body: escapeNonAscii(pythonSpaces(compact)) },
    { id: 'phpDefault', body: escapeNonAscii(escapeSlashes(compact)) },
    { id: 'goMap', body: escapeHtmlGo(sortedKeys(value)) },
    { id: 'pretty', body: JSON.stringify(value, null, 2) },
    { id: 'pretty4', body: JSON.stringify(value, null, 4) },
    { id: 'trailingNewline', body: `${compact}\n` },
    { id: 'compact', body: compact },
    ...(isEmptyObject ? [{ id: 'emptyArray', body: '[]' }, { id: 'emptyString', body: '' }] : []),
  ];
  const seen = new Set([body]);
  return candidates.filter((c) => {
    if (seen.has(c.body)) return false;
    seen.add(c.body);
    return true;
  });
}
