import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleTranslator, parseBundle } from '../../../src/core/language';
import { classifyNetworkError, PrakerjaClient, type Outcome } from '../../../src/core/http/client';
import { faults, startFaultServer, type FaultServer } from '../../support/faultServer';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { startForwardProxy } from '../../support/forwardProxy';

const credentials = { clientCode: 'cc', signKey: 'client-test-key' };
const codes = { invoiceCode: 'INV-1', transactionCode: 'TRX-1' };

function assertNoKey(outcome: Outcome) {
  assert.equal(JSON.stringify(outcome).includes(credentials.signKey), false, 'the sign_key must never be in an outcome');
}

describe('Prakerja client against a fault server', () => {
  let server: FaultServer;
  let client: PrakerjaClient;
  const target = () => ({ id: 'sandbox', baseUrl: server.url });
  const send = (signal?: AbortSignal) => client.voidTransaction(target(), credentials, codes, signal);

  before(async () => {
    server = await startFaultServer();
    client = new PrakerjaClient({ timeoutMs: 400, maxBodyBytes: 256 * 1024 });
  });
  after(async () => {
    await client.close();
    await server.close();
  });

  it('reports success with the request as sent, status, headers and latency', async () => {
    server.use(faults.json(200, { success: true, message: 'Transaksi berhasil dibatalkan.' }, { 'x-request-id': 'abc' }));
    const outcome = await send();
    assert.equal(outcome.kind, 'success');
    if (outcome.kind !== 'success') return;
    assert.equal(outcome.message, 'Transaksi berhasil dibatalkan.');
    assert.equal(outcome.response.status, 200);
    assert.equal(outcome.response.headers['x-request-id'], 'abc');
    assert.equal(server.lastBody, outcome.request.body, 'the body sent is the body signed');
    assert.ok(outcome.request.rawSignature.endsWith(outcome.request.body));
    assert.ok(outcome.latencyMs >= 0);
    assert.match(outcome.sentAt, /^\d{4}-\d\d-\d\dT/);
    assertNoKey(outcome);
  });

  it('reports a Prakerja error with its code and message', async () => {
    server.use(faults.json(400, { code: 'ERRVOD40009', message: 'Gagal dibatalkan. Sudah dibayarkan ke digital platform untuk transaksi ini.', success: false }));
    const outcome = await send();
    assert.equal(outcome.kind, 'apiError');
    if (outcome.kind === 'apiError') assert.deepEqual([outcome.code, outcome.response.status], ['ERRVOD40009', 400]);
  });

  it('reports HTTP 500 with an HTML page as an HTTP error, body kept', async () => {
    server.use(faults.text(500, '<html><body>Internal Server Error</body></html>', 'text/html'));
    const outcome = await send();
    assert.equal(outcome.kind, 'httpError');
    if (outcome.kind === 'httpError') assert.match(outcome.response.bodyText, /Internal Server Error/);
  });

  it('keeps a 5xx an HTTP error even when its body looks like a Prakerja error', async () => {
    server.use(faults.json(502, { code: 'ERRVOD40009', message: 'from a gateway', success: false }));
    const outcome = await send();
    assert.equal(outcome.kind === 'httpError' && outcome.response.status, 502);
  });

  it("reads the local sandbox's own 501 (SANDBOX-NOT-SIMULATED) as its answer, but not a 5xx that only borrows the code", async () => {
    server.use(faults.json(501, { code: 'SANDBOX-NOT-SIMULATED', message: 'Signature valid', success: false, source: 'local-sandbox' }));
    const own = await send();
    assert.equal(own.kind === 'apiError' && own.code, 'SANDBOX-NOT-SIMULATED');
    server.use(faults.json(503, { code: 'SANDBOX-NOT-SIMULATED', message: 'a gateway', success: false }));
    assert.equal((await send()).kind, 'httpError', 'without source: local-sandbox');
    server.use(faults.json(500, { code: 'SANDBOX-INTERNAL', message: 'x', success: false, source: 'local-sandbox' }));
    assert.equal((await send()).kind, 'httpError', 'a code outside the catalog');
  });

  for (const status of [502, 503, 504]) {
    it(`reports ${status} as an HTTP error`, async () => {
      server.use(faults.text(status, 'Bad gateway', 'text/plain'));
      const outcome = await send();
      assert.equal(outcome.kind === 'httpError' && outcome.response.status, status);
    });
  }

  it('reports 429 with its Retry-After header and does not retry', async () => {
    server.use(faults.json(429, { message: 'slow down' }, { 'retry-after': '30' }));
    const before = server.hits;
    const outcome = await send();
    assert.equal(outcome.kind, 'httpError');
    if (outcome.kind === 'httpError') assert.equal(outcome.response.headers['retry-after'], '30');
    assert.equal(server.hits - before, 1);
  });

  it('reports 200 with a non-JSON body as unexpected', async () => {
    server.use(faults.text(200, 'OK', 'text/plain'));
    const outcome = await send();
    assert.equal(outcome.kind === 'unexpectedResponse' && outcome.reason, 'notJson');
  });

  it('reports 200 with JSON of the wrong shape as unexpected', async () => {
    server.use(faults.json(200, { ok: 1 }));
    const outcome = await send();
    assert.equal(outcome.kind === 'unexpectedResponse' && outcome.reason, 'wrongShape');
  });

  it('cuts off an oversized body and says so', async () => {
    server.use(faults.huge(10 * 1024 * 1024));
    const outcome = await send();
    assert.equal(outcome.kind === 'unexpectedResponse' && outcome.reason, 'tooLarge');
    if (outcome.kind === 'unexpectedResponse') assert.equal(outcome.response.bodyText.length, 256 * 1024);
  });

  it('does not follow a redirect', async () => {
    server.use(faults.redirect('http://127.0.0.1:9/elsewhere'));
    const before = server.hits;
    const outcome = await send();
    assert.equal(outcome.kind === 'httpError' && outcome.response.status, 307);
    assert.equal(server.hits - before, 1);
  });

  it('times out when headers never arrive', async () => {
    server.use(faults.hang());
    const outcome = await send();
    assert.equal(outcome.kind, 'timeout');
    if (outcome.kind === 'timeout') assert.deepEqual([outcome.phase, outcome.timeoutMs], ['headers', 400]);
  });

  it('times out when the body stalls mid-way', async () => {
    server.use(faults.stallBody());
    const outcome = await send();
    assert.equal(outcome.kind === 'timeout' && outcome.phase, 'body');
  });

  it('reports a reset connection as a network error', async () => {
    server.use(faults.reset());
    const outcome = await send();
    assert.equal(outcome.kind === 'networkError' && outcome.category, 'reset');
  });

  it('is cancelled while waiting for headers', async () => {
    server.use(faults.hang());
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const outcome = await send(controller.signal);
    assert.equal(outcome.kind, 'cancelled');
  });

  it('is cancelled while the body is arriving', async () => {
    server.use(faults.stallBody());
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const outcome = await send(controller.signal);
    assert.equal(outcome.kind, 'cancelled');
    if (outcome.kind === 'cancelled') assert.equal(outcome.response?.status, 200);
  });

  it('does not send at all when already cancelled', async () => {
    const before = server.hits;
    const controller = new AbortController();
    controller.abort();
    assert.equal((await send(controller.signal)).kind, 'cancelled');
    assert.equal(server.hits, before);
  });

  it('lets a request in flight finish when closed, and closes its connection afterwards', async () => {
    let socketClosed!: Promise<boolean>;
    server.use((req, res) => {
      socketClosed = new Promise((resolve) => req.socket.once('close', () => resolve(true)));
      setTimeout(() => faults.json(200, { success: true, message: 'late but fine' })(req, res, ''), 150);
    });
    const closing = new PrakerjaClient({ timeoutMs: 2_000 });
    const pending = closing.voidTransaction(target(), credentials, codes);
    setTimeout(() => void closing.close(), 50);
    const outcome = await pending;
    assert.equal(outcome.kind === 'success' && outcome.message, 'late but fine');
    // The socket's close event, or a deadline well past it: a kept connection would never close.
    const deadline = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2_000).unref());
    assert.equal(await Promise.race([socketClosed, deadline]), true, 'the connection is not kept once the client is closed');
  });

  it('keeps its own timeout on a reused connection, whatever the server\'s keep-alive hint', async () => {
    // Node's agent gives an idle pooled socket the server's hint (here 1 s); the next request must still get 4 s.
    let n = 0;
    server.use((req, res) => {
      const delay = n++ === 0 ? 0 : 1_300;
      setTimeout(() => faults.json(200, { success: true, message: 'ok' }, { 'keep-alive': 'timeout=2' })(req, res, ''), delay);
    });
    const patient = new PrakerjaClient({ timeoutMs: 4_000 });
    try {
      assert.equal((await patient.voidTransaction(target(), credentials, codes)).kind, 'success');
      assert.equal((await patient.voidTransaction(target(), credentials, codes)).kind, 'success');
    } finally {
      await patient.close();
    }
  });

  it('keeps the connection alive between requests', async () => {
    const sockets = new Set<number>();
    server.use((req, res) => {
      sockets.add(req.socket.remotePort ?? 0);
      faults.json(200, { success: true, message: 'ok' })(req, res, '');
    });
    const fresh = new PrakerjaClient();
    try {
      for (let i = 0; i < 5; i++) assert.equal((await fresh.voidTransaction(target(), credentials, codes)).kind, 'success');
    } finally {
      await fresh.close();
    }
    assert.ok(sockets.size === 1, `5 requests used ${sockets.size} connections`);
  });
});

