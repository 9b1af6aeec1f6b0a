// cURL commands that send a request again byte for byte, safe to paste into a POSIX shell.
import { utf8Text } from './utf8';

/** A single-quoted shell word. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** printf %b's escape of each byte: printable ASCII as itself (backslash doubled), any other byte as \xHH. */
function printfEscape(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) {
    if (byte === 0x5c) out += '\\\\';
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/**
 * `curl --request METHOD URL --header … --data-raw BODY`, one option per line. A body that is not UTF-8 text, or
 * holds a NUL (which no shell argument can carry), is piped in by printf as its exact bytes (`--data-binary @-`).
 */
export function curlCommand(method: string, url: string, headers: ReadonlyArray<readonly [string, string]>, body: string | Uint8Array | undefined): string {
  const lines = [`curl --request ${method} ${shellQuote(url)}`];
  for (const [name, value] of headers) lines.push(`  --header ${shellQuote(`${name}: ${value}`)}`);
  const text = typeof body === 'string' ? body : body === undefined ? undefined : utf8Text(body);
  if (body === undefined) return lines.join(' \\\n');
  if (text !== undefined && !text.includes('\u0000')) {
    lines.push(`  --data-raw ${shellQuote(text)}`);
    return lines.join(' \\\n');
  }
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  lines.push('  --data-binary @-');
  return `printf '%b' ${shellQuote(printfEscape(bytes))} | ${lines.join(' \\\n')}`;
}
