import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { CAUSES, type Cause } from '../../../src/core/diagnosis/causes';
import { diagnose, type TheirSide } from '../../../src/core/diagnosis/diagnosis';
import { searchSignature, searchSignatureInSlices, type SearchOptions, type SearchRequest } from '../../../src/core/diagnosis/signatureSearch';
import { plainEnglish } from '../../../src/core/translate';
import { runProgram, skipWithout } from '../../support/runtimes';

// Their side is always built from literal strings, or by the real language runtime, never from our own variant
// functions: the tests check the diagnosis against what real programs write.
const KEY = 'dp-sign-key';
const CC = 'dp-client';
const TS = '1764040000';
const EP = '/api/v1/integration/payment/void';
const BODY = '{"invoice_code":"INV/2026/é-<1>&","transaction_code":"TRX-1"}';
const sent: SearchRequest = { clientCode: CC, timestamp: TS, method: 'POST', endpoint: EP, body: BODY };
const OTHER = { clientCode: 'hardcoded-dp', signKey: 'hardcoded-key' };

type SegmentName = 'client_code' | 'timestamp' | 'method' | 'endpoint';
/** What their program did differently; every field left out is done right. */
interface Mistakes {
  clientCode?: string;
  timestamp?: string;
  method?: string;
  endpoint?: string;
  body?: string;
  key?: string;
  order?: SegmentName[];
  charset?: 'latin1';
  algorithm?: 'swapped' | 'plain' | 'sha256';
  output?: 'upper' | 'base64' | 'base64url';
}

/** Their signer, written out plainly: the raw string, its bytes, the digest and how it is written. */
function sign(m: Mistakes, request: SearchRequest = sent): { signature: string; raw: string } {
  const values: Record<SegmentName, string> = {
    client_code: m.clientCode ?? request.clientCode,
    timestamp: m.timestamp ?? request.timestamp,
    method: m.method ?? request.method,
    endpoint: m.endpoint ?? request.endpoint,
  };
  const raw = (m.order ?? ['client_code', 'timestamp', 'method', 'endpoint']).map((n) => values[n]).join('') + (m.body ?? request.body);
  const message = m.charset === 'latin1' ? Buffer.from(raw.replace(/[^\u0000-\u00ff]/gu, '?'), 'latin1') : Buffer.from(raw, 'utf8');
  const key = m.key ?? KEY;
  const bytes =
    m.algorithm === 'swapped' ? createHmac('sha1', message).update(key).digest()
    : m.algorithm === 'plain' ? createHash('sha1').update(message).digest()
    : createHmac(m.algorithm === 'sha256' ? 'sha256' : 'sha1', key).update(message).digest();
  const signature =
    m.output === 'upper' ? bytes.toString('hex').toUpperCase()
    : m.output === 'base64' ? bytes.toString('base64')
    : m.output === 'base64url' ? bytes.toString('base64url')
    : bytes.toString('hex');
  return { signature, raw };
}

const search = (signature: string, options: SearchOptions = {}, request: SearchRequest = sent) =>
  searchSignature(request, KEY, signature, plainEnglish, { otherClients: [OTHER], ...options });
const causes = (result: ReturnType<typeof search>) => result.reproduced?.findings.map((f) => f.cause);

describe('signature search: correct signatures', () => {
  for (const [name, request] of [
    ['the Void body', sent],
    ['an empty body', { ...sent, body: '{}' }],
    ['a pretty body sent as signed', { ...sent, body: '{\n  "a": 1\n}' }],
    ['a body that is not JSON', { ...sent, body: 'a=1&b=2' }],
  ] as Array<[string, SearchRequest]>) {
    it(`is a match with no finding for ${name}`, () => {
      const result = search(sign({}, request).signature, { bodyIsSent: true }, request);
      assert.equal(result.match, true);
      assert.equal(result.reproduced, undefined);
    });
  }
});

