// Reads a request the user pasted into the debugger's compare section: a cURL command, a raw HTTP request, or
// header lines plus a body copied from a log. Pure text in, fields out; it never runs or fetches anything, and says
// which fields it could not read. No node: imports: the webview bundles it.

export type PastedField = 'signature' | 'timestamp' | 'clientCode' | 'path' | 'body';
export const PASTED_FIELDS: readonly PastedField[] = ['signature', 'timestamp', 'clientCode', 'path', 'body'];

export interface PastedRequest {
  kind: 'curl' | 'http' | 'headers';
  method?: string;
  fields: Partial<Record<PastedField, string>>;
  /** Fields that could not be read, in PASTED_FIELDS order. */
  missing: PastedField[];
}

/** Splits a shell command line into words the way a POSIX shell quotes them (no expansion). */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\r' ? 2 : 1; // line continuation
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      word += text.slice(i + 1, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end;
      inWord = true;
    } else if (c === '$' && text[i + 1] === "'") {
      // $'…' (ANSI-C quoting, as Chrome's "Copy as cURL (bash)" writes bodies with special characters).
      let j = i + 2;
      for (; j < text.length && text[j] !== "'"; j++) {
        if (text[j] === '\\' && j + 1 < text.length) {
          const n = text[++j]!;
          word += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'r' ? '\r' : n === 'u' ? String.fromCharCode(parseInt(text.slice(j + 1, j + 5), 16)) : n;
          if (n === 'u') j += 4;
        } else word += text[j];
      }
      i = j;
      inWord = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && '"\\$`\n'.includes(text[j + 1] ?? '')) j++;
        word += text[j];
      }
      i = j;
      inWord = true;
    } else if (c === '\\') {
      word += text[++i] ?? '';
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

const HEADER_FIELDS: Record<string, PastedField> = { signature: 'signature', timestamp: 'timestamp', client_code: 'clientCode', 'client-code': 'clientCode' };

function pathOf(target: string): string | undefined {
  const match = /^(?:[a-z][a-z0-9+.-]*:\/\/[^/?#\s]*)?(\/[^?#\s]*)/i.exec(target.trim());
  return match?.[1];
}

function finish(kind: PastedRequest['kind'], fields: PastedRequest['fields'], method?: string): PastedRequest {
  return { kind, ...(method ? { method } : {}), fields, missing: PASTED_FIELDS.filter((f) => fields[f] === undefined) };
}

function header(fields: PastedRequest['fields'], line: string): void {
  const colon = line.indexOf(':');
  if (colon <= 0) return;
  const name = line.slice(0, colon).trim().toLowerCase();
  const field = HEADER_FIELDS[name];
  if (field) fields[field] = line.slice(colon + 1).trim();
}

function parseCurl(text: string): PastedRequest {
  const words = shellWords(text);
  const fields: PastedRequest['fields'] = {};
  let method: string | undefined;
  for (let i = 1; i < words.length; i++) {
    const word = words[i]!;
    const value = words[i + 1];
    if (word === '-H' || word === '--header') {
      if (value !== undefined) header(fields, value);
      i++;
    } else if (word === '-X' || word === '--request') {
      method = value;
      i++;
    } else if (['-d', '--data', '--data-raw', '--data-binary', '--data-ascii'].includes(word)) {
      // Several -d options are joined with "&" by curl; a body read from a file (@file) cannot be read here.
      if (value !== undefined && !(word !== '--data-raw' && value.startsWith('@'))) fields.body = fields.body === undefined ? value : `${fields.body}&${value}`;
      i++;
    } else if (word === '--url') {
      if (value !== undefined) fields.path = pathOf(value) ?? fields.path;
      i++;
    } else if (/^-[A-Za-z]$/.test(word) && ['-u', '-o', '-A', '-e', '-b', '-c', '-m', '-x', '-E'].includes(word)) {
      i++; // options with a value that is not ours
    } else if (!word.startsWith('-')) {
      fields.path = pathOf(word) ?? fields.path;
    }
  }
  return finish('curl', fields, method ?? (fields.body !== undefined ? 'POST' : undefined));
}

/**
 * Reads a pasted request. A cURL command starts with `curl`; a raw HTTP request with its request line
 * (`POST /path HTTP/1.1`); anything else is read as header lines, a blank line, then the body.
 */
export function parsePastedRequest(pasted: string): PastedRequest {
  const text = pasted.replace(/^\uFEFF/, '').trim();
  if (/^curl(\.exe)?\s/i.test(text)) return parseCurl(text);
  const normalized = text.replace(/\r\n/g, '\n');
  const blank = normalized.search(/\n[ \t]*\n/);
  const head = blank < 0 ? normalized : normalized.slice(0, blank);
  const body = blank < 0 ? undefined : normalized.slice(blank).replace(/^\n[ \t]*\n/, '');
  const lines = head.split('\n');
  const fields: PastedRequest['fields'] = {};
  const requestLine = /^([A-Za-z]+)\s+(\S+)(?:\s+HTTP\/[\d.]+)?$/.exec(lines[0]!.trim());
  if (requestLine) {
    const path = pathOf(requestLine[2]!);
    if (path !== undefined) fields.path = path;
    for (const line of lines.slice(1)) header(fields, line);
    // The body: the text after the blank line (line ends as LF; the paste's trailing whitespace is dropped).
    if (body !== undefined && body !== '') fields.body = body;
    return finish('http', fields, requestLine[1]!.toUpperCase());
  }
  let bodyStart = lines.length;
  for (const [i, line] of lines.entries()) {
    if (/^[A-Za-z0-9_-]+\s*:/.test(line)) header(fields, line);
    else {
      bodyStart = i;
      break;
    }
  }
  const rest = [...lines.slice(bodyStart), ...(body !== undefined ? ['', body] : [])].join('\n').trim();
  if (rest) fields.body = rest;
  return finish('headers', fields);
}
