// Any signed request: body templates, the codes a body carries, a typed path's check, the one-at-a-time key, the
// recent bodies kept per endpoint, history records of other endpoints (and old records, still loaded), and the
// outcome of an endpoint the local sandbox does not simulate.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHistory } from '../../../src/core/history/historyFile';
import { groupByDay, isFiltering } from '../../../src/core/history/groups';
import { detailsMarkdown } from '../../../src/core/history/details';
import { entryFromOutcome, entrySubject, pendingEntry } from '../../../src/core/history/records';
import { entryEndpoint, verifyEntry } from '../../../src/core/history/schema';
import type { Outcome } from '../../../src/core/http/client';
import { describeOutcome, formatReport, pointsAtSignature } from '../../../src/core/outcomeText';
import {
  bodyCodes,
  bodyTemplate,
  checkPath,
  compactBody,
  prettyBody,
  DOCUMENTED_ENDPOINTS,
  guardKey,
  readRecentBodies,
  rememberBody,
  sendableIssue,
  RECENT_BODIES_PER_ENDPOINT,
  shortEndpoint,
  summaryCodes,
  templateFields,
} from '../../../src/core/signedRequest/endpoints';
import { buildSignedRequest, VOID_ENDPOINT } from '../../../src/core/signing/request';
import { plainEnglish } from '../../../src/core/translate';

const STATUS = '/api/v1/integration/payment/status';
const COMMIT = '/api/v1/integration/payment/redeem-code/commit';
const KEY = 'signed-request-test-key';
const target = { id: 'local', baseUrl: 'http://127.0.0.1:8787' };
const credentials = { clientCode: 'cc', signKey: KEY };
const response = (status: number, bodyText: string) => ({ status, headers: { 'content-type': 'application/json' }, bodyText, bodyBytes: bodyText.length, truncated: false });

