import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ERROR_CATALOG } from '../../../src/core/errorCatalog';
import { clip, describeOutcome, formatReport, pointsAtSignature, visible } from '../../../src/core/outcomeText';
import { buildVoidRequest } from '../../../src/core/signing/request';
import { plainEnglish } from '../../../src/core/translate';
import type { Outcome, ResponseInfo } from '../../../src/core/http/client';

const KEY = 'outcome-text-sign-key';
const request = buildVoidRequest({ id: 'local', baseUrl: 'http://127.0.0.1:8787' }, { clientCode: 'cc', signKey: KEY }, { invoiceCode: 'INV-1', transactionCode: 'TRX-1' }, 0);
const base = { request, latencyMs: 12.5, sentAt: '2026-11-25T03:00:00.000Z' };
const response = (status: number, bodyText: string, headers: Record<string, string> = {}): ResponseInfo => ({ status, headers, bodyText, bodyBytes: bodyText.length, truncated: false });

const cases: Array<[string, Outcome, RegExp]> = [
  ['success', { ...base, kind: 'success', response: response(200, '{}'), message: 'Transaksi berhasil dibatalkan.' }, /^Voided\. The server answered: "Transaksi berhasil dibatalkan\."$/],
  ['a sandbox code', { ...base, kind: 'apiError', response: response(401, '{}'), code: 'SANDBOX-SIGNATURE-INVALID', message: 'x' }, /^SANDBOX-SIGNATURE-INVALID \(local sandbox\): The signature does not match/],
  ['an unknown code', { ...base, kind: 'apiError', response: response(400, '{}'), code: 'ERRNEW1', message: 'Baru' }, /^Refused with code ERRNEW1: "Baru"$/],
  ['429', { ...base, kind: 'httpError', response: response(429, '', { 'retry-after': '30' }) }, /wait 30 seconds/],
  ['a redirect', { ...base, kind: 'httpError', response: response(307, '') }, /redirect \(HTTP 307\), which is never followed/],
  ['500', { ...base, kind: 'httpError', response: response(500, '<html>') }, /server failed \(HTTP 500\); the void may or may not/],
  ['non-JSON', { ...base, kind: 'unexpectedResponse', response: response(200, 'OK'), reason: 'notJson', detail: '' }, /not JSON/],
  ['a header timeout', { ...base, kind: 'timeout', phase: 'headers', timeoutMs: 30000 }, /^No answer within 30 s/],
  ['cancelled', { ...base, kind: 'cancelled' }, /^Cancelled\./],
  ['refused', { ...base, kind: 'networkError', category: 'refused', errorCode: 'ECONNREFUSED', detail: '' }, /Nothing is listening at 127\.0\.0\.1:8787/],
  ['TLS', { ...base, kind: 'networkError', category: 'tls', errorCode: 'DEPTH_ZERO_SELF_SIGNED_CERT', detail: '' }, /certificate .* not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\)/],
];

describe('outcome text', () => {
  for (const [name, outcome, sentence] of cases) {
    it(`says in one sentence what happened: ${name}`, () => {
      const described = describeOutcome(outcome, plainEnglish);
      assert.match(described.sentence, sentence);
      assert.doesNotMatch(described.sentence, /\n/);
    });
  }

  it('explains every catalog code', () => {
    for (const entry of ERROR_CATALOG) {
      const described = describeOutcome({ ...base, kind: 'apiError', response: response(entry.status, '{}'), code: entry.code, message: entry.message }, plainEnglish);
      // SANDBOX-NOT-SIMULATED is no refusal: its sentence says the signature was accepted (signedRequest.test.ts).
      if (entry.code === 'SANDBOX-NOT-SIMULATED') assert.match(described.sentence, /^Signature accepted; this endpoint is not simulated here/);
      else assert.ok(described.sentence.includes(entry.explanation), entry.code);
    }
  });

  it('writes a full report: headers with the signature, body, raw_signature, pretty response, explanation; never the key', () => {
    const outcome: Outcome = { ...base, kind: 'apiError', response: response(400, '{"code":"ERRVOD40009","message":"Gagal","success":false}'), code: 'ERRVOD40009', message: 'Gagal' };
    const report = formatReport(outcome, 'Local sandbox', plainEnglish);
    assert.ok(report.includes(`signature: ${request.signature}`));
    assert.ok(report.includes(`raw_signature (${Buffer.byteLength(request.rawSignature)} bytes, signed as one line):\n    ${JSON.stringify(request.rawSignature)}`));
    assert.ok(report.includes('POST http://127.0.0.1:8787/api/v1/integration/payment/void'));
    assert.ok(report.includes('    {\n      "code": "ERRVOD40009",'));
    assert.match(report, /Meaning: Prakerja has already paid/);
    assert.match(report, /Next step: /);
    assert.equal(report.includes(KEY), false);
  });

  it('makes control characters in server text visible, so they cannot forge output lines', () => {
    assert.equal(visible('a\rb\u001b[31mc\u202e'), 'a\\u000db\\u001b[31mc\\u202e');
    assert.equal(clip('x'.repeat(300), 10), `${'x'.repeat(9)}…`);
    const outcome: Outcome = { ...base, kind: 'apiError', response: response(400, '{}'), code: 'X\r\nInjected: yes', message: '<script>alert(1)</script>' };
    const report = formatReport(outcome, 'Local sandbox', plainEnglish);
    assert.equal(report.includes('\r\nInjected'), false);
  });
});