describe('Prakerja client network failures', () => {
  it('reports a refused connection', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const client = new PrakerjaClient();
    const outcome = await client.voidTransaction({ id: 'x', baseUrl: `http://127.0.0.1:${port}` }, credentials, codes);
    await client.close();
    assert.equal(outcome.kind, 'networkError');
    if (outcome.kind === 'networkError') assert.deepEqual([outcome.category, outcome.errorCode], ['refused', 'ECONNREFUSED']);
  });

  it('reports a DNS failure', async () => {
    const client = new PrakerjaClient({ timeoutMs: 10_000 });
    const outcome = await client.voidTransaction({ id: 'x', baseUrl: 'http://no-such-host.invalid' }, credentials, codes);
    await client.close();
    assert.equal(outcome.kind === 'networkError' && outcome.category, 'dns');
  });

  it('reports a self-signed certificate as a TLS failure', async () => {
    const server = await startFaultServer({ tls: true });
    const client = new PrakerjaClient();
    try {
      const outcome = await client.voidTransaction({ id: 'x', baseUrl: server.url }, credentials, codes);
      assert.equal(outcome.kind, 'networkError');
      if (outcome.kind === 'networkError') {
        assert.equal(outcome.category, 'tls');
        assert.match(outcome.detail, /self.signed/i);
      }
      assert.equal(server.hits, 0);
    } finally {
      await client.close();
      await server.close();
    }
  });
});