describe('signature search: every cause alone', () => {
  const singles: Array<[Cause | Cause[], Mistakes, SearchRequest?, SearchOptions?]> = [
    ['body.python', { body: '{"invoice_code": "INV/2026/\\u00e9-<1>&", "transaction_code": "TRX-1"}' }],
    ['body.php', { body: '{"invoice_code":"INV\\/2026\\/\\u00e9-<1>&","transaction_code":"TRX-1"}' }],
    ['body.go', { body: '{"invoice_code":"INV/2026/é-\\u003c1\\u003e\\u0026","transaction_code":"TRX-1"}' }],
    ['body.keyOrder', { body: '{"transaction_code":"TRX-1","invoice_code":"INV/2026/é-<1>&"}' }],
    ['body.emptyArray', { body: '[]' }, { ...sent, body: '{}' }],
    ['body.whitespace', { body: '{\n  "invoice_code": "INV/2026/é-<1>&",\n  "transaction_code": "TRX-1"\n}' }],
    ['body.types', { body: '{"invoice_code":"INV-1","sequence":"1"}' }, { ...sent, body: '{"invoice_code":"INV-1","sequence":1}' }],
    ['body.handBuilt', { body: '{"invoice_code":"INV "A"","transaction_code":"TRX-1"}' }, { ...sent, body: '{"invoice_code":"INV \\"A\\"","transaction_code":"TRX-1"}' }],
    [['body.python', 'body.signedNotSent'], { body: '{"invoice_code": "INV/2026/\\u00e9-<1>&", "transaction_code": "TRX-1"}' }, sent, { bodyIsSent: true }],
    ['body.signedNotSent', { body: '{"amount":1}' }, { ...sent, body: '{"amount":1.0}' }, { bodyIsSent: true }],
    ['timestamp.milliseconds', { timestamp: `${TS}437` }],
    ['timestamp.milliseconds', { timestamp: TS }, { ...sent, timestamp: `${TS}000` }],
    ['timestamp.skew', { timestamp: String(Number(TS) - 2) }],
    ['method.lowercase', { method: 'post' }],
    ['endpoint.fullUrl', { endpoint: `https://api.prakerja.go.id${EP}` }],
    ['endpoint.fullUrl', { endpoint: `http://127.0.0.1:8787${EP}` }, sent, { hosts: ['http://127.0.0.1:8787/'] }],
    ['endpoint.sentPath', { endpoint: EP }, { ...sent, endpoint: `/${EP}` }],
    ['endpoint.sentPath', { endpoint: `${EP}/` }],
    ['endpoint.other', { endpoint: '/api/v1/integration/payment/status' }],
    ['clientCode.other', { clientCode: OTHER.clientCode, key: OTHER.signKey }],
    ['clientCode.other', { key: OTHER.signKey }],
    ['key.whitespace', { key: `${KEY}\n` }],
    ['key.whitespace', { key: `${KEY}\r\n` }],
    ['key.whitespace', { key: ` ${KEY}` }],
    ['charset', { charset: 'latin1' }],
    ['output.upperHex', { output: 'upper' }],
    ['output.base64', { output: 'base64' }],
    ['output.base64', { output: 'base64url' }],
    ['output.sha256', { algorithm: 'sha256' }],
    ['output.plainSha1', { algorithm: 'plain' }],
    ['output.swapped', { algorithm: 'swapped' }],
    ['order.segments', { order: ['timestamp', 'client_code', 'method', 'endpoint'] }],
  ];
  for (const [expected, mistakes, request = sent, options = {}] of singles) {
    const want = [expected].flat();
    it(`names ${want.join(' + ')} for ${JSON.stringify(mistakes)}`, () => {
      const theirs = sign(mistakes, request);
      const result = search(theirs.signature, options, request);
      assert.equal(result.match, false);
      assert.deepEqual(causes(result), want);
      assert.equal(result.reproduced!.rawSignature, theirs.raw, 'the reproduced string is what they signed');
      for (const finding of result.reproduced!.findings) assert.match(finding.sentence, /\S/);
    });
  }

  it('covers the whole vocabulary', () => {
    const named = new Set(singles.flatMap(([c]) => [c].flat()));
    assert.deepEqual(CAUSES.filter((c) => !named.has(c)), []);
  });

  it('says what was signed and what was sent, never the key', () => {
    const ms = search(sign({ timestamp: `${TS}437` }).signature);
    assert.match(ms.reproduced!.findings[0]!.sentence, new RegExp(`${TS}437.*${TS}`));
    const path = search(sign({ endpoint: EP }).signature, {}, { ...sent, endpoint: `/${EP}` });
    assert.ok(path.reproduced!.findings[0]!.sentence.includes(`the request line says /${EP}`));
    const other = search(sign({ clientCode: OTHER.clientCode, key: OTHER.signKey }).signature);
    assert.equal(JSON.stringify(other).includes(OTHER.signKey), false);
    assert.equal(JSON.stringify(other).includes(KEY), false);
  });

  it('names a key encoded as Latin-1 (a non-ASCII sign_key)', () => {
    const key = 'kunci-rahasia-ñ';
    const theirs = createHmac('sha1', Buffer.from(key, 'latin1')).update(sign({}).raw).digest('hex');
    const result = searchSignature(sent, key, theirs, plainEnglish);
    assert.deepEqual(causes(result), ['charset']);
    assert.match(result.reproduced!.findings[0]!.sentence, /sign_key encoded as ISO-8859-1/);
    assert.equal(JSON.stringify(result).includes(key), false);
  });

  it('names the extra segment left out', () => {
    const result = search(sign({}).signature, {}, { ...sent, extra: 'Bearer abc' });
    assert.deepEqual(causes(result), ['order.segments']);
    assert.match(result.reproduced!.findings[0]!.sentence, /without the extra segment \(Bearer abc\)/);
  });

  it("names another environment's key for the same client_code as such", () => {
    const result = search(sign({ key: 'production-key' }).signature, { otherClients: [{ clientCode: CC, signKey: 'production-key' }] });
    assert.deepEqual(causes(result), ['clientCode.other']);
    assert.match(result.reproduced!.findings[0]!.sentence, /another environment of client_code dp-client/);
  });

  it('returns the segments of the reproduced string in the order they were signed', () => {
    const result = search(sign({ order: ['timestamp', 'client_code', 'method', 'endpoint'], timestamp: `${TS}001` }).signature);
    assert.deepEqual(result.reproduced!.segments.map((s) => s.name), ['timestamp', 'client_code', 'method', 'endpoint', 'body']);
    assert.equal(result.reproduced!.segments[0]!.text, `${TS}001`);
  });
});

