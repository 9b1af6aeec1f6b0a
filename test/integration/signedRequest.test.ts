// Any Prakerja endpoint, signed and sent: "Prakerja: Send Signed Request" with arguments (the UI suite drives its
// pick list and editor), Send in the Signature Debugger, the production confirmation, and replays of both kinds.
import * as assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import * as vscode from 'vscode';
import type { HistoryEntry } from '../../src/core/history/schema';
import { DEMO_CREDENTIALS } from '../../src/core/environments';
import { startFaultServer } from '../support/faultServer';
import { activateApi, outputChannelText, voidTransaction } from './helpers';

const VOID = '/api/v1/integration/payment/void';
const STATUS = '/api/v1/integration/payment/status';
const COMMIT = '/api/v1/integration/payment/redeem-code/commit';
const NOT_SIMULATED = 'Signature accepted; this endpoint is not simulated here (the local sandbox simulates only Void).';

/** The palette command with arguments, no notification. */
function sendSigned(args: { endpoint: string; body: string; environment?: string }): Promise<HistoryEntry | undefined> {
  return Promise.resolve(vscode.commands.executeCommand<HistoryEntry | undefined>('prakerja.sendSignedRequest', { ...args, notify: false }));
}

const hmac = (raw: string) => createHmac('sha1', DEMO_CREDENTIALS.signKey).update(raw, 'utf8').digest('hex');

