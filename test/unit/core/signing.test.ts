import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildSignedRequest, buildVoidRequest, joinUrl, toCurl, VOID_ENDPOINT } from '../../../src/core/signing/request';
import { buildRawSignature, hmacSha1Hex, keyFingerprint, serializeBody, signaturesEqual, signRequest, unixSeconds } from '../../../src/core/signing/signing';

// Expected HMACs were computed independently with Python's hmac/hashlib and json.dumps(separators=(',', ':'),
// ensure_ascii=False), so these tests compare against another implementation, not against ourselves.
const sign = (body: unknown) =>
  signRequest({ clientCode: 'cc', timestamp: 1700000000, method: 'POST', endpoint: VOID_ENDPOINT, body: serializeBody(body) }, 'k3y');

describe('signing', () => {
  it('reproduces the official Prakerja vector', () => {
    const signed = signRequest(
      {
        clientCode: 'myclient_code',
        timestamp: 1516239022,
        method: 'POST',
        endpoint: '/api/v1/integration/payment/redeem-code/commit',
        body: serializeBody({ redeem_code: 'code' }),
      },
      'my_sign_key',
    );
    assert.equal(signed.rawSignature, 'myclient_code1516239022POST/api/v1/integration/payment/redeem-code/commit{"redeem_code":"code"}');
    assert.equal(signed.signature, '943c20a8e36b6243f576404b00fffdc86411ce1f');
  });

  const vectors: Array<[string, unknown, string, string]> = [
    ['non-ASCII text', { invoice_code: 'INV-Café-日本', transaction_code: 'TRX-é' }, '{"invoice_code":"INV-Café-日本","transaction_code":"TRX-é"}', 'b5bbab69ae779f46e8d0c0743dc131c40291b839'],
    ['slashes (never escaped)', { invoice_code: 'INV/2024/001', transaction_code: 'TRX-1' }, '{"invoice_code":"INV/2024/001","transaction_code":"TRX-1"}', 'c5e178eac9b39b2617c0ec6309c3bb69c5b629b0'],
    ['& < > (never HTML-escaped)', { invoice_code: 'A&B<C>', transaction_code: 'TRX-1' }, '{"invoice_code":"A&B<C>","transaction_code":"TRX-1"}', '2fe23ca5a407ee8e8c3e740f66a84716c1f12428'],
    ['quotes and backslashes', { invoice_code: 'say "hi" \\ ok', transaction_code: 'TRX-1' }, '{"invoice_code":"say \\"hi\\" \\\\ ok","transaction_code":"TRX-1"}', 'd0fbea8cbf6227ff1481e064c26cd0c618886cd2'],
    ['an empty object body', {}, '{}', 'fb7c52ff59b3db7f527e500bb5300c46afd662c3'],
  ];
  for (const [name, body, text, hex] of vectors) {
    it(`signs ${name}`, () => {
      const signed = sign(body);
      assert.equal(signed.body, text);
      assert.equal(signed.signature, hex);
    });
  }

  it('signs an empty body string', () => {
    const signed = signRequest({ clientCode: 'cc', timestamp: '1700000000', method: 'POST', endpoint: VOID_ENDPOINT, body: '' }, 'k3y');
    assert.equal(signed.signature, '28c5a92bb10abe1da3e2df6df4118ebb5b4708ef');
  });

  it('labels every segment with character and byte ranges', () => {
    const raw = buildRawSignature({ clientCode: 'cé', timestamp: 1700000000, method: 'POST', endpoint: '/x', body: '{"a":"日"}' });
    assert.equal(raw.raw, 'cé1700000000POST/x{"a":"日"}');
    assert.deepEqual(
      raw.segments.map((s) => [s.name, s.start, s.end, s.byteStart, s.byteEnd]),
      [
        ['client_code', 0, 2, 0, 3],
        ['timestamp', 2, 12, 3, 13],
        ['method', 12, 16, 13, 17],
        ['endpoint', 16, 18, 17, 19],
        ['body', 18, 27, 19, 30],
      ],
    );
    assert.equal(raw.byteLength, Buffer.byteLength(raw.raw));
    for (const s of raw.segments) assert.equal(raw.raw.slice(s.start, s.end), s.text);
  });

  it('puts the optional extra segment between endpoint and body', () => {
    const raw = buildRawSignature({ clientCode: 'c', timestamp: 1, method: 'POST', endpoint: '/e', body: '{}', extra: 'Bearer x' });
    assert.equal(raw.raw, 'c1POST/eBearer x{}');
    assert.deepEqual(raw.segments.map((s) => s.name), ['client_code', 'timestamp', 'method', 'endpoint', 'extra', 'body']);
  });

  it('produces lower-case hex of 40 characters', () => {
    assert.match(hmacSha1Hex('key', 'message'), /^[0-9a-f]{40}$/);
  });

  it('converts a millisecond clock to whole seconds', () => {
    assert.equal(unixSeconds(1_698_289_216_999), 1_698_289_216);
  });

  it('compares signatures exactly (upper-case hex is a different signature)', () => {
    const hex = hmacSha1Hex('key', 'message');
    assert.equal(signaturesEqual(hex, hex), true);
    assert.equal(signaturesEqual(hex, hex.toUpperCase()), false);
    assert.equal(signaturesEqual(hex, hex.slice(1)), false);
  });

  it('fingerprints keys without revealing them', () => {
    const fp = keyFingerprint('sandbox-sign-key');
    assert.match(fp, /^[0-9a-f]{8}$/);
    assert.equal(fp, keyFingerprint('sandbox-sign-key'));
    assert.notEqual(fp, keyFingerprint('sandbox-sign-key '));
    assert.ok(!hmacSha1Hex('sandbox-sign-key', '').startsWith(fp));
  });
});