describe('Prakerja client through a proxy agent (how scripts use a proxy outside VS Code)', () => {
  // The client never closes an agent it was given: its owner does.
  const agents: HttpsProxyAgent<string>[] = [];
  const proxyAgent = (url: string) => {
    const agent = new HttpsProxyAgent(url, { keepAlive: true });
    agents.push(agent);
    return agent;
  };
  // Before the servers close: a server's close waits for the connections an agent still holds.
  const destroyAgents = () => {
    for (const agent of agents.splice(0)) agent.destroy();
  };
  let origin: FaultServer;
  let tlsOrigin: FaultServer;
  const port = (server: { url: string }) => Number(new URL(server.url).port);

  before(async () => {
    origin = await startFaultServer();
    origin.use(faults.json(200, { success: true, message: 'via proxy' }));
    tlsOrigin = await startFaultServer({ tls: true });
    tlsOrigin.use(faults.json(200, { success: true, message: 'via proxy, over TLS' }));
  });
  after(async () => {
    await origin.close();
    await tlsOrigin.close();
  });

  it('tunnels non-loopback hosts through the given agent, one kept-alive tunnel for several requests', async () => {
    const proxy = await startForwardProxy({ host: '127.0.0.1', port: port(origin) });
    const client = new PrakerjaClient({ agent: proxyAgent(proxy.url) });
    try {
      for (let i = 0; i < 3; i++) {
        const outcome = await client.voidTransaction({ id: 'sandbox', baseUrl: 'http://api.prakerja.test' }, credentials, codes);
        assert.equal(outcome.kind === 'success' && outcome.message, 'via proxy');
      }
      assert.deepEqual(proxy.tunnels, ['api.prakerja.test:80']);
      // Loopback (the local sandbox) bypasses the proxy.
      const local = await client.voidTransaction({ id: 'local', baseUrl: origin.url }, credentials, codes);
      assert.equal(local.kind, 'success');
      assert.equal(proxy.tunnels.length, 1);
    } finally {
      destroyAgents();
      await client.close();
      await proxy.close();
    }
  });

  it('speaks TLS to an https target inside the tunnel, checking its certificate', async () => {
    const proxy = await startForwardProxy({ host: '127.0.0.1', port: port(tlsOrigin) });
    const strict = new PrakerjaClient({ agent: proxyAgent(proxy.url) });
    const lenient = new PrakerjaClient({ agent: proxyAgent(proxy.url), rejectUnauthorized: false });
    try {
      const refused = await strict.voidTransaction({ id: 'sandbox', baseUrl: 'https://api.prakerja.test:8443' }, credentials, codes);
      assert.equal(refused.kind === 'networkError' && refused.category, 'tls');
      const accepted = await lenient.voidTransaction({ id: 'sandbox', baseUrl: 'https://api.prakerja.test:8443' }, credentials, codes);
      assert.equal(accepted.kind === 'success' && accepted.message, 'via proxy, over TLS');
      assert.deepEqual(proxy.tunnels, ['api.prakerja.test:8443', 'api.prakerja.test:8443']);
    } finally {
      destroyAgents();
      await strict.close();
      await lenient.close();
      await proxy.close();
    }
  });

  it('passes the proxy credentials of the agent, and reports a proxy that refuses them', async () => {
    const proxy = await startForwardProxy({ host: '127.0.0.1', port: port(origin) }, { requireAuth: 'dp user:s3cret' });
    const authorityOf = (url: string) => url.replace('http://', '');
    const good = new PrakerjaClient({ agent: proxyAgent(`http://dp%20user:s3cret@${authorityOf(proxy.url)}`) });
    const bad = new PrakerjaClient({ agent: proxyAgent(`http://dp%20user:wrong@${authorityOf(proxy.url)}`) });
    try {
      assert.equal((await good.voidTransaction({ id: 'sandbox', baseUrl: 'http://api.prakerja.test' }, credentials, codes)).kind, 'success');
      const refused = await bad.voidTransaction({ id: 'sandbox', baseUrl: 'http://api.prakerja.test' }, credentials, codes);
      // https-proxy-agent hands the proxy's refusal back as the response.
      assert.equal(refused.kind === 'httpError' && refused.response.status, 407, JSON.stringify(refused));
    } finally {
      destroyAgents();
      await good.close();
      await bad.close();
      await proxy.close();
    }
  });

  /** A proxy that accepts connections and never answers; `onConnection` runs for each. Closing ends them too. */
  async function silentProxy(onConnection: () => void = () => undefined) {
    const sockets = new Set<import('node:net').Socket>();
    const server = createNetServer((socket) => {
      sockets.add(socket);
      socket.resume();
      onConnection();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () =>
        new Promise<void>((resolve) => {
          for (const socket of sockets) socket.destroy();
          server.close(() => resolve());
        }),
    };
  }

  it('reports a proxy that cannot be reached as refused, and one that never answers as a timeout', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = new PrakerjaClient({ agent: proxyAgent(`http://127.0.0.1:${closedPort}`) });
    const silent = await silentProxy();
    const mute = new PrakerjaClient({ agent: proxyAgent(silent.url), timeoutMs: 300 });
    try {
      const refused = await unreachable.voidTransaction({ id: 'sandbox', baseUrl: 'http://api.prakerja.test' }, credentials, codes);
      assert.equal(refused.kind === 'networkError' && refused.category, 'refused');
      // Our own deadline, although the agent is still connecting (there is no socket of ours to time out yet).
      const waited = await mute.voidTransaction({ id: 'sandbox', baseUrl: 'http://api.prakerja.test' }, credentials, codes);
      assert.equal(waited.kind, 'timeout');
    } finally {
      destroyAgents();
      await unreachable.close();
      await mute.close();
      await silent.close();
    }
  });

  it('reports a proxy that closes before answering CONNECT, fully or half-way, instead of waiting for the deadline', async () => {
    for (const answer of ['', 'HTTP/1.1 200 Conn']) {
      const closing = createNetServer((socket) => socket.once('data', () => socket.end(answer)));
      await new Promise<void>((resolve) => closing.listen(0, '127.0.0.1', resolve));
      // A deadline far beyond the test's own: a network error (not a timeout) means it did not wait for it.
      const client = new PrakerjaClient({ agent: proxyAgent(`http://127.0.0.1:${(closing.address() as AddressInfo).port}`), timeoutMs: 600_000 });
      try {
        const outcome = await client.voidTransaction({ id: 'sandbox', baseUrl: 'http://api.prakerja.test' }, credentials, codes);
        assert.equal(outcome.kind, 'networkError', JSON.stringify(outcome));
        assert.match(outcome.kind === 'networkError' ? outcome.detail : '', /proxy|socket hang up|CONNECT/i);
      } finally {
        destroyAgents();
        await client.close();
        await new Promise<void>((resolve) => closing.close(() => resolve()));
      }
    }
  });

  it('is cancelled at once while the tunnel is still being opened', async () => {
    const controller = new AbortController();
    // Cancelled the moment the proxy has the connection, while the agent still waits for its CONNECT answer.
    const silent = await silentProxy(() => controller.abort());
    const client = new PrakerjaClient({ agent: proxyAgent(silent.url), timeoutMs: 600_000 });
    try {
      const outcome = await client.voidTransaction({ id: 'sandbox', baseUrl: 'http://api.prakerja.test' }, credentials, codes, controller.signal);
      assert.equal(outcome.kind, 'cancelled');
    } finally {
      destroyAgents();
      await client.close();
      await silent.close();
    }
  });
});

