// Strict UTF-8: whether bytes are text, for what is shown or copied exactly as received.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The bytes as UTF-8 text, or undefined when they are not valid UTF-8 (a Latin-1 "é"; a NUL is valid). */
export function utf8Text(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}
