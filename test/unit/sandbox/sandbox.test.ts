import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { buildSignedRequest, buildVoidRequest, VOID_ENDPOINT } from '../../../src/core/signing/request';
import { hmacSha1Hex } from '../../../src/core/signing/signing';
import { PrakerjaClient } from '../../../src/core/http/client';
import { DEMO_CREDENTIALS } from '../../../src/core/environments';
import { request as httpRequest } from 'node:http';
import { parseSandboxArgs } from '../../../src/sandbox/main';
import { SCENARIOS } from '../../../src/sandbox/scenarios';
import { isLoopbackHost, startSandbox, type Sandbox } from '../../../src/sandbox/server';
import { lookupError } from '../../../src/core/errorCatalog';
import { runProgramAsync, skipWithout } from '../../support/runtimes';

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
    assert.deepEqual(answer.json.diagnosis, [], 'nothing reproduces a signature made with another key');
    assert.equal(answer.json.reproduced_raw_signature, undefined);
    assert.equal(JSON.stringify(answer.json).includes(DEMO_CREDENTIALS.signKey), false);
  });

  it('checks the signature over the exact body bytes received', async () => {
    const answer = await raw((r) => (r.body = r.body.replace(':', ': ')));
    assert.equal(answer.json.code, 'SANDBOX-SIGNATURE-INVALID');
    assert.ok(String(answer.json.expected_raw_signature).endsWith('{"invoice_code": "INV-1","transaction_code":"TRX-OK-RAW"}'));
  });

  it('refuses upper-case hex, and says so', async () => {
    const answer = await raw((r) => (r.headers.signature = r.headers.signature!.toUpperCase()));
    assert.equal(answer.json.code, 'SANDBOX-SIGNATURE-INVALID');
    assert.deepEqual((answer.json.diagnosis as Array<{ cause: string }>).map((d) => d.cause), ['output.upperHex']);
  });

  /** Signs `signed` (a raw_signature's parts) with the demo key and sends `sent` instead. */
  const mismatched = async (signed: { endpoint?: string; body?: string; timestamp?: string }, sent: { path?: string; body?: string }) => {
    const body = '{"invoice_code":"INV-1","transaction_code":"TRX-OK-MIS"}';
    const ts = signed.timestamp ?? String(NOW / 1000);
    const signature = hmacSha1Hex(DEMO_CREDENTIALS.signKey, `${DEMO_CREDENTIALS.clientCode}${ts}POST${signed.endpoint ?? VOID_ENDPOINT}${signed.body ?? body}`);
    const response = await fetch(sandbox.url + (sent.path ?? VOID_ENDPOINT), {
      method: 'POST',
      headers: { 'content-type': 'application/json', client_code: DEMO_CREDENTIALS.clientCode, signature, timestamp: String(NOW / 1000) },
      body: sent.body ?? body,
    });
    const json = (await response.json()) as { code: string; source?: string; diagnosis?: Array<{ cause: string; message: string }>; reproduced_raw_signature?: string; expected_raw_signature?: string };
    return { status: response.status, json, causes: json.diagnosis?.map((d) => d.cause) };
  };

  it("explains the spec's Python example: signed compact, sent json.dumps(data)", async () => {
    const compact = '{"invoice_code":"INV-1","transaction_code":"TRX-OK-PY"}';
    const answer = await mismatched({ body: compact }, { body: '{"invoice_code": "INV-1", "transaction_code": "TRX-OK-PY"}' });
    assert.deepEqual([answer.status, answer.json.code, answer.json.source], [401, 'SANDBOX-SIGNATURE-INVALID', 'local-sandbox']);
    assert.deepEqual(answer.causes, ['body.python', 'body.signedNotSent']);
    assert.equal(answer.json.reproduced_raw_signature, `${DEMO_CREDENTIALS.clientCode}${NOW / 1000}POST${VOID_ENDPOINT}${compact}`);
    assert.ok(answer.json.diagnosis!.every((d) => d.message.length > 20));
  });

  it('explains a doubled slash from a base URL ending in "/", checking the path exactly as received', async () => {
    const answer = await mismatched({}, { path: `/${VOID_ENDPOINT}` });
    assert.equal(answer.json.code, 'SANDBOX-SIGNATURE-INVALID');
    assert.deepEqual(answer.causes, ['endpoint.sentPath']);
    assert.ok(answer.json.expected_raw_signature!.includes(`POST/${VOID_ENDPOINT}{`));
  });

  it('explains two mistakes at once: a millisecond timestamp and a Python body', async () => {
    const answer = await mismatched({ timestamp: `${NOW}`, body: '{"invoice_code": "INV-1", "transaction_code": "TRX-OK-MIS"}' }, {});
    assert.deepEqual(answer.causes, ['body.python', 'body.signedNotSent', 'timestamp.milliseconds']);
  });

  it('explains another documented endpoint signed', async () => {
    const answer = await mismatched({ endpoint: '/api/v1/integration/payment/status' }, {});
    assert.deepEqual(answer.causes, ['endpoint.other']);
  });

  it("explains the spec's Python example sent by Python over HTTP (signs compact, sends json.dumps)", { skip: skipWithout('python') }, async () => {
    const [status, answer] = await runProgramAsync('python', `import json, hmac, hashlib, urllib.request, urllib.error
data = {"invoice_code": "INV-1", "transaction_code": "TRX-OK-PYTHON"}
ts = "${NOW / 1000}"
raw = "${DEMO_CREDENTIALS.clientCode}" + ts + "POST" + "${VOID_ENDPOINT}" + json.dumps(data, separators=(",", ":"))
signature = hmac.new(b"${DEMO_CREDENTIALS.signKey}", raw.encode(), hashlib.sha1).hexdigest()
request = urllib.request.Request("${sandbox.url}${VOID_ENDPOINT}", data=json.dumps(data).encode(), method="POST",
    headers={"Content-Type": "application/json", "client_code": "${DEMO_CREDENTIALS.clientCode}", "signature": signature, "timestamp": ts})
try:
    response = urllib.request.urlopen(request)
    print(response.status); print(response.read().decode())
except urllib.error.HTTPError as error:
    print(error.code); print(error.read().decode())`);
    const json = JSON.parse(answer!) as { code: string; diagnosis: Array<{ cause: string }> };
    assert.deepEqual([status, json.code, json.diagnosis.map((d) => d.cause)], ['401', 'SANDBOX-SIGNATURE-INVALID', ['body.python', 'body.signedNotSent']]);
  });

  it("explains a PHP integration's doubled slash and json_encode default, sent by PHP over HTTP", { skip: skipWithout('php') }, async () => {
    const [answer] = await runProgramAsync('php', `$base = '${sandbox.url}/';
$endpoint = '${VOID_ENDPOINT}';
$body = json_encode(['invoice_code' => 'INV/1', 'transaction_code' => 'TRX-OK-PHP']);
$ts = '${NOW / 1000}';
$signature = hash_hmac('sha1', '${DEMO_CREDENTIALS.clientCode}' . $ts . 'POST' . $endpoint . $body, '${DEMO_CREDENTIALS.signKey}');
$context = stream_context_create(['http' => ['method' => 'POST', 'ignore_errors' => true, 'content' => json_encode(['invoice_code' => 'INV/1', 'transaction_code' => 'TRX-OK-PHP'], JSON_UNESCAPED_SLASHES),
  'header' => "Content-Type: application/json\r\nclient_code: ${DEMO_CREDENTIALS.clientCode}\r\nsignature: $signature\r\ntimestamp: $ts\r\n"]]);
echo file_get_contents($base . $endpoint, false, $context), "\n";`);
    const json = JSON.parse(answer!) as { code: string; diagnosis: Array<{ cause: string }> };
    assert.equal(json.code, 'SANDBOX-SIGNATURE-INVALID');
    assert.deepEqual(json.diagnosis.map((d) => d.cause), ['body.php', 'body.signedNotSent', 'endpoint.sentPath']);
  });

  it('answers a valid signature on an endpoint it does not simulate with SANDBOX-NOT-SIMULATED (501)', async () => {
    const path = '/api/v1/integration/payment/status';
    const sent = buildSignedRequest({ target: target(), credentials: DEMO_CREDENTIALS, endpoint: path, body: '{"invoice_code":"INV-1"}', nowMs: NOW });
    const response = await fetch(sent.url, { method: 'POST', headers: sent.headers, body: sent.body });
    const json = (await response.json()) as Record<string, unknown>;
    assert.deepEqual([response.status, json.code, json.source], [501, 'SANDBOX-NOT-SIMULATED', 'local-sandbox']);
    assert.match(String(lookupError('SANDBOX-NOT-SIMULATED')!.explanation), /^Signature accepted; this endpoint is not simulated here/);
  });

  it('accepts a signature over the Authorization header as the extra segment, and refuses one whose header differs', async () => {
    const path = '/api/v1/integration/payment/authorize';
    const sent = buildSignedRequest({ target: target(), credentials: DEMO_CREDENTIALS, endpoint: path, body: '{"otp":"123456"}', nowMs: NOW, extra: 'Bearer t0ken' });
    assert.equal(sent.headers.authorization, 'Bearer t0ken', 'the extra segment is sent as Authorization');
    assert.ok(sent.rawSignature.includes(`${path}Bearer t0ken{`), sent.rawSignature);
    const accepted = await fetch(sent.url, { method: 'POST', headers: sent.headers, body: sent.body });
    assert.equal(((await accepted.json()) as { code: string }).code, 'SANDBOX-NOT-SIMULATED');
    const refused = await fetch(sent.url, { method: 'POST', headers: { ...sent.headers, authorization: 'Bearer other' }, body: sent.body });
    assert.equal(((await refused.json()) as { code: string }).code, 'SANDBOX-SIGNATURE-INVALID');
  });

  /** A request with a Host header of our choosing (fetch does not let one set it). */
  const withHost = (host: string, method = 'POST', headers: Record<string, string> = {}) =>
    new Promise<{ status: number; headers: Record<string, unknown>; json: Record<string, unknown> }>((resolve, reject) => {
      const sent = buildVoidRequest(target(), DEMO_CREDENTIALS, { invoiceCode: 'INV-1', transactionCode: 'TRX-OK-HOST' }, NOW);
      const req = httpRequest({ host: '127.0.0.1', port: sandbox.port, path: VOID_ENDPOINT, method, headers: { ...sent.headers, ...headers, host } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, json: JSON.parse(text) as Record<string, unknown> }));
      });
      req.on('error', reject);
      req.end(method === 'POST' ? sent.body : undefined);
    });

  for (const host of ['evil.example', `evil.example:${0}`, 'attacker.localhost.evil', '127.0.0.1:1', '192.168.1.5']) {
    it(`refuses a request whose Host is ${host} with SANDBOX-FORBIDDEN-HOST (403)`, async () => {
      const answer = await withHost(host.replace(':0', `:${sandbox.port}`));
      assert.deepEqual([answer.status, answer.json.code, answer.json.source], [403, 'SANDBOX-FORBIDDEN-HOST', 'local-sandbox']);
    });
  }

  for (const name of ['localhost', '127.0.0.1', '127.1.2.3', '[::1]', 'LOCALHOST']) {
    it(`answers a request whose Host is ${name} with its own port`, async () => {
      const answer = await withHost(`${name}:${sandbox.port}`);
      assert.equal(answer.status, 200, JSON.stringify(answer.json));
    });
  }

  it('sends no CORS headers, to a preflight or a request with an Origin', async () => {
    for (const method of ['OPTIONS', 'POST']) {
      const answer = await withHost(`127.0.0.1:${sandbox.port}`, method, { origin: 'https://evil.example', 'access-control-request-method': 'POST' });
      assert.ok(answer.status >= 200);
      assert.deepEqual(Object.keys(answer.headers).filter((h) => h.startsWith('access-control-')), [], method);
    }
  });

  it('knows a loopback Host only on its own port', () => {
    assert.equal(isLoopbackHost('127.0.0.1:8787', 8787), true);
    assert.equal(isLoopbackHost('127.0.0.1', 80), true);
    assert.equal(isLoopbackHost('127.0.0.1', 8787), false);
    assert.equal(isLoopbackHost('[::1]:8787', 8787), true);
    assert.equal(isLoopbackHost('::1:8787', 8787), false);
    assert.equal(isLoopbackHost(undefined, 8787), false);
    assert.equal(isLoopbackHost('localhost.evil.example:8787', 8787), false);
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
    ['a path outside the integration API', (r) => (r.path = '/api/v2/integration/payment/void'), 404, 'SANDBOX-NOT-FOUND'],
    ['the root path', (r) => (r.path = '/'), 404, 'SANDBOX-NOT-FOUND'],
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

  it('explains a signer that hard-codes another registered client_code and its key', async () => {
    const sandbox = await startSandbox({ now, clients: [DEMO_CREDENTIALS, { clientCode: 'dp-1', signKey: 'secret-1' }] });
    try {
      const sent = buildVoidRequest({ id: 'local', baseUrl: sandbox.url }, DEMO_CREDENTIALS, { invoiceCode: 'I', transactionCode: 'TRX-OK-HC' }, NOW);
      const response = await fetch(sent.url, { method: 'POST', headers: { ...sent.headers, client_code: 'dp-1' }, body: sent.body });
      const json = (await response.json()) as { code: string; diagnosis: Array<{ cause: string; message: string }> };
      assert.equal(json.code, 'SANDBOX-SIGNATURE-INVALID');
      assert.deepEqual(json.diagnosis.map((d) => d.cause), ['clientCode.other']);
      assert.ok(json.diagnosis[0]!.message.includes(DEMO_CREDENTIALS.clientCode));
      const text = JSON.stringify(json);
      assert.equal(text.includes('secret-1') || text.includes(DEMO_CREDENTIALS.signKey), false, 'no key in the answer');
    } finally {
      await sandbox.close();
    }
  });

  it('reads --client CODE=KEY (repeatable), keeping the demo pair unless --no-demo', () => {
    assert.deepEqual(parseSandboxArgs([], {}).clients, [DEMO_CREDENTIALS]);
    assert.deepEqual(parseSandboxArgs(['--client', 'dp-1=k=1', '--client', 'dp-2=k2'], {}).clients, [DEMO_CREDENTIALS, { clientCode: 'dp-1', signKey: 'k=1' }, { clientCode: 'dp-2', signKey: 'k2' }]);
    assert.deepEqual(parseSandboxArgs(['--no-demo', '--client', 'dp-1=k1'], {}).clients, [{ clientCode: 'dp-1', signKey: 'k1' }]);
    assert.throws(() => parseSandboxArgs(['--no-demo'], {}), /at least one --client/);
    assert.throws(() => parseSandboxArgs(['--client', 'dp-1=my-secret-key', '--client', 'nokey'], {}), (error: Error) => /CODE=KEY/.test(error.message) && !error.message.includes('my-secret-key'));
    assert.equal(parseSandboxArgs(['--port', '0'], {}).port, 0);
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
