// The stable vocabulary of signature mistakes (tests, the sandbox's answers and the debugger key on it) and one
// English sentence template per way a cause shows: what was signed, what was sent, what to change. Placeholders are
// filled by the search with short excerpts of the signed and sent values, never with the sign_key.

export const CAUSES = [
  'body.python',
  'body.php',
  'body.go',
  'body.keyOrder',
  'body.emptyArray',
  'body.whitespace',
  'body.types',
  'body.handBuilt',
  'body.signedNotSent',
  'timestamp.milliseconds',
  'timestamp.skew',
  'method.lowercase',
  'endpoint.fullUrl',
  'endpoint.sentPath',
  'endpoint.other',
  'clientCode.other',
  'key.whitespace',
  'charset',
  'output.upperHex',
  'output.base64',
  'output.sha256',
  'output.plainSha1',
  'output.swapped',
  'order.segments',
] as const;
export type Cause = (typeof CAUSES)[number];

/** Sentence templates by key; a cause may have several (e.g. Python on the signing side or on the sending side). */
export const CAUSE_MESSAGES = {
  pythonSigned: "You signed the body as Python's json.dumps writes it by default ({0}) but sent {1}: serialize once, e.g. json.dumps(data, separators=(',', ':'), ensure_ascii=False), and send exactly the string you signed.",
  pythonSent: "You signed {0} but sent the body as Python's json.dumps writes it by default ({1}): serialize once, e.g. json.dumps(data, separators=(',', ':'), ensure_ascii=False), and sign and send that same string.",
  phpSigned: "You signed the body as PHP's json_encode writes it by default ({0}) but sent {1}: use json_encode($data, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE) once and send exactly the string you signed.",
  phpSent: "You signed {0} but sent the body as PHP's json_encode writes it by default ({1}): use json_encode($data, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE) once and sign and send that same string.",
  goSigned: "You signed the body as Go's json.Marshal writes it ({0}: <, > and & escaped, map keys sorted) but sent {1}: encode once with a json.Encoder with SetEscapeHTML(false), trim its newline, and send exactly the bytes you signed.",
  goSent: "You signed {0} but sent the body as Go's json.Marshal writes it ({1}): encode once with a json.Encoder with SetEscapeHTML(false), trim its newline, and sign and send those same bytes.",
  keyOrder: 'You signed the body with its keys in another order ({0}) than the body sent ({1}): keep one order (a struct or an ordered map), and sign and send the same string.',
  emptyArray: 'You signed {0} for an empty body but sent {1}: an empty PHP array encodes as [], so encode an empty object (json_encode(new stdClass)) and sign what you send.',
  whitespace: 'You signed the body with other spacing or line breaks ({0}) than the body sent ({1}): serialize once, compactly, and sign and send that same string.',
  types: 'You signed a value with another JSON type ({0}) than the body sent ({1}), e.g. "1" against 1: build the body once and sign and send that same string.',
  handBuilt: 'You signed a body built by hand ({0}: quotes or backslashes inside values left unescaped) but sent a serializer\'s output ({1}): sign the serializer\'s output, byte for byte.',
  signedNotSent: 'The signature is right for another serialization of the body than the bytes sent: serialize the body once, then sign and send exactly those bytes.',
  millisecondsSigned: 'You signed the timestamp in milliseconds ({0}) but sent {1} in the timestamp header: use Unix time in whole seconds in both.',
  millisecondsSent: 'You signed the timestamp {0} but sent {1} (milliseconds) in the timestamp header: use Unix time in whole seconds in both.',
  skew: 'You signed the timestamp {0} but sent {1} in the timestamp header: read the clock once and use that value for both.',
  lowercase: 'You signed the method as "{0}" but sent "{1}": sign the method in upper case.',
  fullUrl: 'You signed the full URL {0} but the path sent is {1}: sign only the path.',
  sentPath: 'You signed the path {0} but the request line says {1}: build the URL so that its path is exactly the signed one (e.g. drop the "/" at the end of the base URL).',
  otherEndpoint: 'You signed the endpoint {0} but sent the request to {1}: sign the path of the endpoint you call (is the signer copied from another endpoint?).',
  otherClient: 'You signed with the client_code {0} and its sign_key but the client_code header says {1}: sign with the credentials you send.',
  otherClientKey: 'You signed with the sign_key of client_code {0} but the client_code header says {1}: sign with the key of the client_code you send.',
  otherEnvironmentKey: 'You signed with the sign_key stored for another environment of client_code {0}: sign with the key of the environment you send the request to.',
  keyWhitespace: 'You signed with the sign_key followed by {0}: trim the key where you load it (files and environment variables often end with a newline).',
  keyWhitespaceStart: 'You signed with the sign_key preceded by {0}: trim the key where you load it.',
  keyTrimmed: 'You signed with the sign_key without its leading or trailing whitespace: use the key exactly as Prakerja provided it.',
  charsetMessage: 'You signed the raw_signature encoded as {0} instead of UTF-8 (non-ASCII characters became other bytes or "?"): encode it as UTF-8, e.g. getBytes(StandardCharsets.UTF_8) in Java, Encoding.UTF8 in .NET.',
  charsetKey: 'You used the sign_key encoded as {0} instead of UTF-8 (non-ASCII characters became other bytes or "?"): encode it as UTF-8, e.g. getBytes(StandardCharsets.UTF_8) in Java, Encoding.UTF8 in .NET.',
  upperHex: 'You sent the signature in upper-case hex: send it as 40 lower-case hex characters (hexdigest(), digest("hex")).',
  base64: 'You sent the signature as Base64: send the HMAC as 40 lower-case hex characters instead.',
  sha256: 'You signed with HMAC-SHA256: Prakerja uses HMAC-SHA1.',
  plainSha1: 'You sent a plain SHA-1 hash of the raw_signature without the key: use HMAC-SHA1 with the sign_key as the key.',
  swapped: 'You computed the HMAC with key and message swapped: the key is the sign_key and the message is the raw_signature.',
  segments: 'You signed the parts in the order {0}: concatenate client_code + timestamp + method + endpoint + body.',
  withoutExtra: 'You signed without the extra segment ({0}) between endpoint and body: include it, or clear it here if this endpoint does not sign it.',
} as const;
export type CauseMessage = keyof typeof CAUSE_MESSAGES;

/** Words the templates above are filled with; localized too. */
export const CAUSE_WORDS = {
  latin1: 'ISO-8859-1 (Latin-1)',
  ascii: 'ASCII',
  emptyBody: 'an empty string',
} as const;