describe('request building', () => {
  const target = { id: 'local', baseUrl: 'http://127.0.0.1:9/' };
  const credentials = { clientCode: 'cc', signKey: 'k3y' };

  it('signs and sends the same body text, with the four headers', () => {
    const sent = buildVoidRequest(target, credentials, { invoiceCode: 'INV-1', transactionCode: 'TRX-1' }, 1_700_000_000_500);
    assert.equal(sent.url, 'http://127.0.0.1:9/api/v1/integration/payment/void');
    assert.equal(sent.body, '{"invoice_code":"INV-1","transaction_code":"TRX-1"}');
    assert.equal(sent.rawSignature, `cc1700000000POST${VOID_ENDPOINT}${sent.body}`);
    assert.deepEqual(sent.headers, { 'content-type': 'application/json', client_code: 'cc', signature: hmacSha1Hex('k3y', sent.rawSignature), timestamp: '1700000000' });
    assert.equal(JSON.stringify(sent).includes('k3y'), false, 'the key must not be in what is sent');
  });

  it('upper-cases the method and sends a string body as it is', () => {
    const sent = buildSignedRequest({ target, credentials, endpoint: '/x', method: 'post', body: '{"a": 1}', nowMs: 0 });
    assert.equal(sent.method, 'POST');
    assert.equal(sent.body, '{"a": 1}');
    assert.equal(sent.rawSignature, 'cc0POST/x{"a": 1}');
  });

  it('joins URLs without doubling or dropping slashes', () => {
    assert.equal(joinUrl('https://h/', '/p'), 'https://h/p');
    assert.equal(joinUrl('https://h//', 'p'), 'https://h/p');
    assert.equal(joinUrl('https://h', '/p'), 'https://h/p');
  });

  it('renders a cURL command that quotes safely and never has the key', () => {
    const sent = buildVoidRequest(target, credentials, { invoiceCode: "it's", transactionCode: 'TRX-1' }, 0);
    const curl = toCurl(sent);
    assert.match(curl, /^curl --request POST 'http:\/\/127\.0\.0\.1:9\/api\/v1\/integration\/payment\/void'/);
    assert.ok(curl.includes(`--header 'signature: ${sent.signature}'`));
    assert.ok(curl.includes(`--data-raw '{"invoice_code":"it'\\''s","transaction_code":"TRX-1"}'`));
    assert.equal(curl.includes('k3y'), false);
  });
});
