// Code that produces exactly the debugger's signature, in the languages Digital Platforms use. Each snippet builds
// the body the way that language must to get the same bytes, signs those bytes, and prints the signature; the key
// is read from the PRAKERJA_SIGN_KEY environment variable, never written into the code.

export interface SnippetRequest {
  clientCode: string;
  timestamp: string;
  method: string;
  endpoint: string;
  body: string;
  extra?: string;
}

export const SNIPPET_LANGUAGES = ['node', 'python', 'php', 'ruby', 'go', 'java'] as const;
export type SnippetLanguage = (typeof SNIPPET_LANGUAGES)[number];

export const SNIPPET_LABELS: Record<SnippetLanguage, string> = {
  node: 'Node.js',
  python: 'Python',
  php: 'PHP',
  ruby: 'Ruby',
  go: 'Go',
  java: 'Java',
};

/** A double-quoted string literal valid in JS, Python, Go and Java (JSON string syntax; never emits `\/`). */
const dq = (text: string) => JSON.stringify(text);
/** A single-quoted PHP or Ruby literal: only `\` and `'` are special. */
const sq = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

type Flat = Array<[string, string | number | boolean | null]>;

/**
 * The body as a flat object of scalars, when it is one and re-serializes to exactly the same text; otherwise the
 * snippets carry the body text itself (still "serialize once, sign and send those bytes").
 */
function flatBody(body: string): Flat | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value) || JSON.stringify(value) !== body) return undefined;
  const entries = Object.entries(value);
  if (!entries.every(([, v]) => v === null || ['string', 'boolean'].includes(typeof v) || Number.isSafeInteger(v))) return undefined;
  // Integer-like keys are reordered by JavaScript objects; U+2028/U+2029 are escaped by Go even without HTML escaping.
  // Control-character escapes differ in case and form between encoders.
  if (entries.some(([k]) => /^\d+$/.test(k)) || /[\u2028\u2029]|\\u00[01]|\\[bfnrt]/.test(body)) return undefined;
  return entries as Flat;
}

const pyValue = (v: Flat[number][1]) => (v === null ? 'None' : v === true ? 'True' : v === false ? 'False' : typeof v === 'string' ? dq(v) : String(v));
const phpValue = (v: Flat[number][1]) => (v === null ? 'null' : typeof v === 'boolean' ? String(v) : typeof v === 'string' ? sq(v) : String(v));
const rbValue = (v: Flat[number][1]) => (v === null ? 'nil' : typeof v === 'string' ? sq(v) : String(v));

function goField(key: string): string {
  const name = key
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');
  return /^[A-Z]/.test(name) ? name : `F${name}`;
}

const goType = (v: Flat[number][1]) => (typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? 'int64' : 'interface{}');
const goValue = (v: Flat[number][1]) => (v === null ? 'nil' : typeof v === 'string' ? dq(v) : String(v));

