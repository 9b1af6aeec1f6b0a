import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { diagnose, type TheirSide } from '../../../src/core/diagnosis/diagnosis';
import { plainEnglish } from '../../../src/core/translate';

// Their side is always built from literal strings, the way each language would produce them, never from our own
// variant functions: the tests check the diagnosis against what real encoders write.
const KEY = 'dp-sign-key';
const EP = '/api/v1/integration/payment/void';
const TS = 1764040000;
const BODY = '{"invoice_code":"INV/2026/é-<1>&","transaction_code":"TRX-1"}';
const input = { clientCode: 'dp-client', timestamp: TS, method: 'POST', endpoint: EP, body: BODY };

const hmac = (message: string, key = KEY, algorithm = 'sha1') => createHmac(algorithm, key).update(message, 'utf8').digest('hex');
const rawWith = (changes: { clientCode?: string; timestamp?: number | string; method?: string; endpoint?: string; body?: string } = {}) => {
  const x = { ...input, ...changes };
  return `${x.clientCode}${x.timestamp}${x.method}${x.endpoint}${x.body}`;
};
const run = (their: TheirSide, overrides: Partial<typeof input> = {}) => diagnose({ ...input, ...overrides }, KEY, their, plainEnglish);
const ids = (their: TheirSide, overrides: Partial<typeof input> = {}) => run(their, overrides).findings.map((f) => f.id);