describe('signature search: a pair of mistakes from every two parts', () => {
  // One representative mistake per part; charset needs the non-ASCII body, so the body's is a key order that keeps it.
  const parts: Array<[Cause, Mistakes]> = [
    ['body.keyOrder', { body: '{"transaction_code":"TRX-1","invoice_code":"INV/2026/é-<1>&"}' }],
    ['timestamp.milliseconds', { timestamp: `${TS}999` }],
    ['method.lowercase', { method: 'post' }],
    ['endpoint.fullUrl', { endpoint: `https://api-ssn.prakerja.go.id${EP}` }],
    ['clientCode.other', { clientCode: OTHER.clientCode, key: OTHER.signKey }],
    ['key.whitespace', { key: `${KEY}\n` }],
    ['charset', { charset: 'latin1' }],
    ['order.segments', { order: ['client_code', 'method', 'timestamp', 'endpoint'] }],
    ['output.swapped', { algorithm: 'swapped' }],
    ['output.upperHex', { output: 'upper' }],
  ];
  for (let i = 0; i < parts.length; i++) {
    for (let j = i + 1; j < parts.length; j++) {
      const [a, first] = parts[i]!;
      const [b, second] = parts[j]!;
      it(`names ${a} + ${b}`, () => {
        const mistakes = { ...first, ...second };
        // Key whitespace on top of another client's key: their signer trimmed neither.
        if (first.key && second.key) mistakes.key = `${OTHER.signKey}\n`;
        const theirs = sign(mistakes);
        const result = search(theirs.signature);
        assert.deepEqual(causes(result)?.sort(), [a, b].sort());
        assert.equal(result.reproduced!.rawSignature, theirs.raw);
      });
    }
  }

  it('bounds the work for a large body, still finding single mistakes and small pairs', () => {
    const large = { ...sent, body: JSON.stringify({ invoice_code: 'INV-1', note: 'x'.repeat(20_000) }) };
    const unexplained = search(createHmac('sha1', 'another').update('x').digest('hex'), {}, large);
    const small = search(sign({}).signature.replace(/^./, (c) => (c === '0' ? '1' : '0')), {}, sent);
    assert.equal(unexplained.reproduced, undefined);
    assert.ok(unexplained.digests * 5 < small.digests, `${unexplained.digests} digests for a large body, ${small.digests} for a small one`);
    assert.deepEqual(causes(search(sign({ timestamp: `${TS}500` }, large).signature, {}, large)), ['timestamp.milliseconds']);
    assert.deepEqual(causes(search(sign({ method: 'post', output: 'upper', key: `${KEY}\n` }, large).signature, {}, large)), ['method.lowercase', 'key.whitespace', 'output.upperHex']);
  });

  it('stays silent (no false cause) for three mistakes it does not search', () => {
    const result = search(sign({ method: 'post', timestamp: `${TS}123`, endpoint: `/${EP}` }).signature);
    assert.equal(result.reproduced, undefined);
    assert.ok(result.digests > 10_000, `searched ${result.digests} candidates`);
  });
});

