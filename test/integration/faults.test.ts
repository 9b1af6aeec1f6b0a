// The fault matrix: each network or server fault, sent through the real Void command to a fault server playing
// "Prakerja sandbox". For each: the outcome is recorded in the history, the output channel has the details, nothing
// is retried, and the next void works.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HistoryEntry } from '../../src/core/history/schema';
import { faults, startFaultServer, type Fault, type FaultServer } from '../support/faultServer';
import { activateApi, outputChannelText, voidTransaction } from './helpers';

const credentials = { clientCode: 'dp-fault-client', signKey: 'fault-suite-sign-key' };
const config = () => vscode.workspace.getConfiguration('prakerja');

interface Row {
  name: string;
  fault: Fault;
  expect: (entry: HistoryEntry) => void;
  tls?: boolean;
  baseUrl?: string;
}

const rows: Row[] = [
  { name: 'HTTP 500 with an HTML page', fault: faults.text(500, '<html><body><h1>Internal Server Error</h1><script>alert(1)</script></body></html>', 'text/html'), expect: (e) => assert.deepEqual([e.kind, e.response?.status], ['httpError', 500]) },
  { name: 'HTTP 502', fault: faults.text(502, 'Bad Gateway', 'text/plain'), expect: (e) => assert.deepEqual([e.kind, e.response?.status], ['httpError', 502]) },
  { name: 'HTTP 503', fault: faults.text(503, 'Service Unavailable', 'text/plain'), expect: (e) => assert.deepEqual([e.kind, e.response?.status], ['httpError', 503]) },
  { name: 'HTTP 504', fault: faults.text(504, 'Gateway Timeout', 'text/plain'), expect: (e) => assert.deepEqual([e.kind, e.response?.status], ['httpError', 504]) },
  { name: '429 with Retry-After', fault: faults.json(429, { message: 'slow down' }, { 'retry-after': '30' }), expect: (e) => assert.deepEqual([e.kind, e.response?.headers['retry-after']], ['httpError', '30']) },
  { name: '200 with a non-JSON body', fault: faults.text(200, 'OK', 'text/plain'), expect: (e) => assert.deepEqual([e.kind, e.fault], ['unexpectedResponse', 'notJson']) },
  { name: '200 with JSON of the wrong shape', fault: faults.json(200, { status: 'ok' }), expect: (e) => assert.deepEqual([e.kind, e.fault], ['unexpectedResponse', 'wrongShape']) },
  { name: 'a 10 MB body', fault: faults.huge(10 * 1024 * 1024), expect: (e) => assert.deepEqual([e.kind, e.fault], ['unexpectedResponse', 'tooLarge']) },
  { name: 'a redirect', fault: faults.redirect('https://elsewhere.invalid/void'), expect: (e) => assert.deepEqual([e.kind, e.response?.status], ['httpError', 307]) },
  { name: 'a wrong Content-Type on a valid answer', fault: faults.text(200, '{"success":true,"message":"ok"}', 'text/html'), expect: (e) => assert.equal(e.kind, 'success') },
  { name: 'headers that never arrive (timeout)', fault: faults.hang(), expect: (e) => assert.deepEqual([e.kind, e.fault], ['timeout', 'headers']) },
  { name: 'a body that stalls mid-way (timeout)', fault: faults.stallBody(), expect: (e) => assert.deepEqual([e.kind, e.fault], ['timeout', 'body']) },
  { name: 'a connection reset', fault: faults.reset(), expect: (e) => assert.deepEqual([e.kind, e.fault], ['networkError', 'reset']) },
  { name: 'a self-signed certificate (TLS)', tls: true, fault: faults.json(200, { success: true }), expect: (e) => assert.deepEqual([e.kind, e.fault], ['networkError', 'tls']) },
  { name: 'a DNS failure', baseUrl: 'http://no-such-host.invalid', fault: faults.json(200, {}), expect: (e) => assert.deepEqual([e.kind, e.fault], ['networkError', 'dns']) },
  { name: 'a refused connection', baseUrl: 'http://127.0.0.1:9', fault: faults.json(200, {}), expect: (e) => assert.deepEqual([e.kind, e.fault], ['networkError', 'refused']) },
];

suite('Fault matrix', () => {
  let plain: FaultServer;
  let tls: FaultServer;
  let n = 0;

  suiteSetup(async () => {
    await activateApi();
    plain = await startFaultServer();
    tls = await startFaultServer({ tls: true });
    await vscode.commands.executeCommand('prakerja.setCredentials', { environment: 'sandbox', ...credentials });
    await config().update('request.timeoutSeconds', 1, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    await config().update('request.timeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    await config().update('sandbox.baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('prakerja.clearCredentials', { environment: 'sandbox', confirmed: true });
    await plain.close();
    await tls.close();
  });

  for (const row of rows) {
    test(`${row.name}: recorded, explained in the output, not retried, and the next void works`, async () => {
      const server = row.tls ? tls : plain;
      await config().update('sandbox.baseUrl', row.baseUrl ?? server.url, vscode.ConfigurationTarget.Global);
      server.use(row.fault);
      const hits = server.hits;
      const transactionCode = `TRX-FAULT-${++n}`;
      const entry = await voidTransaction({ invoiceCode: 'INV-FAULT', transactionCode, environment: 'sandbox' });
      assert.ok(entry, 'the void returned its history entry');
      row.expect(entry);
      assert.ok(server.hits - hits <= 1, `sent ${server.hits - hits} times: a void must never be retried`);
      const output = await outputChannelText('Prakerja', (t) => t.includes(entry.request.signature) && t.includes('Result:'));
      const block = output.slice(output.lastIndexOf(entry.request.signature));
      assert.match(block, /Result: \S/);
      assert.equal(output.includes(credentials.signKey), false);

      // The extension stays responsive: the next void, to a healthy answer, works.
      await config().update('sandbox.baseUrl', plain.url, vscode.ConfigurationTarget.Global);
      plain.use(faults.json(200, { success: true, message: 'Transaksi berhasil dibatalkan.' }));
      const next = await voidTransaction({ invoiceCode: 'INV-FAULT', transactionCode: `${transactionCode}-NEXT`, environment: 'sandbox' });
      assert.equal(next?.kind, 'success');
    });
  }
});