export function snippet(language: SnippetLanguage, request: SnippetRequest): string {
  const flat = flatBody(request.body);
  const extra = request.extra ?? '';
  switch (language) {
    case 'node': {
      const body = flat ? `JSON.stringify(${request.body}); // serialize once` : `${dq(request.body)}; // the exact bytes to sign and send`;
      return [
        "const crypto = require('node:crypto');",
        '',
        `const clientCode = ${dq(request.clientCode)};`,
        'const signKey = process.env.PRAKERJA_SIGN_KEY; // never hard-code the key',
        `const timestamp = ${dq(request.timestamp)}; // in real code: String(Math.floor(Date.now() / 1000))`,
        `const method = ${dq(request.method)};`,
        `const endpoint = ${dq(request.endpoint)};`,
        ...(extra ? [`const extra = ${dq(extra)};`] : []),
        `const body = ${body}`,
        '',
        `const rawSignature = clientCode + timestamp + method + endpoint${extra ? ' + extra' : ''} + body;`,
        "const signature = crypto.createHmac('sha1', signKey).update(rawSignature, 'utf8').digest('hex');",
        'console.log(signature);',
        '// Send `body` itself (not a re-serialized object) with the headers client_code, signature, timestamp.',
        '',
      ].join('\n');
    }
    case 'python': {
      const body = flat
        ? `json.dumps({${flat.map(([k, v]) => `${dq(k)}: ${pyValue(v)}`).join(', ')}}, separators=(",", ":"), ensure_ascii=False)`
        : `${dq(request.body)}  # the exact bytes to sign and send`;
      return [
        'import hashlib',
        'import hmac',
        'import json',
        'import os',
        'import time  # for the timestamp in real code',
        '',
        `client_code = ${dq(request.clientCode)}`,
        'sign_key = os.environ["PRAKERJA_SIGN_KEY"]  # never hard-code the key',
        `timestamp = ${dq(request.timestamp)}  # in real code: str(int(time.time()))`,
        `method = ${dq(request.method)}`,
        `endpoint = ${dq(request.endpoint)}`,
        ...(extra ? [`extra = ${dq(extra)}`] : []),
        '# Compact separators and ensure_ascii=False: json.dumps defaults would add spaces and \\uXXXX escapes.',
        `body = ${body}`,
        '',
        `raw_signature = client_code + timestamp + method + endpoint${extra ? ' + extra' : ''} + body`,
        'signature = hmac.new(sign_key.encode("utf-8"), raw_signature.encode("utf-8"), hashlib.sha1).hexdigest()',
        'print(signature)',
        '# Send data=body.encode("utf-8") (not json=...), with the headers client_code, signature, timestamp.',
        '',
      ].join('\n');
    }
    case 'php': {
      const data = flat ? (flat.length ? `[\n${flat.map(([k, v]) => `    ${sq(k)} => ${phpValue(v)},`).join('\n')}\n]` : 'new stdClass()') : undefined;
      const body = data
        ? `json_encode(${data === 'new stdClass()' ? data : '$data'}, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE)`
        : `${sq(request.body)}; // the exact bytes to sign and send`;
      return [
        '<?php',
        `$clientCode = ${sq(request.clientCode)};`,
        "$signKey = getenv('PRAKERJA_SIGN_KEY'); // never hard-code the key",
        `$timestamp = ${sq(request.timestamp)}; // in real code: (string) time()`,
        `$method = ${sq(request.method)};`,
        `$endpoint = ${sq(request.endpoint)};`,
        ...(extra ? [`$extra = ${sq(extra)};`] : []),
        ...(data && data !== 'new stdClass()' ? [`$data = ${data};`] : []),
        '// Without these flags json_encode writes \\/ and \\uXXXX; an empty array would be [] instead of {}.',
        `$body = ${body}${data ? ';' : ''}`,
        '',
        `$rawSignature = $clientCode . $timestamp . $method . $endpoint${extra ? ' . $extra' : ''} . $body;`,
        "$signature = hash_hmac('sha1', $rawSignature, $signKey);",
        'echo $signature, PHP_EOL;',
        '// Send $body itself as CURLOPT_POSTFIELDS, with the headers client_code, signature, timestamp.',
        '',
      ].join('\n');
    }
    case 'ruby': {
      const body = flat ? `JSON.generate({ ${flat.map(([k, v]) => `${sq(k)} => ${rbValue(v)}`).join(', ')} })` : `${sq(request.body)} # the exact bytes to sign and send`;
      return [
        "require 'json'",
        "require 'openssl'",
        '',
        `client_code = ${sq(request.clientCode)}`,
        "sign_key = ENV.fetch('PRAKERJA_SIGN_KEY') # never hard-code the key",
        `timestamp = ${sq(request.timestamp)} # in real code: Time.now.to_i.to_s`,
        `method = ${sq(request.method)}`,
        `endpoint = ${sq(request.endpoint)}`,
        ...(extra ? [`extra = ${sq(extra)}`] : []),
        `body = ${body}`,
        '',
        `raw_signature = client_code + timestamp + method + endpoint${extra ? ' + extra' : ''} + body`,
        "signature = OpenSSL::HMAC.hexdigest('SHA1', sign_key, raw_signature)",
        'puts signature',
        '# Send request.body = body (the same string), with the headers client_code, signature, timestamp.',
        '',
      ].join('\n');
    }
    case 'go': {
      const struct = flat
        ? [
            'type requestBody struct {',
            ...flat.map(([k, v]) => `\t${goField(k)} ${goType(v)} \`json:${dq(k)}\``),
            '}',
            '',
          ]
        : [];
      const build = flat
        ? [
            '\t// A struct keeps the field order (a map would sort keys); SetEscapeHTML(false) keeps <, > and & as they are.',
            '\tvar buf bytes.Buffer',
            '\tenc := json.NewEncoder(&buf)',
            '\tenc.SetEscapeHTML(false)',
            `\tif err := enc.Encode(requestBody{${flat.map(([k, v]) => `${goField(k)}: ${goValue(v)}`).join(', ')}}); err != nil {`,
            '\t\tpanic(err)',
            '\t}',
            '\tbody := strings.TrimSuffix(buf.String(), "\\n") // Encode adds a newline',
          ]
        : [`\tbody := ${dq(request.body)} // the exact bytes to sign and send`];
      return [
        'package main',
        '',
        'import (',
        ...(flat ? ['\t"bytes"'] : []),
        '\t"crypto/hmac"',
        '\t"crypto/sha1"',
        '\t"encoding/hex"',
        ...(flat ? ['\t"encoding/json"'] : []),
        '\t"fmt"',
        '\t"os"',
        ...(flat ? ['\t"strings"'] : []),
        ')',
        '',
        ...struct,
        'func main() {',
        `\tclientCode := ${dq(request.clientCode)}`,
        '\tsignKey := os.Getenv("PRAKERJA_SIGN_KEY") // never hard-code the key',
        `\ttimestamp := ${dq(request.timestamp)} // in real code: strconv.FormatInt(time.Now().Unix(), 10) (import "strconv" and "time")`,
        `\tmethod := ${dq(request.method)}`,
        `\tendpoint := ${dq(request.endpoint)}`,
        ...(extra ? [`\textra := ${dq(extra)}`] : []),
        ...build,
        '',
        `\trawSignature := clientCode + timestamp + method + endpoint${extra ? ' + extra' : ''} + body`,
        '\tmac := hmac.New(sha1.New, []byte(signKey))',
        '\tmac.Write([]byte(rawSignature))',
        '\tfmt.Println(hex.EncodeToString(mac.Sum(nil)))',
        '\t// Send strings.NewReader(body) as the request body, with the headers client_code, signature, timestamp.',
        '}',
        '',
      ].join('\n');
    }
    case 'java':
      return [
        'import java.nio.charset.StandardCharsets;',
        'import java.util.HexFormat;',
        'import javax.crypto.Mac;',
        'import javax.crypto.spec.SecretKeySpec;',
        '',
        'public class PrakerjaSignature {',
        '    public static void main(String[] args) throws Exception {',
        `        String clientCode = ${dq(request.clientCode)};`,
        '        String signKey = System.getenv("PRAKERJA_SIGN_KEY"); // never hard-code the key',
        `        String timestamp = ${dq(request.timestamp)}; // in real code: String.valueOf(System.currentTimeMillis() / 1000)`,
        `        String method = ${dq(request.method)};`,
        `        String endpoint = ${dq(request.endpoint)};`,
        ...(extra ? [`        String extra = ${dq(extra)};`] : []),
        '        // Serialize once (e.g. Jackson writeValueAsString keeps field order and does not escape / or non-ASCII),',
        '        // then sign and send this same String.',
        `        String body = ${dq(request.body)};`,
        '',
        `        String rawSignature = clientCode + timestamp + method + endpoint${extra ? ' + extra' : ''} + body;`,
        '        Mac mac = Mac.getInstance("HmacSHA1");',
        '        mac.init(new SecretKeySpec(signKey.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));',
        '        System.out.println(HexFormat.of().formatHex(mac.doFinal(rawSignature.getBytes(StandardCharsets.UTF_8))));',
        '    }',
        '}',
        '',
      ].join('\n');
  }
}
