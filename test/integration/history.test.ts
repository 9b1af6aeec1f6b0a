// The request history: its item commands (details, response, cURL, replay, delete) on real entries.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { activateApi, voidTransaction } from './helpers';

suite('Request history', () => {
  suiteSetup(async () => {
    await activateApi();
    await vscode.workspace.getConfiguration('prakerja').update('environment', 'local', vscode.ConfigurationTarget.Global);
  });

  test('Show Response opens a read-only JSON editor with the pretty-printed body', async () => {
    const entry = await voidTransaction({ invoiceCode: 'INV-IT-RESP', transactionCode: 'TRX-PAID' });
    await vscode.commands.executeCommand('prakerja.history.showResponse', entry!.id);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'an editor opened');
    assert.equal(editor.document.uri.scheme, 'prakerja-history');
    assert.equal(editor.document.languageId, 'json');
    assert.deepEqual(JSON.parse(editor.document.getText()), JSON.parse(entry!.response!.bodyText));
    assert.ok(editor.document.getText().includes('\n  "code": "ERRVOD40009"'), 'pretty-printed');
    // A content-provider document: the editor shows it read-only (the UI suite types into it to check).
    assert.equal(editor.document.isUntitled, false);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('Show Details shows the whole exchange without the key', async () => {
    const entry = await voidTransaction({ invoiceCode: 'INV-IT-DET', transactionCode: 'TRX-OLD' });
    await vscode.commands.executeCommand('prakerja.history.showDetails', entry!.id);
    const text = vscode.window.activeTextEditor!.document.getText();
    const details = JSON.parse(text) as { request: { signature: string; rawSignature: string }; code: string };
    assert.equal(details.request.signature, entry!.request.signature);
    assert.equal(details.code, 'ERRVOD40010');
    assert.equal(text.includes('sandbox-sign-key'), false);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('Copy as cURL copies the request as sent, with signature and timestamp, never the key', async () => {
    const entry = await voidTransaction({ invoiceCode: "INV-IT-'CURL'", transactionCode: 'TRX-COMPLETED' });
    const curl = await vscode.commands.executeCommand<string>('prakerja.history.copyAsCurl', entry!.id);
    assert.equal(await vscode.env.clipboard.readText(), curl);
    assert.ok(curl.includes(`'signature: ${entry!.request.signature}'`));
    assert.ok(curl.includes(`'timestamp: ${entry!.request.timestamp}'`));
    assert.ok(curl.includes(`'\\''CURL'\\''`), 'single quotes are escaped for the shell');
    assert.equal(curl.includes('sandbox-sign-key'), false);
  });

  test('Replay re-signs with a fresh timestamp and records a new entry', async () => {
    const entry = await voidTransaction({ invoiceCode: 'INV-IT-REPLAY', transactionCode: 'TRX-EXPIRED' });
    // The clock is the subject: timestamps have whole seconds, so wait into the next one (no event marks it).
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const replayed = await vscode.commands.executeCommand<{ id: string; code?: string; request: { timestamp: string; signature: string } }>('prakerja.history.replay', entry!.id);
    assert.ok(replayed);
    assert.notEqual(replayed.id, entry!.id);
    assert.equal(replayed.code, 'ERRVOD40003');
    assert.ok(Number(replayed.request.timestamp) > Number(entry!.request.timestamp));
    assert.notEqual(replayed.request.signature, entry!.request.signature);
  });

  test('Delete removes an entry (and only that one) from the history file', async () => {
    const api = await activateApi();
    const keep = await voidTransaction({ invoiceCode: 'INV-IT-KEEP', transactionCode: `TRX-OK-${randomBytes(4).toString('hex')}` });
    const drop = await voidTransaction({ invoiceCode: 'INV-IT-DROP', transactionCode: 'TRX-PAID' });
    await vscode.commands.executeCommand('prakerja.history.delete', drop!.id);
    const text = readFileSync(api.historyPath(), 'utf8');
    assert.ok(text.includes(`{"id":"${drop!.id}","deleted":true}`));
    await vscode.commands.executeCommand('prakerja.history.showDetails', keep!.id);
    assert.ok(vscode.window.activeTextEditor?.document.getText().includes(keep!.id));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('the history view can be filtered by environment and outcome', async () => {
    await vscode.commands.executeCommand('prakerja.history.filter', { environments: ['local'], outcomes: ['apiError'] });
    await vscode.commands.executeCommand('prakerja.history.clearFilter');
  });
});
