import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { buildSignedRequest, buildVoidRequest, VOID_ENDPOINT } from '../../../src/core/signing/request';
import { hmacSha1Hex } from '../../../src/core/signing/signing';
import { PrakerjaClient } from '../../../src/core/http/client';
import { DEMO_CREDENTIALS } from '../../../src/core/environments';
import { SCENARIOS } from '../../../src/sandbox/scenarios';
import { startSandbox, type Sandbox } from '../../../src/sandbox/server';

// A fixed clock: the sandbox and the client agree on "now", so tests never depend on the wall clock.
const NOW = Date.UTC(2026, 10, 25, 3, 0, 0);
const now = () => NOW;

describe('local sandbox', () => {
  let sandbox: Sandbox;
  let client: PrakerjaClient;
  const target = () => ({ id: 'local', baseUrl: sandbox.url });
  const voidOf = (transactionCode: string, invoiceCode = 'INV-1') =>
    client.voidTransaction(target(), DEMO_CREDENTIALS, { invoiceCode, transactionCode });
  /** Sends a request as built, then lets a test spoil one part of it. */
  const raw = async (change: (r: { headers: Record<string, string>; body: string; method: string; path: string }) => void) => {
    const sent = buildVoidRequest(target(), DEMO_CREDENTIALS, { invoiceCode: 'INV-1', transactionCode: 'TRX-OK-RAW' }, NOW);
    const r = { headers: { ...sent.headers }, body: sent.body, method: 'POST', path: VOID_ENDPOINT };
    change(r);
    const response = await fetch(sandbox.url + r.path, { method: r.method, headers: r.headers, ...(r.method === 'GET' ? {} : { body: r.body }) });
    return { status: response.status, json: (await response.json()) as Record<string, unknown>, headers: response.headers };
  };

  before(async () => {
    sandbox = await startSandbox({ now });
    client = new PrakerjaClient({ now });
  });
  after(async () => {
    await client.close();
    await sandbox.close();
  });
  beforeEach(() => sandbox.reset());

  for (const scenario of SCENARIOS) {
    if (scenario.transactionCode.startsWith('TRX-SLOW-')) continue;
    it(`answers ${scenario.outcome} for ${scenario.transactionCode}`, async () => {
      const outcome = await voidOf(scenario.transactionCode);
      if (scenario.outcome === 'success') {
        assert.equal(outcome.kind, 'success');
        if (outcome.kind === 'success') assert.equal(outcome.message, 'Transaksi berhasil dibatalkan.');
      } else {
        assert.equal(outcome.kind, 'apiError');
        if (outcome.kind === 'apiError') assert.equal(outcome.code, scenario.outcome);
        assert.equal(outcome.kind === 'apiError' && outcome.response.status, 400);
        assert.deepEqual(Object.keys(JSON.parse(outcome.kind === 'apiError' ? outcome.response.bodyText : '{}')).sort(), ['code', 'message', 'success']);
      }
    });
  }

  it('voids a transaction once; the second void answers ERRPLT40028', async () => {
    assert.equal((await voidOf('TRX-OK-TWICE')).kind, 'success');
    const second = await voidOf('TRX-OK-TWICE');
    assert.equal(second.kind === 'apiError' && second.code, 'ERRPLT40028');
  });

  it('treats any unlisted well-formed code as not found', async () => {
    const outcome = await voidOf('NOPE-123');
    assert.equal(outcome.kind === 'apiError' && outcome.code, 'ERRPLT40401');
  });

  it('waits for TRX-SLOW-N codes, and a cancelled client gets "cancelled"', async () => {
    const controller = new AbortController();
    // Cancelled while the sandbox holds the answer back for 3 s: "cancelled" (not its answer) shows it did not wait.
    setTimeout(() => controller.abort(), 150);
    const outcome = await client.voidTransaction(target(), DEMO_CREDENTIALS, { invoiceCode: 'I', transactionCode: 'TRX-SLOW-3' }, controller.signal);
    assert.equal(outcome.kind, 'cancelled');
  });

  it('refuses a bad signature and shows the raw_signature it expected, never the key', async () => {
    const answer = await raw((r) => (r.headers.signature = hmacSha1Hex('wrong-key', 'x')));
    assert.equal(answer.status, 401);
    assert.equal(answer.json.code, 'SANDBOX-SIGNATURE-INVALID');
    assert.equal(answer.json.source, 'local-sandbox');
    assert.equal(answer.json.success, false);
    assert.equal(answer.json.expected_raw_signature, `sandbox-client${NOW / 1000}POST${VOID_ENDPOINT}{"invoice_code":"INV-1","transaction_code":"TRX-OK-RAW"}`);
    assert.equal(JSON.stringify(answer.json).includes(DEMO_CREDENTIALS.signKey), false);
  });

  it('checks the signature over the exact body bytes received', async () => {
    const answer = await raw((r) => (r.body = r.body.replace(':', ': ')));
    assert.equal(answer.json.code, 'SANDBOX-SIGNATURE-INVALID');
    assert.ok(String(answer.json.expected_raw_signature).endsWith('{"invoice_code": "INV-1","transaction_code":"TRX-OK-RAW"}'));
  });

  it('refuses upper-case hex', async () => {
    const answer = await raw((r) => (r.headers.signature = r.headers.signature!.toUpperCase()));
    assert.equal(answer.json.code, 'SANDBOX-SIGNATURE-INVALID');
  });

  it('accepts header names in any case', async () => {
    const answer = await raw((r) => {
      r.headers = { 'Content-Type': r.headers['content-type']!, Client_code: r.headers.client_code!, Signature: r.headers.signature!, Timestamp: r.headers.timestamp! };
    });
    assert.equal(answer.status, 200);
  });

  const refusals: Array<[string, (r: { headers: Record<string, string>; body: string; method: string; path: string }) => void, number, string]> = [
    ['a missing signature header', (r) => delete r.headers.signature, 401, 'SANDBOX-MISSING-HEADER'],
    ['an unknown client_code', (r) => (r.headers.client_code = 'someone-else'), 401, 'SANDBOX-UNKNOWN-CLIENT'],
    ['a millisecond timestamp', (r) => (r.headers.timestamp = String(NOW)), 401, 'SANDBOX-TIMESTAMP-FORMAT'],
    ['a stale timestamp', (r) => (r.headers.timestamp = String(NOW / 1000 - 301)), 401, 'SANDBOX-TIMESTAMP-EXPIRED'],
    ['a wrong content type', (r) => (r.headers['content-type'] = 'text/plain'), 415, 'SANDBOX-CONTENT-TYPE'],
    ['the wrong method', (r) => (r.method = 'GET'), 405, 'SANDBOX-METHOD-NOT-ALLOWED'],
    ['a doubled slash in the path', (r) => (r.path = `/${VOID_ENDPOINT}`), 404, 'SANDBOX-NOT-FOUND'],
    ['an unknown path', (r) => (r.path = '/api/v1/integration/payment/voids'), 404, 'SANDBOX-NOT-FOUND'],
  ];
  for (const [name, change, status, code] of refusals) {
    it(`refuses ${name} with ${code}`, async () => {
      const answer = await raw(change);
      assert.equal(answer.status, status);
      assert.equal(answer.json.code, code);
      assert.equal(answer.json.source, 'local-sandbox');
      assert.match(String(answer.json.message), /\S/);
    });
  }

  it('accepts a timestamp inside the window', async () => {
    const answer = await raw((r) => {
      const skewed = buildSignedRequest({ target: target(), credentials: DEMO_CREDENTIALS, endpoint: VOID_ENDPOINT, body: r.body, nowMs: NOW - 299_000 });
      r.headers = skewed.headers;
    });
    assert.equal(answer.status, 200);
  });

  const signedBody = async (body: string) => {
    const sent = buildSignedRequest({ target: target(), credentials: DEMO_CREDENTIALS, endpoint: VOID_ENDPOINT, body, nowMs: NOW });
    const response = await fetch(sent.url, { method: 'POST', headers: sent.headers, body });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };

  it('answers invalid JSON with SANDBOX-INVALID-JSON', async () => {
    const answer = await signedBody('{"invoice_code":');
    assert.deepEqual([answer.status, answer.json.code], [400, 'SANDBOX-INVALID-JSON']);
  });

  for (const body of ['{}', '[]', 'null', '{"invoice_code":"I"}', '{"invoice_code":"I","transaction_code":7}', '{"invoice_code":" ","transaction_code":"T"}']) {
    it(`answers ${body} with SANDBOX-INVALID-BODY`, async () => {
      const answer = await signedBody(body);
      assert.deepEqual([answer.status, answer.json.code], [400, 'SANDBOX-INVALID-BODY']);
    });
  }

  it('answers an oversized body with 413 and keeps serving', async () => {
    const answer = await signedBody(JSON.stringify({ invoice_code: 'x'.repeat(100_000), transaction_code: 'T' }));
    assert.deepEqual([answer.status, answer.json.code], [413, 'SANDBOX-BODY-TOO-LARGE']);
    assert.equal((await voidOf('TRX-OK-AFTER')).kind, 'success');
  });

  it('survives malformed HTTP and keeps serving', async () => {
    await new Promise<void>((resolve) => {
      const socket = connect(sandbox.port, '127.0.0.1', () => socket.write('NONSENSE\r\n\r\n'));
      socket.on('data', () => socket.destroy());
      socket.on('close', () => resolve());
    });
    assert.equal((await voidOf('TRX-OK-STILL')).kind, 'success');
  });
});