describe('the client\'s own texts', () => {
  const indonesian = bundleTranslator(parseBundle(readFileSync(join(__dirname, '..', '..', '..', 'l10n', 'bundle.l10n.id.json'), 'utf8')));

  it('describes a refused connection in the translator\'s language, naming the address and keeping the code', async () => {
    const closed = createNetServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const client = new PrakerjaClient({ translate: indonesian });
    try {
      const outcome = await client.voidTransaction({ id: 'x', baseUrl: `http://127.0.0.1:${port}` }, { clientCode: 'c', signKey: 'k' }, { invoiceCode: 'I', transactionCode: 'T' });
      assert.equal(outcome.kind === 'networkError' && outcome.errorCode, 'ECONNREFUSED');
      assert.equal(outcome.kind === 'networkError' && outcome.detail, `Koneksi ke 127.0.0.1:${port} ditolak: tidak ada server yang berjalan di sana.`);
    } finally {
      await client.close();
    }
  });

  it('words DNS, reset and TLS failures itself, and quotes the system only for an unknown one', () => {
    const dns = classifyNetworkError(Object.assign(new Error('getaddrinfo ENOTFOUND h.invalid'), { code: 'ENOTFOUND', hostname: 'h.invalid' }), indonesian);
    assert.equal(dns.detail, 'Nama host h.invalid tidak dapat diterjemahkan menjadi alamat.');
    assert.equal(classifyNetworkError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), indonesian).category, 'reset');
    assert.doesNotMatch(classifyNetworkError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), indonesian).detail, /hang up/);
    assert.equal(classifyNetworkError(Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), indonesian).detail, 'Sertifikat TLS tidak diterima (DEPTH_ZERO_SELF_SIGNED_CERT).');
    assert.equal(classifyNetworkError(Object.assign(new Error('odd'), { code: 'EODD' }), indonesian).detail, 'Pesan sistem: odd');
    assert.equal(classifyNetworkError(Object.assign(new Error('odd'), { code: 'EODD' })).detail, 'The system reported: odd');
  });
});