describe('signature search in slices', () => {
  const unexplained = createHmac('sha1', 'another-key').update('x').digest('hex');

  it('finds what the one-go search finds', async () => {
    const theirs = sign({ method: 'post', key: `${KEY}\n` }).signature;
    assert.deepEqual(await searchSignatureInSlices(sent, KEY, theirs, plainEnglish, { sliceMs: 0 }), searchSignature(sent, KEY, theirs, plainEnglish));
  });

  it('lets the event loop run between slices', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('other work'));
    const result = await searchSignatureInSlices(sent, KEY, unexplained, plainEnglish, { sliceMs: 0 });
    order.push('search done');
    assert.equal(result?.reproduced, undefined);
    assert.deepEqual(order, ['other work', 'search done']);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    setImmediate(() => controller.abort());
    assert.equal(await searchSignatureInSlices(sent, KEY, unexplained, plainEnglish, { sliceMs: 0, signal: controller.signal }), undefined);
  });
});

describe('signature search: wrong signatures made by real programs', () => {
  const data = { invoice_code: 'INV/2026/é-<1>&', transaction_code: 'TRX-1' };
  const prefix = `${CC}${TS}POST${EP}`;

  it('Python json.dumps default, sent compact', { skip: skipWithout('python') }, () => {
    const [signature] = runProgram('python', `import json,hmac,hashlib\nbody=json.dumps(${JSON.stringify(data)})\nprint(hmac.new(b"${KEY}", ("${prefix}"+body).encode(), hashlib.sha1).hexdigest())`);
    assert.deepEqual(causes(search(signature!)), ['body.python']);
  });

  it("the spec's Python example: signs compact JSON, sends json.dumps(data)", { skip: skipWithout('python') }, () => {
    const [signature, body] = runProgram('python', `import json,hmac,hashlib\ndata=${JSON.stringify(data)}\nsigned=json.dumps(data, separators=(",", ":"), ensure_ascii=False)\nprint(hmac.new(b"${KEY}", ("${prefix}"+signed).encode(), hashlib.sha1).hexdigest())\nprint(json.dumps(data))`);
    const result = search(signature!, { bodyIsSent: true }, { ...sent, body: body! });
    assert.deepEqual(causes(result), ['body.python', 'body.signedNotSent']);
    assert.ok(result.reproduced!.findings[0]!.sentence.includes("but sent the body as Python's json.dumps writes it by default"));
  });

  it('Python json.dumps default and a millisecond timestamp', { skip: skipWithout('python') }, () => {
    const [signature] = runProgram('python', `import json,hmac,hashlib\nts=str(${TS}*1000+437)\nbody=json.dumps(${JSON.stringify(data)})\nprint(hmac.new(b"${KEY}", ("${CC}"+ts+"POST${EP}"+body).encode(), hashlib.sha1).hexdigest())`);
    assert.deepEqual(causes(search(signature!)), ['body.python', 'timestamp.milliseconds']);
  });

  it('PHP json_encode default', { skip: skipWithout('php') }, () => {
    const [signature] = runProgram('php', `$body = json_encode(['invoice_code' => 'INV/2026/é-<1>&', 'transaction_code' => 'TRX-1']); echo hash_hmac('sha1', '${prefix}' . $body, '${KEY}'), "\\n";`);
    assert.deepEqual(causes(search(signature!)), ['body.php']);
  });

  it('PHP json_encode of an empty array', { skip: skipWithout('php') }, () => {
    const [signature] = runProgram('php', `echo hash_hmac('sha1', '${prefix}' . json_encode([]), '${KEY}'), "\\n";`);
    assert.deepEqual(causes(search(signature!, {}, { ...sent, body: '{}' })), ['body.emptyArray']);
  });

  it('Go json.Marshal of a map', { skip: skipWithout('go') }, () => {
    const [signature] = runProgram('go', `package main
import ("crypto/hmac"; "crypto/sha1"; "encoding/hex"; "encoding/json"; "fmt")
func main() {
  body, _ := json.Marshal(map[string]string{"transaction_code": "TRX-1", "invoice_code": "INV/2026/é-<1>&"})
  mac := hmac.New(sha1.New, []byte("${KEY}"))
  mac.Write([]byte("${prefix}" + string(body)))
  fmt.Println(hex.EncodeToString(mac.Sum(nil)))
}`);
    assert.deepEqual(causes(search(signature!, {}, { ...sent, body: '{"transaction_code":"TRX-1","invoice_code":"INV/2026/é-<1>&"}' })), ['body.go']);
  });

  it('Ruby: a key read from a file with its newline, and the full URL signed', { skip: skipWithout('ruby') }, () => {
    const [signature] = runProgram('ruby', `require 'openssl'\nrequire 'tempfile'\nf = Tempfile.new('key'); f.write("${KEY}\\n"); f.close\nkey = File.read(f.path)\nputs OpenSSL::HMAC.hexdigest('sha1', key, '${CC}${TS}POST' + 'https://api.prakerja.go.id${EP}' + '${BODY}')`);
    assert.deepEqual(causes(search(signature!)), ['endpoint.fullUrl', 'key.whitespace']);
  });

  it('Node: a lower-case method and SHA-256', { skip: skipWithout('node') }, () => {
    const [signature] = runProgram('node', `console.log(require('crypto').createHmac('sha256', '${KEY}').update(${JSON.stringify(`${CC}${TS}post${EP}${BODY}`)}).digest('hex'))`);
    assert.deepEqual(causes(search(signature!)), ['method.lowercase', 'output.sha256']);
  });

  it('Node: Base64 output', { skip: skipWithout('node') }, () => {
    const [signature] = runProgram('node', `console.log(require('crypto').createHmac('sha1', '${KEY}').update(${JSON.stringify(`${prefix}${BODY}`)}).digest('base64'))`);
    assert.deepEqual(causes(search(signature!)), ['output.base64']);
  });

  it('Ruby: the raw_signature encoded as US-ASCII ("?" for non-ASCII, like .NET Encoding.ASCII)', { skip: skipWithout('ruby') }, () => {
    const [signature] = runProgram('ruby', `require 'openssl'\nraw = "${prefix}" + '${BODY}'\nputs OpenSSL::HMAC.hexdigest('sha1', '${KEY}', raw.encode('US-ASCII', invalid: :replace, undef: :replace))`);
    const result = search(signature!);
    assert.deepEqual(causes(result), ['charset']);
    assert.match(result.reproduced!.findings[0]!.sentence, /encoded as ASCII/);
  });

  it('Java: getBytes with ISO-8859-1', { skip: skipWithout('java') }, () => {
    const [signature] = runProgram('java', `import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
public class Main {
  public static void main(String[] args) throws Exception {
    String raw = "${prefix}" + "{\\"invoice_code\\":\\"INV/2026/\\u00e9-<1>&\\",\\"transaction_code\\":\\"TRX-1\\"}";
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec("${KEY}".getBytes(StandardCharsets.ISO_8859_1), "HmacSHA1"));
    StringBuilder hex = new StringBuilder();
    for (byte b : mac.doFinal(raw.getBytes(StandardCharsets.ISO_8859_1))) hex.append(String.format("%02x", b));
    System.out.println(hex);
  }
}`);
    assert.deepEqual(causes(search(signature!)), ['charset']);
  });
});

