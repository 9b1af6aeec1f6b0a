// "Prakerja: Void Transaction" run programmatically (the UI suite drives the input boxes): every scenario of the
// local sandbox, the outcome recorded in the history file and written to the output channel, and the guards.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import type { HistoryEntry } from '../../src/core/history/schema';
import { SCENARIOS } from '../../src/sandbox/scenarios';
import { activateApi, historyHolds, outputChannelText, voidTransaction } from './helpers';

suite('Void Transaction', () => {
  suiteSetup(async () => {
    await activateApi();
    await vscode.workspace.getConfiguration('prakerja').update('environment', 'local', vscode.ConfigurationTarget.Global);
  });

  test('a fresh transaction is voided on the local sandbox with nothing configured', async () => {
    const transactionCode = `TRX-OK-${randomBytes(4).toString('hex')}`;
    const entry = await voidTransaction({ invoiceCode: 'INV-IT-VOID', transactionCode });
    assert.equal(entry?.kind, 'success', JSON.stringify(entry, null, 2));
    assert.equal(entry?.environment, 'local');
    assert.equal(entry?.request.headers.client_code, 'sandbox-client');
    assert.match(entry?.request.signature ?? '', /^[0-9a-f]{40}$/);
  });

  for (const scenario of SCENARIOS.filter((s) => s.outcome.startsWith('ERR'))) {
    test(`${scenario.transactionCode} answers ${scenario.outcome}, shown with its explanation`, async () => {
      const entry = await voidTransaction({ invoiceCode: 'INV-IT-ERR', transactionCode: scenario.transactionCode });
      assert.equal(entry?.kind, 'apiError');
      assert.equal(entry?.code, scenario.outcome);
    });
  }

  test('the outcome is written to the history file, without the key', async () => {
    const api = await activateApi();
    const transactionCode = `TRX-OK-${randomBytes(4).toString('hex')}`;
    const entry = await voidTransaction({ invoiceCode: 'INV-IT-HIST', transactionCode });
    const lines = readFileSync(api.historyPath(), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as HistoryEntry);
    const records = lines.filter((l) => l.id === entry?.id);
    assert.deepEqual(records.map((r) => r.kind), ['pending', 'success'], 'a pending record first, then the outcome');
    assert.equal(readFileSync(api.historyPath(), 'utf8').includes('sandbox-sign-key'), false);
  });

  test('the output channel holds a readable block: URL, headers with the signature, raw_signature, status, explanation', async () => {
    const entry = await voidTransaction({ invoiceCode: 'INV-IT-OUT', transactionCode: 'TRX-REDEEMED' });
    const text = await outputChannelText('Prakerja', (t) => t.includes(entry!.request.signature) && t.includes('Next step:'));
    assert.ok(text.includes(`POST ${entry!.request.url}`));
    assert.ok(text.includes(`signature: ${entry!.request.signature}`));
    assert.ok(text.includes(`raw_signature (${Buffer.byteLength(entry!.request.rawSignature)} bytes, signed as one line):\n    ${JSON.stringify(entry!.request.rawSignature)}`));
    assert.ok(text.includes('Status: 400'));
    assert.ok(text.includes('Meaning: The participant has already redeemed this training'));
    assert.equal(text.includes('sandbox-sign-key'), false);
  });

  test('invalid codes are refused with a clear message and nothing is sent', async () => {
    const api = await activateApi();
    const before = readFileSync(api.historyPath(), 'utf8');
    const entry = await voidTransaction({ invoiceCode: 'INV\r\nX-Injected: 1', transactionCode: 'TRX-OK-X' });
    assert.equal(entry, undefined);
    assert.equal(readFileSync(api.historyPath(), 'utf8'), before);
  });

  test('a local sandbox port already in use: the Void still goes through (a free port for this window), the setting stays', async () => {
    await vscode.commands.executeCommand('prakerja.stopLocalSandbox');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      await vscode.workspace.getConfiguration('prakerja').update('localSandbox.port', port, vscode.ConfigurationTarget.Global);
      const entry = await voidTransaction({ invoiceCode: 'INV-IT-PORT', transactionCode: `TRX-OK-${randomBytes(4).toString('hex')}` });
      assert.equal(entry?.kind, 'success');
      assert.notEqual(new URL(entry!.request.url).port, String(port), 'sent to the program that holds the port');
      assert.equal(vscode.workspace.getConfiguration('prakerja').get('localSandbox.port'), port, 'the setting was changed');
    } finally {
      await vscode.workspace.getConfiguration('prakerja').update('localSandbox.port', undefined, vscode.ConfigurationTarget.Global);
      blocker.close();
      await vscode.commands.executeCommand('prakerja.stopLocalSandbox');
    }
  });

  test('a second void of the same transaction while one is in flight is refused', async () => {
    const transactionCode = `TRX-SLOW-2`;
    const api = await activateApi();
    const first = voidTransaction({ invoiceCode: 'INV-IT-DUP', transactionCode });
    // In flight once its pending record is in the history file (written before the request leaves).
    await historyHolds((r) => r.kind === 'pending' && r.invoiceCode === 'INV-IT-DUP' && r.transactionCode === transactionCode);
    const second = await voidTransaction({ invoiceCode: 'INV-IT-DUP', transactionCode });
    assert.equal(second, undefined, 'the second void must not be sent');
    const done = await first;
    assert.ok(done && ['success', 'apiError'].includes(done.kind), JSON.stringify(done));
  });
});