describe('signed requests: endpoints and bodies', () => {
  it('has a template where the spec shows the fields, and {} elsewhere', () => {
    assert.deepEqual(templateFields(VOID_ENDPOINT), ['invoice_code', 'transaction_code']);
    assert.deepEqual(templateFields(STATUS), ['invoice_code']);
    assert.deepEqual(templateFields(COMMIT), ['redeem_code']);
    assert.deepEqual(JSON.parse(bodyTemplate('/api/v1/integration/tpm/submission')), {});
    for (const endpoint of DOCUMENTED_ENDPOINTS) assert.equal(compactBody(bodyTemplate(endpoint)).ok, true, endpoint);
    assert.equal(shortEndpoint(STATUS), 'payment/status');
  });

  it('checks a typed path: /api/, no spaces, query, fragment or doubled slash', () => {
    assert.equal(checkPath('/api/v2/anything/new'), undefined);
    assert.equal(checkPath('  /api/v1/x  '), undefined, 'surrounding spaces are trimmed');
    assert.match(checkPath('/v1/integration/payment/status')!.message, /must start with \/api\//);
    assert.match(checkPath('https://api.prakerja.go.id/api/v1/x')!.message, /must start with \/api\//);
    assert.match(checkPath('/api/v1/x?a=1')!.message, /query string/);
    assert.match(checkPath('/api/v1/x y')!.message, /spaces/);
    assert.match(checkPath('/api/v1/x\u200b')!.message, /control characters/);
    assert.match(checkPath('/api//v1/x')!.message, /"\/\/"/);
    assert.deepEqual(checkPath(`/api/${'a'.repeat(600)}`)!.args, [512]);
  });

  it('sends only a path and a method token, but lets the debugger send a doubled slash on purpose', () => {
    assert.equal(sendableIssue({ method: 'POST', endpoint: '//api/v1/integration/payment/void' }), undefined);
    assert.equal(sendableIssue({ method: 'get', endpoint: '/api/x/' }), undefined);
    assert.match(sendableIssue({ method: 'POST', endpoint: 'https://api.prakerja.go.id/api/x' })!, /must be a path/);
    assert.match(sendableIssue({ method: 'POST', endpoint: '/api/x?a=1' })!, /must be a path/);
    assert.match(sendableIssue({ method: 'POST', endpoint: '@evil.example/x' })!, /must be a path/);
    assert.match(sendableIssue({ method: 'PO ST', endpoint: '/api/x' })!, /method must be a word/);
  });

  it('sends the body compact, and says why a body that is not JSON cannot be sent', () => {
    assert.deepEqual(compactBody('{\n  "invoice_code": "INV-1"\n}\n'), { ok: true, body: '{"invoice_code":"INV-1"}' });
    // Numbers and strings exactly as written: 1.0 stays 1.0, a 20-digit number keeps every digit, spaces in strings stay.
    const written = '{\n  "amount": 1.0,\n  "id": 12345678901234567890,\n  "note": "a  b\\" c",\n  "list": [ ],\n  "nested": { "k": [1, 2e3] }\n}\n';
    const compact = compactBody(written);
    assert.deepEqual(compact, { ok: true, body: '{"amount":1.0,"id":12345678901234567890,"note":"a  b\\" c","list":[],"nested":{"k":[1,2e3]}}' });
    assert.equal(prettyBody((compact as { body: string }).body), '{\n  "amount": 1.0,\n  "id": 12345678901234567890,\n  "note": "a  b\\" c",\n  "list": [],\n  "nested": {\n    "k": [\n      1,\n      2e3\n    ]\n  }\n}\n');
    assert.equal(compactBody(prettyBody((compact as { body: string }).body)).ok && (compactBody(prettyBody((compact as { body: string }).body)) as { body: string }).body, (compact as { body: string }).body);
    const bad = compactBody('{"invoice_code": "INV-1",}');
    assert.equal(bad.ok, false);
    assert.ok(!bad.ok && bad.error.length > 0);
  });

  it('names the codes a body carries, in its order; only text fields ending in _code', () => {
    assert.deepEqual(bodyCodes('{"redeem_code":"R1","sequence":1,"invoice_code":"I1","code":"x","n_code":2}'), [
      ['redeem_code', 'R1'],
      ['invoice_code', 'I1'],
    ]);
    assert.deepEqual(bodyCodes('[1,2]'), []);
    assert.deepEqual(bodyCodes('not json'), []);
    assert.deepEqual(summaryCodes('{"invoice_code":"I1"}'), { invoiceCode: 'I1' });
  });

  it('guards a Void by its transaction and any other request by endpoint and body as JSON', () => {
    const v = (body: string) => guardKey('local', { method: 'POST', endpoint: VOID_ENDPOINT, body });
    assert.equal(v('{"invoice_code":"A","transaction_code":"T"}'), v('{"invoice_code":"B","transaction_code":"T"}'), 'the same transaction, whatever the invoice');
    assert.notEqual(v('{"invoice_code":"A","transaction_code":"T"}'), v('{"invoice_code":"A","transaction_code":"U"}'));
    const s = (body: string, environment = 'local', endpoint = STATUS) => guardKey(environment, { method: 'POST', endpoint, body });
    assert.equal(s('{"invoice_code":"A"}'), s('{ "invoice_code": "A" }'), 'spacing does not make another request');
    assert.notEqual(s('{"invoice_code":"A"}'), s('{"invoice_code":"B"}'));
    assert.notEqual(s('{"invoice_code":"A"}'), s('{"invoice_code":"A"}', 'sandbox'), 'another target');
    assert.notEqual(s('{"invoice_code":"A"}'), s('{"invoice_code":"A"}', 'local', COMMIT), 'another endpoint');
  });

  it('keeps a few recent bodies per endpoint, newest first, without duplicates; a damaged stored value is dropped', () => {
    let recent = readRecentBodies(undefined);
    for (let i = 0; i < RECENT_BODIES_PER_ENDPOINT + 2; i++) recent = rememberBody(recent, STATUS, `{"invoice_code":"I${i}"}`);
    recent = rememberBody(recent, STATUS, '{ "invoice_code": "I3" }');
    assert.equal(recent[STATUS]!.length, RECENT_BODIES_PER_ENDPOINT);
    assert.equal(recent[STATUS]![0], '{ "invoice_code": "I3" }');
    assert.equal(recent[STATUS]!.filter((b) => compactBody(b).ok && (compactBody(b) as { body: string }).body === '{"invoice_code":"I3"}').length, 1);
    assert.deepEqual(readRecentBodies(JSON.parse(JSON.stringify(recent))), recent, 'what was stored reads back');
    assert.deepEqual(readRecentBodies({ [STATUS]: 'not a list' }), {});
    assert.deepEqual(readRecentBodies([1, 2]), {});
  });
});

describe('signed requests: history records of any endpoint', () => {
  const sent = buildSignedRequest({ target, credentials, endpoint: COMMIT, body: '{"redeem_code":"R-9"}', nowMs: Date.UTC(2026, 11, 1) });
  const notSimulated: Outcome = {
    request: sent,
    sentAt: '2026-12-01T00:00:00.000Z',
    latencyMs: 3,
    kind: 'apiError',
    code: 'SANDBOX-NOT-SIMULATED',
    message: 'Signature valid, tetapi endpoint ini tidak disimulasikan oleh sandbox lokal.',
    response: response(501, '{"success":false,"code":"SANDBOX-NOT-SIMULATED","source":"local-sandbox"}'),
  };

  it('records the endpoint and the body, with no Void codes where the body has none', () => {
    const entry = entryFromOutcome('r1', notSimulated);
    assert.equal(entry.endpoint, COMMIT);
    assert.equal(entry.request.body, '{"redeem_code":"R-9"}');
    assert.equal(entry.invoiceCode, undefined);
    assert.equal(entry.transactionCode, undefined);
    assert.equal(entrySubject(entry), 'payment/redeem-code/commit');
    const loaded = parseHistory(`${JSON.stringify(entry)}\n`);
    assert.equal(loaded.skipped, 0);
    assert.ok(verifyEntry(loaded.entries[0]!), 'the full check passes too');
    assert.equal(JSON.stringify(entry).includes(KEY), false);
  });

  it('still loads a line written before other endpoints were sent: a Void, by its codes', () => {
    // Exactly the shape older versions wrote: no `endpoint`, both codes in the summary.
    const old =
      '{"v":1,"id":"old-1","time":"2026-11-20T03:00:00.000Z","environment":"local","invoiceCode":"INV-OLD","transactionCode":"TRX-OLD-1","kind":"success","latencyMs":4,"message":"Transaksi berhasil dibatalkan.",' +
      '"request":{"environment":"local","method":"POST","url":"http://127.0.0.1:8787/api/v1/integration/payment/void","endpoint":"/api/v1/integration/payment/void","headers":{"content-type":"application/json","client_code":"sandbox-client","signature":"0000000000000000000000000000000000000000","timestamp":"1763607600"},"body":"{\\"invoice_code\\":\\"INV-OLD\\",\\"transaction_code\\":\\"TRX-OLD-1\\"}","timestamp":"1763607600","signature":"0000000000000000000000000000000000000000","rawSignature":"x","keyFingerprint":"abcd1234"}}';
    const { entries, skipped } = parseHistory(`${old}\n`);
    assert.equal(skipped, 0);
    const record = entries[0]!;
    assert.equal(entryEndpoint(record), VOID_ENDPOINT);
    assert.equal(entrySubject(record), 'TRX-OLD-1');
    const entry = verifyEntry(record);
    assert.ok(entry);
    assert.ok(detailsMarkdown(entry, plainEnglish, 'Local sandbox', 'now').startsWith('# Void of TRX-OLD-1: success\n'));
    assert.deepEqual(groupByDay(entries, { endpoints: [VOID_ENDPOINT] }).flatMap((g) => g.entries.map((e) => e.id)), ['old-1']);
  });

  it('filters by endpoint, old Voids included', () => {
    const voidEntry = { ...pendingEntry('v', buildSignedRequest({ target, credentials, endpoint: VOID_ENDPOINT, body: '{"invoice_code":"I","transaction_code":"T"}', nowMs: 0 }), '2026-12-01T01:00:00.000Z'), kind: 'success' as const };
    const { endpoint: _dropped, ...oldVoid } = { ...voidEntry, id: 'o' };
    const records = [entryFromOutcome('c', notSimulated), voidEntry, oldVoid];
    const ids = (endpoints: string[]) => groupByDay(records, { endpoints }).flatMap((g) => g.entries.map((e) => e.id));
    assert.deepEqual(ids([COMMIT]), ['c']);
    assert.deepEqual(ids([VOID_ENDPOINT]), ['v', 'o']);
    assert.deepEqual(ids([]), ['c', 'v', 'o']);
    assert.equal(isFiltering({ endpoints: [COMMIT] }), true);
    assert.equal(isFiltering({ endpoints: [] }), false);
  });

  it('names the endpoint and the body codes in the details of another endpoint', () => {
    const text = detailsMarkdown(entryFromOutcome('c', notSimulated), plainEnglish, 'Local sandbox', 'now');
    assert.ok(text.startsWith(`# POST ${COMMIT}: SANDBOX-NOT-SIMULATED\n`), text.slice(0, 100));
    assert.ok(text.includes(`- **Endpoint:** \`${COMMIT}\``));
    assert.ok(text.includes('- **redeem_code:** `R-9`'));
  });
});

describe('signed requests: outcomes', () => {
  const sent = buildSignedRequest({ target, credentials, endpoint: STATUS, body: '{"invoice_code":"I"}', nowMs: 0 });
  const base = { request: sent, sentAt: '2026-12-01T00:00:00.000Z', latencyMs: 2 };

  it('reads SANDBOX-NOT-SIMULATED as the signature accepted, not a refusal pointing at the signature', () => {
    const outcome: Outcome = { ...base, kind: 'apiError', code: 'SANDBOX-NOT-SIMULATED', message: 'm', response: response(501, '{}') };
    const described = describeOutcome(outcome, plainEnglish);
    assert.deepEqual(described, { severity: 'info', sentence: 'Signature accepted; this endpoint is not simulated here (the local sandbox simulates only Void).' });
    assert.equal(pointsAtSignature({ kind: 'apiError', code: 'SANDBOX-NOT-SIMULATED', status: 501 }), false);
    const report = formatReport(outcome, 'Local sandbox', plainEnglish);
    assert.ok(report.includes('Result: Signature accepted by the local sandbox; this endpoint is not simulated here (HTTP 501).'), report);
    assert.ok(report.includes('Meaning: Signature accepted; this endpoint is not simulated here'), report);
    assert.equal(report.includes('Refused'), false);
  });

  it('speaks of the request, not a void, for other endpoints', () => {
    assert.equal(describeOutcome({ ...base, kind: 'success', message: 'OK', response: response(200, '{}') }, plainEnglish).sentence, 'Succeeded. The server answered: "OK"');
    assert.match(describeOutcome({ ...base, kind: 'cancelled' }, plainEnglish).sentence, /may still have acted on it\.$/);
    assert.match(describeOutcome({ ...base, kind: 'timeout', phase: 'headers', timeoutMs: 30_000 }, plainEnglish).sentence, /the request may still have reached the server/);
    for (const outcome of [{ ...base, kind: 'httpError', response: response(503, '') }, { ...base, kind: 'networkError', category: 'reset', errorCode: 'ECONNRESET', detail: '' }] as Outcome[]) {
      assert.doesNotMatch(describeOutcome(outcome, plainEnglish).sentence, /void/i);
    }
  });
});