describe('diagnose (the debugger)', () => {
  const input = { clientCode: CC, timestamp: Number(TS), method: 'POST', endpoint: EP, body: BODY };
  const run = (their: TheirSide) => diagnose(input, KEY, their, plainEnglish, [], { otherClients: [OTHER] });
  const ids = (their: TheirSide) => run(their).findings.map((f) => f.id);

  it('reports a match and no findings for the right signature', () => {
    const result = run({ signature: sign({}).signature });
    assert.equal(result.match, true);
    assert.equal(result.ourSignature, sign({}).signature);
    assert.deepEqual(result.findings, []);
  });

  it('returns the reproduced string beside the findings', () => {
    const theirs = sign({ method: 'post', algorithm: 'sha256' });
    const result = run({ signature: theirs.signature });
    assert.deepEqual(result.findings.map((f) => f.cause), ['method.lowercase', 'output.sha256']);
    assert.equal(result.reproduced?.rawSignature, theirs.raw);
  });

  it('says the signature was right for the request but another body or timestamp was sent', () => {
    const python = '{"invoice_code": "INV/2026/é-<1>&", "transaction_code": "TRX-1"}';
    assert.deepEqual(ids({ signature: sign({}).signature, sentBody: python }), ['body.signedNotSent']);
    assert.deepEqual(ids({ signature: sign({}).signature, sentTimestamp: String(Number(TS) + 1) }), ['timestamp.skew']);
    assert.deepEqual(ids({ signature: sign({ body: python }).signature, sentBody: python }), ['sentBodyMatches']);
    assert.deepEqual(ids({ signature: sign({ timestamp: '1764040002' }).signature, sentTimestamp: '1764040002' }), ['sentTimestampMatches']);
    const escaped = '{"invoice_code": "INV/2026/\\u00e9-<1>&", "transaction_code": "TRX-1"}';
    assert.deepEqual(ids({ signature: sign({ body: escaped }).signature, sentBody: python }), ['body.python', 'body.signedNotSent']);
  });

  it('shows the first differing byte of the raw strings, with its segment', () => {
    const theirRaw = `${CC}${TS}POST${EP}{"invoice_code": "X"}`;
    const result = run({ signature: createHmac('sha1', KEY).update(theirRaw).digest('hex'), rawSignature: theirRaw });
    assert.deepEqual(result.firstDifference && [result.firstDifference.segment, result.firstDifference.index], ['body', `${CC}${TS}POST${EP}`.length + 16]);
    assert.equal(result.theirRawSignedWithThisKey, true);
    assert.deepEqual(result.findings.map((f) => f.id), ['theirRawSigned']);
    const nonAscii = run({ signature: 'x', rawSignature: `${CC}${TS}POST${EP}${BODY}`.replace('é-', 'é+') });
    assert.equal(nonAscii.firstDifference!.byteIndex, nonAscii.firstDifference!.index + 1, 'é is two bytes in UTF-8');
  });

  it('finds key mistakes on their own raw string too', () => {
    const theirRaw = `${CC}${TS}POST${EP}${BODY}x`;
    assert.deepEqual(ids({ signature: createHmac('sha1', `${KEY}\n`).update(theirRaw).digest('hex'), rawSignature: theirRaw }), ['key.whitespace']);
  });

  it('says plainly when nothing reproduces the signature, with the key fingerprint, never the key', () => {
    const result = run({ signature: createHmac('sha1', 'a-different-key').update('x').digest('hex') });
    assert.deepEqual(result.findings.map((f) => f.id), ['noneMatched']);
    assert.equal(JSON.stringify(result).includes(KEY), false);
    assert.deepEqual(ids({ signature: 'not-a-signature' }), ['notHex', 'noneMatched']);
  });
});
