import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePastedRequest, shellWords } from '../../../src/core/requestPaste';
import { buildVoidRequest, toCurl } from '../../../src/core/signing/request';
import { DEMO_CREDENTIALS } from '../../../src/core/environments';

const BODY = '{"invoice_code":"INV-1","transaction_code":"TRX-1"}';

describe('pasted request', () => {
  it("reads our own Copy as cURL output back (the debugger's and the history's)", () => {
    const sent = buildVoidRequest({ id: 'local', baseUrl: 'http://127.0.0.1:8787' }, DEMO_CREDENTIALS, { invoiceCode: "INV-'1'", transactionCode: 'TRX-1' }, Date.UTC(2026, 10, 25));
    const pasted = parsePastedRequest(toCurl(sent));
    assert.equal(pasted.kind, 'curl');
    assert.deepEqual(pasted.fields, { signature: sent.signature, timestamp: sent.timestamp, clientCode: DEMO_CREDENTIALS.clientCode, path: '/api/v1/integration/payment/void', body: sent.body });
    assert.deepEqual(pasted.missing, []);
  });

  it('reads a multi-line cURL command with double quotes, --data-raw and header names in any case', () => {
    const pasted = parsePastedRequest(`curl -X POST "https://api.prakerja.go.id/api/v1/integration/payment/status?x=1" \\
  -H "Content-Type: application/json" \\
  -H "Client_code: dp-1" -H 'Signature: abc123' --header "Timestamp: 1764040000" \\
  --data-raw "{\\"invoice_code\\":\\"INV-1\\"}"`);
    assert.equal(pasted.method, 'POST');
    assert.deepEqual(pasted.fields, { clientCode: 'dp-1', signature: 'abc123', timestamp: '1764040000', path: '/api/v1/integration/payment/status', body: '{"invoice_code":"INV-1"}' });
  });

  it("reads Chrome's $'…' quoting", () => {
    assert.deepEqual(shellWords("curl --data-raw $'{\"a\":\"caf\\u00e9\\n\"}'"), ['curl', '--data-raw', '{"a":"café\n"}']);
  });

  it('reads a raw HTTP request', () => {
    const pasted = parsePastedRequest(`POST //api/v1/integration/payment/void HTTP/1.1\r\nHost: 127.0.0.1:8787\r\nclient_code: dp-1\r\nsignature: ff00\r\ntimestamp: 1764040000\r\ncontent-type: application/json\r\n\r\n${BODY}`);
    assert.equal(pasted.kind, 'http');
    assert.deepEqual(pasted.fields, { path: '//api/v1/integration/payment/void', clientCode: 'dp-1', signature: 'ff00', timestamp: '1764040000', body: BODY });
    assert.deepEqual(pasted.missing, []);
  });

  it('reads header lines and a body copied from a log, and names what it could not read', () => {
    const pasted = parsePastedRequest(`signature: 9f9f\ntimestamp: 1764040000\n\n${BODY}`);
    assert.equal(pasted.kind, 'headers');
    assert.deepEqual(pasted.fields, { signature: '9f9f', timestamp: '1764040000', body: BODY });
    assert.deepEqual(pasted.missing, ['clientCode', 'path']);
  });

  it('reads nothing from text that is not a request, and says so field by field', () => {
    assert.deepEqual(parsePastedRequest('hello').missing, ['signature', 'timestamp', 'clientCode', 'path']);
    assert.deepEqual(parsePastedRequest('').missing, ['signature', 'timestamp', 'clientCode', 'path', 'body']);
    assert.deepEqual(parsePastedRequest('curl -d @body.json https://x/api').missing, ['signature', 'timestamp', 'clientCode', 'body']);
  });
});