suite('Send Signed Request', () => {
  suiteSetup(async () => {
    await activateApi();
    await vscode.workspace.getConfiguration('prakerja').update('environment', 'local', vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    (await activateApi()).answerConfirmations(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a Void sent this way is voided on the local sandbox, like Prakerja: Void Transaction', async () => {
    const transactionCode = `TRX-OK-${randomBytes(4).toString('hex')}`;
    const entry = await sendSigned({ endpoint: VOID, body: `{\n  "invoice_code": "INV-IT-SIGNED",\n  "transaction_code": "${transactionCode}"\n}` });
    assert.equal(entry?.kind, 'success', JSON.stringify(entry, null, 2));
    assert.equal(entry?.endpoint, VOID);
    assert.deepEqual([entry?.invoiceCode, entry?.transactionCode], ['INV-IT-SIGNED', transactionCode]);
    assert.equal(entry?.request.body, `{"invoice_code":"INV-IT-SIGNED","transaction_code":"${transactionCode}"}`, 'sent compact');
    assert.equal(entry?.request.signature, hmac(entry!.request.rawSignature));
  });

  for (const [endpoint, body] of [
    [STATUS, '{"invoice_code":"INV-IT-STATUS"}'],
    [COMMIT, '{"redeem_code":"RC-IT-1","sequence":1}'],
  ] as const) {
    test(`${endpoint}: the signature is accepted and the outcome says it is not simulated here`, async () => {
      const entry = await sendSigned({ endpoint, body });
      assert.equal(entry?.kind, 'apiError', JSON.stringify(entry));
      assert.equal(entry?.code, 'SANDBOX-NOT-SIMULATED');
      assert.equal(entry?.response?.status, 501);
      assert.equal(entry?.endpoint, endpoint);
      assert.equal(entry?.request.body, body);
      assert.ok(entry?.request.rawSignature.endsWith(`POST${endpoint}${body}`), entry?.request.rawSignature);
      const text = await outputChannelText('Prakerja', (t) => t.includes(entry!.request.signature) && t.includes('Result: Signature accepted'));
      const block = text.slice(text.lastIndexOf(`POST ${entry!.request.url}`));
      assert.ok(block.includes('Result: Signature accepted by the local sandbox; this endpoint is not simulated here (HTTP 501).'), block);
      assert.equal(text.includes(DEMO_CREDENTIALS.signKey), false);
    });
  }

  test('a body that is not JSON is refused with a message and nothing is sent', async () => {
    const api = await activateApi();
    const before = readFileSync(api.historyPath(), 'utf8');
    assert.equal(await sendSigned({ endpoint: STATUS, body: '{"invoice_code": "INV-IT-BAD",}' }), undefined);
    assert.equal(await sendSigned({ endpoint: '/v1/integration/payment/status', body: '{}' }), undefined, 'a path not under /api/');
    assert.equal(readFileSync(api.historyPath(), 'utf8'), before);
  });

  test('Production asks first, naming the endpoint and the codes of the body; declined, nothing is sent', async () => {
    const api = await activateApi();
    assert.equal(await vscode.commands.executeCommand('prakerja.setCredentials', { environment: 'production', clientCode: 'it-prod-client', signKey: 'it-prod-key-5d1e' }), true);
    const asked = api.answerConfirmations(false);
    const before = readFileSync(api.historyPath(), 'utf8');
    try {
      assert.equal(await sendSigned({ endpoint: STATUS, body: '{"invoice_code":"INV-IT-PROD"}', environment: 'production' }), undefined);
      assert.equal(await voidTransaction({ invoiceCode: 'INV-IT-PROD', transactionCode: 'TRX-IT-PROD', environment: 'production' }), undefined);
      assert.equal(asked.length, 2, JSON.stringify(asked));
      assert.equal(asked[0]!.message, 'Send this request to Production?');
      for (const line of ['Environment: Production (https://api.prakerja.go.id)', `Request: POST ${STATUS}`, 'invoice_code: INV-IT-PROD']) {
        assert.ok(asked[0]!.detail.split('\n').includes(line), `the question lacks "${line}":\n${asked[0]!.detail}`);
      }
      assert.equal(asked[0]!.button, 'Send to Production');
      assert.equal(asked[1]!.message, 'Void this transaction in Production?');
      assert.ok(asked[1]!.detail.includes('transaction_code: TRX-IT-PROD'));
      assert.equal(readFileSync(api.historyPath(), 'utf8'), before, 'nothing recorded: nothing left');
    } finally {
      api.answerConfirmations(undefined);
      await vscode.commands.executeCommand('prakerja.clearCredentials', { environment: 'production', confirmed: true });
    }
  });

  test('one request per environment, endpoint and body at a time; another body goes at once; nothing retried', async () => {
    const server = await startFaultServer();
    const held: ServerResponse[] = [];
    let arrived: () => void = () => undefined;
    // Answers only when released: the first request stays in flight while the others are tried.
    server.use((_req, res) => {
      held.push(res);
      arrived();
    });
    const next = () => new Promise<void>((resolve) => (arrived = resolve));
    await vscode.commands.executeCommand('prakerja.setCredentials', { environment: 'sandbox', clientCode: 'it-guard-client', signKey: 'it-guard-key-88c1' });
    await vscode.workspace.getConfiguration('prakerja').update('sandbox.baseUrl', server.url, vscode.ConfigurationTarget.Global);
    try {
      let reached = next();
      const first = sendSigned({ endpoint: STATUS, body: '{"invoice_code":"INV-IT-GUARD"}', environment: 'sandbox' });
      await reached;
      assert.equal(await sendSigned({ endpoint: STATUS, body: '{ "invoice_code": "INV-IT-GUARD" }', environment: 'sandbox' }), undefined, 'the same body (as JSON) is refused while in flight');
      assert.equal(server.hits, 1);
      reached = next();
      const other = sendSigned({ endpoint: STATUS, body: '{"invoice_code":"INV-IT-GUARD-2"}', environment: 'sandbox' });
      await reached;
      assert.equal(server.hits, 2, 'another body is not held back');
      for (const res of held) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"success":true,"message":"ok"}');
      }
      assert.deepEqual([(await first)?.kind, (await other)?.kind], ['success', 'success']);
      assert.equal(server.hits, 2, 'nothing retried');
    } finally {
      await vscode.workspace.getConfiguration('prakerja').update('sandbox.baseUrl', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('prakerja.clearCredentials', { environment: 'sandbox', confirmed: true });
      await server.close();
    }
  });

  test('history entries of both kinds replay: re-signed with a fresh timestamp, the same endpoint and body', async () => {
    const other = (await sendSigned({ endpoint: COMMIT, body: '{"redeem_code":"RC-IT-REPLAY"}' }))!;
    const voided = (await voidTransaction({ invoiceCode: 'INV-IT-REPLAY2', transactionCode: 'TRX-EXPIRED' }))!;
    for (const sent of [other, voided]) {
      const replayed = await vscode.commands.executeCommand<HistoryEntry | undefined>('prakerja.history.replay', sent.id);
      assert.ok(replayed, `${sent.request.endpoint} replayed`);
      assert.notEqual(replayed.id, sent.id);
      assert.equal(replayed.request.endpoint, sent.request.endpoint);
      assert.equal(replayed.request.body, sent.request.body);
      assert.equal(replayed.code, sent.code);
      assert.ok(Number(replayed.request.timestamp) >= Number(sent.request.timestamp));
      assert.ok(replayed.request.rawSignature.includes(replayed.request.timestamp));
      assert.equal(replayed.request.signature, hmac(replayed.request.rawSignature));
    }
  });

  test('the history shows other endpoints by their path and can be filtered by endpoint', async () => {
    const api = await activateApi();
    await sendSigned({ endpoint: STATUS, body: '{"invoice_code":"INV-IT-FILTER-EP"}' });
    await voidTransaction({ invoiceCode: 'INV-IT-FILTER-EP', transactionCode: 'TRX-PAID' });
    await vscode.commands.executeCommand('prakerja.history.filter', { endpoints: [STATUS] });
    try {
      const filtered = await api.historyView();
      assert.ok(filtered.entries.length > 0);
      assert.ok(filtered.entries.every((e) => e.description.startsWith('payment/status · ')), JSON.stringify(filtered.entries.slice(0, 3)));
      assert.ok(filtered.entries.some((e) => e.description.includes('INV-IT-FILTER-EP')));
      assert.match(filtered.message ?? '', /payment\/status/);
    } finally {
      await vscode.commands.executeCommand('prakerja.history.clearFilter');
    }
    const all = await api.historyView();
    assert.ok(all.entries.some((e) => e.description.startsWith('TRX-PAID · ')), 'Voids still lead with their transaction_code');
  });
});

suite('Signature debugger: Send', () => {
  suiteSetup(async () => {
    await activateApi();
    await vscode.workspace.getConfiguration('prakerja').update('environment', 'local', vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('prakerja.openSignatureDebugger');
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  /** Sends the panel's request with `change` applied, as the page's Send button does; resolves with how it ended. */
  async function send(change: Record<string, string>) {
    const panel = (await activateApi()).signatureDebugger()!;
    const ended = panel.whenPosted('sendResult');
    await panel.receive({ type: 'send', seq: 0, state: { ...panel.state, ...change } });
    await ended;
    return (await activateApi()).signatureDebugger()!.lastSendResult!;
  }

  test('sends another endpoint, shows the response, records it in the history; the panel holds no key', async () => {
    const api = await activateApi();
    // An old timestamp and another client_code in the fields: Send signs with the stored pair and the current time.
    const result = await send({ endpoint: STATUS, body: '{"invoice_code":"INV-IT-DBG-SEND"}', timestamp: '1700000000', clientCode: 'typed-client', extra: '' });
    assert.equal(result.sent, true, JSON.stringify(result));
    assert.equal(result.sentence, NOT_SIMULATED);
    assert.equal(result.severity, 'info');
    assert.equal(result.response?.status, 501);
    assert.match(result.response?.body ?? '', /SANDBOX-NOT-SIMULATED/);
    assert.equal(result.signed?.clientCode, DEMO_CREDENTIALS.clientCode);
    assert.ok(Math.abs(Number(result.signed?.timestamp) - Date.now() / 1000) < 60, 'signed now');
    const record = readFileSync(api.historyPath(), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as HistoryEntry).filter((r) => r.id === result.entryId);
    assert.deepEqual(record.map((r) => r.kind), ['pending', 'apiError']);
    assert.equal(record[1]!.endpoint, STATUS);
    const curl = await vscode.commands.executeCommand<string | undefined>('prakerja.history.copyAsCurl', result.entryId);
    assert.ok(curl?.includes(STATUS) && curl.includes(`signature: ${record[1]!.request.signature}`), 'Copy as cURL works on the entry');
    assert.equal(api.signatureDebugger()!.html.includes(DEMO_CREDENTIALS.signKey), false);
    // Open in Debugger from that entry shows what was sent.
    await vscode.commands.executeCommand('prakerja.history.openInDebugger', result.entryId);
    assert.equal(api.signatureDebugger()!.state.endpoint, STATUS);
    assert.equal(api.signatureDebugger()!.state.body, '{"invoice_code":"INV-IT-DBG-SEND"}');
  });

  test('sends a Void exactly as written, and the extra segment as Authorization', async () => {
    const transactionCode = `TRX-OK-${randomBytes(4).toString('hex')}`;
    const body = `{"invoice_code": "INV-IT-DBG", "transaction_code": "${transactionCode}"}`;
    const voided = await send({ endpoint: VOID, body, extra: '', method: 'POST' });
    assert.equal(voided.sent, true);
    assert.match(voided.sentence, /^Voided\./);
    const authorized = await send({ endpoint: '/api/v1/integration/payment/authorize', body: '{"otp":"1"}', extra: 'Bearer it-token' });
    assert.equal(authorized.sentence, NOT_SIMULATED, 'the sandbox accepts the Authorization value as the signed extra segment');
    const replayed = await vscode.commands.executeCommand<HistoryEntry | undefined>('prakerja.history.replay', authorized.entryId);
    assert.equal(replayed?.code, 'SANDBOX-NOT-SIMULATED', 'replayed with the same Authorization segment');
    assert.equal(replayed?.request.headers.authorization, 'Bearer it-token');
  });

  test('a body that is not JSON, or an endpoint that is no path, is refused in the panel and nothing is sent', async () => {
    const api = await activateApi();
    const before = readFileSync(api.historyPath(), 'utf8');
    const bad = await send({ endpoint: STATUS, body: '{"invoice_code": ' });
    assert.equal(bad.sent, false);
    assert.match(bad.sentence, /^The body is not valid JSON \(.+\); nothing was sent\.$/);
    const url = await send({ endpoint: 'https://api.prakerja.go.id/api/v1/integration/payment/status', body: '{}' });
    assert.equal(url.sent, false);
    assert.equal(readFileSync(api.historyPath(), 'utf8'), before);
  });
});