describe('signature diagnosis', () => {
  it('reports a match and no findings for the right signature', () => {
    const result = run({ signature: hmac(rawWith()) });
    assert.equal(result.match, true);
    assert.equal(result.ourSignature, hmac(rawWith()));
    assert.deepEqual(result.findings, []);
  });

  const bodies: Array<[string, string, string]> = [
    ['Python json.dumps default', '{"invoice_code": "INV/2026/\\u00e9-<1>&", "transaction_code": "TRX-1"}', 'pythonDefault'],
    ['Python with ensure_ascii=False but default separators', '{"invoice_code": "INV/2026/é-<1>&", "transaction_code": "TRX-1"}', 'pythonSpaces'],
    ['\\uXXXX escapes only', '{"invoice_code":"INV/2026/\\u00e9-<1>&","transaction_code":"TRX-1"}', 'asciiEscapes'],
    ['PHP json_encode default', '{"invoice_code":"INV\\/2026\\/\\u00e9-<1>&","transaction_code":"TRX-1"}', 'phpDefault'],
    ['PHP escaped slashes only', '{"invoice_code":"INV\\/2026\\/é-<1>&","transaction_code":"TRX-1"}', 'escapedSlashes'],
    ['Go json.Marshal of a struct', '{"invoice_code":"INV/2026/é-\\u003c1\\u003e\\u0026","transaction_code":"TRX-1"}', 'goHtmlEscapes'],
    ['pretty-printed JSON', '{\n  "invoice_code": "INV/2026/é-<1>&",\n  "transaction_code": "TRX-1"\n}', 'pretty'],
    ['a trailing newline', `${BODY}\n`, 'trailingNewline'],
  ];
  for (const [name, theirBody, id] of bodies) {
    it(`diagnoses a body written by ${name}`, () => {
      const found = ids({ signature: hmac(rawWith({ body: theirBody })) });
      assert.equal(found[0], id);
    });
  }

  it('diagnoses other key order (a map)', () => {
    const body = '{"transaction_code":"TRX-1","invoice_code":"INV-1"}';
    const sorted = '{"invoice_code":"INV-1","transaction_code":"TRX-1"}';
    assert.deepEqual(ids({ signature: hmac(rawWith({ body: sorted })) }, { body }), ['sortedKeys']);
  });

  it('diagnoses Go map marshaling (sorted keys and HTML escapes)', () => {
    const body = '{"transaction_code":"<T>","invoice_code":"I"}';
    assert.deepEqual(ids({ signature: hmac(rawWith({ body: '{"invoice_code":"I","transaction_code":"\\u003cT\\u003e"}' })) }, { body }), ['goMap']);
  });

  it('diagnoses [] for an empty body (PHP empty array)', () => {
    assert.deepEqual(ids({ signature: hmac(rawWith({ body: '[]' })) }, { body: '{}' }), ['emptyArray']);
  });

  it('diagnoses a millisecond timestamp, naming the value', () => {
    const result = run({ signature: hmac(rawWith({ timestamp: TS * 1000 + 437 })) });
    assert.equal(result.findings[0]?.id, 'millisecondTimestamp');
    assert.match(result.findings[0]!.sentence, new RegExp(`${TS * 1000 + 437}`));
  });

  it('diagnoses a signed timestamp that differs from the one sent', () => {
    assert.deepEqual(ids({ signature: hmac(rawWith({ timestamp: TS - 1 })) }), ['timestampSkew']);
    assert.deepEqual(ids({ signature: hmac(rawWith({ timestamp: TS + 2 })), sentTimestamp: String(TS + 2) }), ['sentTimestampMatches']);
    assert.deepEqual(ids({ signature: hmac(rawWith()), sentTimestamp: String(TS + 1) }), ['timestampSkew'], 'signed here, sent another');
  });

  it('diagnoses a lower-case method', () => {
    assert.deepEqual(ids({ signature: hmac(rawWith({ method: 'post' })) }), ['lowercaseMethod']);
  });

  it('diagnoses the full URL instead of the path', () => {
    const result = run({ signature: hmac(rawWith({ endpoint: `https://api.prakerja.go.id${EP}` })) });
    assert.equal(result.findings[0]?.id, 'fullUrl');
    assert.match(result.findings[0]!.sentence, /https:\/\/api\.prakerja\.go\.id\/api\/v1/);
  });

  it('diagnoses a doubled slash', () => {
    assert.deepEqual(ids({ signature: hmac(rawWith({ endpoint: `/${EP}` })) }), ['doubledSlash']);
  });

  for (const [name, key, what] of [['a trailing newline', `${KEY}\n`, '\\n'], ['a trailing space', `${KEY} `, '␠'], ['a CRLF', `${KEY}\r\n`, '\\r\\n']] as const) {
    it(`diagnoses ${name} in the key`, () => {
      const result = run({ signature: hmac(rawWith(), key) });
      assert.equal(result.findings[0]?.id, 'keyWhitespace');
      assert.ok(result.findings[0]!.sentence.includes(what));
    });
  }

  it('diagnoses upper-case hex', () => {
    assert.deepEqual(ids({ signature: hmac(rawWith()).toUpperCase() }), ['upperHex']);
  });

  it('diagnoses Base64 output', () => {
    const b64 = createHmac('sha1', KEY).update(rawWith()).digest('base64');
    assert.deepEqual(ids({ signature: b64 }), ['base64']);
  });

  it('diagnoses SHA-256 instead of SHA-1', () => {
    assert.deepEqual(ids({ signature: hmac(rawWith(), KEY, 'sha256') }), ['sha256', 'notHex'].slice(0, 1));
  });

  it('diagnoses a plain SHA-1 without the key', () => {
    assert.deepEqual(ids({ signature: createHash('sha1').update(rawWith()).digest('hex') }), ['plainSha1']);
  });

  it('diagnoses key and message swapped', () => {
    assert.deepEqual(ids({ signature: createHmac('sha1', rawWith()).update(KEY).digest('hex') }), ['swappedKey']);
  });

  it('diagnoses parts in the wrong order', () => {
    const result = run({ signature: hmac(`${TS}dp-clientPOST${EP}${BODY}`) });
    assert.equal(result.findings[0]?.id, 'segmentOrder');
    assert.match(result.findings[0]!.sentence, /timestamp \+ client_code \+ method \+ endpoint/);
  });

  it('diagnoses a combination: a Python body in upper-case hex', () => {
    const theirs = hmac(rawWith({ body: '{"invoice_code": "INV/2026/\\u00e9-<1>&", "transaction_code": "TRX-1"}' })).toUpperCase();
    assert.deepEqual(ids({ signature: theirs }), ['pythonDefault', 'upperHex']);
  });

  it('diagnoses a signed body that differs from the body sent', () => {
    const signedBody = '{"invoice_code": "INV/2026/\\u00e9-<1>&", "transaction_code": "TRX-1"}';
    assert.deepEqual(ids({ signature: hmac(rawWith({ body: signedBody })), sentBody: BODY }), ['pythonDefault', 'signedDiffersFromSent']);
  });

  it('reports a matching signature whose request sent another body', () => {
    const result = run({ signature: hmac(rawWith()), sentBody: '{"invoice_code": "INV/2026/é-<1>&", "transaction_code": "TRX-1"}' });
    assert.equal(result.match, true);
    assert.deepEqual(result.findings.map((f) => f.id), ['signedDiffersFromSent']);
  });

  it('tries the configured base URL as a full-URL mistake', () => {
    assert.equal(diagnose(input, KEY, { signature: hmac(rawWith({ endpoint: `http://127.0.0.1:8787${EP}` })) }, plainEnglish, ['http://127.0.0.1:8787']).findings[0]?.id, 'fullUrl');
  });

  it('recognizes a signature that is right for the body they sent', () => {
    const sent = '{"invoice_code":"OTHER","transaction_code":"TRX-1"}';
    assert.deepEqual(ids({ signature: hmac(rawWith({ body: sent })), sentBody: sent }), ['sentBodyMatches']);
  });

  it('diagnoses the extra segment left out', () => {
    assert.deepEqual(ids({ signature: hmac(rawWith()) }, { extra: 'Bearer abc' } as never), ['withoutExtra']);
  });

  it('shows the first differing byte of the raw strings, with its segment', () => {
    const theirRaw = rawWith({ body: '{"invoice_code": "X"}' });
    const result = run({ signature: hmac(theirRaw), rawSignature: theirRaw });
    assert.deepEqual(result.firstDifference && [result.firstDifference.segment, result.firstDifference.index], ['body', rawWith().indexOf('{') + 16]);
    assert.equal(result.theirRawSignedWithThisKey, true);
    assert.equal(result.findings[0]?.id, 'theirRawSigned');
    const nonAscii = run({ signature: 'x', rawSignature: rawWith().replace('é-', 'é+') });
    assert.equal(nonAscii.firstDifference!.byteIndex, nonAscii.firstDifference!.index + 1, 'é is two bytes in UTF-8');
  });

  it('finds key mistakes on their own raw string too', () => {
    const theirRaw = `${rawWith()}x`;
    assert.equal(run({ signature: hmac(theirRaw, `${KEY}\n`), rawSignature: theirRaw }).findings[0]?.id, 'keyWhitespace');
  });

  it('says plainly when nothing reproduces the signature, with the key fingerprint, never the key', () => {
    const result = run({ signature: hmac(rawWith(), 'a-different-key') });
    assert.deepEqual(result.findings.map((f) => f.id), ['noneMatched']);
    assert.equal(JSON.stringify(result).includes(KEY), false);
    assert.deepEqual(ids({ signature: 'not-a-signature' }), ['notHex', 'noneMatched']);
  });
});