describe('what the report and the notification offer', () => {
  it('does not say the same sentence on "Result:" and "Meaning:"', () => {
    for (const entry of ERROR_CATALOG) {
      const outcome: Outcome = { ...base, kind: 'apiError', response: response(entry.status, '{}'), code: entry.code, message: entry.message };
      const lines = formatReport(outcome, 'Local sandbox', plainEnglish).split('\n');
      const result = lines.find((l) => l.startsWith('Result: '))!;
      const meaning = lines.find((l) => l.startsWith('Meaning: '))!;
      assert.equal(meaning, `Meaning: ${entry.explanation}`);
      assert.equal(result.includes(entry.explanation), false, `${entry.code}: ${result}`);
      const expected =
        entry.code === 'SANDBOX-NOT-SIMULATED'
          ? `Result: Signature accepted by the local sandbox; this endpoint is not simulated here (HTTP ${entry.status}).`
          : entry.source === 'local-sandbox'
            ? `Result: Refused by the local sandbox (HTTP ${entry.status}).`
            : `Result: Refused by the server (HTTP ${entry.status}).`;
      assert.equal(result, expected);
    }
  });

  it('points at the Signature Debugger only for refusals caused by the signature, timestamp or client', () => {
    for (const code of ['SANDBOX-SIGNATURE-INVALID', 'SANDBOX-TIMESTAMP-EXPIRED', 'SANDBOX-TIMESTAMP-FORMAT', 'SANDBOX-UNKNOWN-CLIENT', 'SANDBOX-MISSING-HEADER']) {
      assert.equal(pointsAtSignature({ kind: 'apiError', code, status: 401 }), true, code);
    }
    for (const code of ['ERRPLT40028', 'ERRVOD40009', 'ERRVOD40001', 'ERRPLT40401', 'SANDBOX-NOT-FOUND', 'SANDBOX-INVALID-BODY']) {
      assert.equal(pointsAtSignature({ kind: 'apiError', code, status: 400 }), false, code);
    }
    // A code we do not know, or no Prakerja answer at all: an authentication status points at the signature.
    assert.equal(pointsAtSignature({ kind: 'apiError', code: 'ERRAUTH401', status: 401 }), true);
    assert.equal(pointsAtSignature({ kind: 'apiError', code: 'ERRNEW1', status: 400 }), false);
    assert.equal(pointsAtSignature({ kind: 'httpError', status: 403 }), true);
    assert.equal(pointsAtSignature({ kind: 'httpError', status: 500 }), false);
    for (const kind of ['success', 'timeout', 'cancelled', 'networkError', 'unexpectedResponse', 'pending']) assert.equal(pointsAtSignature({ kind, status: 401 }), false, kind);
  });

  it('prints the raw_signature quoted on its own line, so a wrap is never taken for a newline', () => {
    const outcome: Outcome = { ...base, kind: 'success', response: response(200, '{}'), message: 'OK' };
    const lines = formatReport(outcome, 'Local sandbox', plainEnglish).split('\n');
    const at = lines.findIndex((l) => l.startsWith('raw_signature ('));
    assert.equal(JSON.parse(lines[at + 1]!.trim()), request.rawSignature);
    assert.ok(lines[at]!.includes(`${Buffer.byteLength(request.rawSignature)} bytes`));
  });
});

describe('untrusted server text in notifications', () => {
  it('cannot plant a link or a command', () => {
    const outcome: Outcome = { ...base, kind: 'success', response: response(200, '{}'), message: 'Done [click me](command:workbench.action.terminal.new) or [x] (https://evil)' };
    const { sentence } = describeOutcome(outcome, plainEnglish);
    assert.doesNotMatch(sentence, /\]\(/);
    assert.ok(sentence.includes('[click me] (command:'));
  });
});