describe('local sandbox configuration', () => {
  it('takes its own seed, clients, clock and window', async () => {
    let clock = NOW;
    const sandbox = await startSandbox({
      now: () => clock,
      clients: [{ clientCode: 'dp-1', signKey: 'secret-1' }],
      timestampWindowSeconds: 10,
      scenarios: [{ transactionCode: 'MINE', outcome: 'success', description: '', make: (t) => ({ purchasedAt: t, voidDeadline: t + 60_000, redeemed: false, completionValidated: false, paidToPlatform: false }) }],
    });
    const client = new PrakerjaClient({ now: () => clock });
    try {
      const target = { id: 'local', baseUrl: sandbox.url };
      const creds = { clientCode: 'dp-1', signKey: 'secret-1' };
      assert.equal((await client.voidTransaction(target, DEMO_CREDENTIALS, { invoiceCode: 'I', transactionCode: 'MINE' })).kind, 'apiError');
      clock += 120_000; // the sandbox clock moves past the transaction's void deadline
      const late = await client.voidTransaction(target, creds, { invoiceCode: 'I', transactionCode: 'MINE' });
      assert.equal(late.kind === 'apiError' && late.code, 'ERRVOD40003');
      assert.equal(sandbox.transactions.has('TRX-PAID'), false, 'the default seed is replaced');
    } finally {
      await client.close();
      await sandbox.close();
    }
  });

  it('can listen on a chosen port', async () => {
    const first = await startSandbox();
    const port = first.port;
    await first.close();
    const second = await startSandbox({ port });
    try {
      assert.equal(second.url, `http://127.0.0.1:${port}`);
    } finally {
      await second.close();
    }
  });
});
