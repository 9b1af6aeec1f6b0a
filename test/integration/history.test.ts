// The request history: its item commands (details, response, cURL, replay, delete) on real entries.
import * as assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { DEMO_CREDENTIALS } from '../../src/core/environments';
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
    // A Markdown document a person reads: the outcome and its meaning first, then the exchange.
    assert.ok(text.startsWith('# Void of TRX-OLD: ERRVOD40010\n'), text.slice(0, 80));
    assert.ok(text.includes('- **Meaning:** More than 2 days have passed since the purchase.'));
    assert.ok(text.includes(`signature: ${entry!.request.signature}`));
    assert.ok(text.includes(JSON.stringify(entry!.request.rawSignature)));
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
    const api = await activateApi();
    const sent = await voidTransaction({ invoiceCode: 'INV-IT-REPLAY', transactionCode: 'TRX-EXPIRED' });
    // The same record as written an hour earlier (by this or another window): no need to wait for a new second.
    const hourAgo = String(Number(sent!.request.timestamp) - 3600);
    const entry = { ...sent!, time: new Date(Date.now() - 3_600_000).toISOString(), request: { ...sent!.request, timestamp: hourAgo, headers: { ...sent!.request.headers, timestamp: hourAgo } } };
    appendFileSync(api.historyPath(), `${JSON.stringify(entry)}\n`);
    await vscode.commands.executeCommand('prakerja.history.refresh');
    const replayed = await vscode.commands.executeCommand<{ id: string; code?: string; request: { timestamp: string; signature: string; rawSignature: string } }>('prakerja.history.replay', entry!.id);
    assert.ok(replayed);
    assert.notEqual(replayed.id, entry!.id);
    assert.equal(replayed.code, 'ERRVOD40003');
    assert.ok(Number(replayed.request.timestamp) >= Number(sent!.request.timestamp), 'signed now, not an hour ago');
    // Re-signed over its own, fresh raw_signature (with the demo key of the local sandbox).
    assert.ok(replayed.request.rawSignature.includes(replayed.request.timestamp));
    assert.equal(replayed.request.signature, createHmac('sha1', DEMO_CREDENTIALS.signKey).update(replayed.request.rawSignature, 'utf8').digest('hex'));
  });

  test('Delete removes an entry (and only that one) from the history file', async () => {
    const api = await activateApi();
    const keep = await voidTransaction({ invoiceCode: 'INV-IT-KEEP', transactionCode: `TRX-OK-${randomBytes(4).toString('hex')}` });
    const drop = await voidTransaction({ invoiceCode: 'INV-IT-DROP', transactionCode: 'TRX-PAID' });
    await vscode.commands.executeCommand('prakerja.history.delete', drop!.id);
    const text = readFileSync(api.historyPath(), 'utf8');
    assert.ok(text.includes(`{"id":"${drop!.id}","deleted":true}`));
    await vscode.commands.executeCommand('prakerja.history.showDetails', keep!.id);
    assert.ok(vscode.window.activeTextEditor?.document.getText().includes(keep!.request.signature), 'the kept entry still opens');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('the history view can be filtered by environment and outcome', async () => {
    const api = await activateApi();
    await voidTransaction({ invoiceCode: 'INV-IT-FILTER', transactionCode: `TRX-OK-${randomBytes(4).toString('hex')}` });
    await voidTransaction({ invoiceCode: 'INV-IT-FILTER', transactionCode: 'TRX-PAID' });
    const all = await api.historyView();
    assert.ok(all.entries.some((e) => e.kind === 'success') && all.entries.some((e) => e.kind === 'apiError'), JSON.stringify(all.entries));
    assert.ok(!all.message, 'no filter message while unfiltered');

    await vscode.commands.executeCommand('prakerja.history.filter', { environments: ['local'], outcomes: ['apiError'] });
    const filtered = await api.historyView();
    assert.ok(filtered.entries.length > 0);
    assert.deepEqual([...new Set(filtered.entries.map((e) => `${e.environment}/${e.kind}`))], ['local/apiError']);
    assert.match(filtered.message ?? '', /Local sandbox/);

    await vscode.commands.executeCommand('prakerja.history.clearFilter');
    const cleared = await api.historyView();
    assert.equal(cleared.entries.length, all.entries.length);
    assert.ok(!cleared.message, 'the filter message is gone');
  });

  test('the view shows the newest page of a long history, and "Show more" reads older ones', async () => {
    const api = await activateApi();
    const day = new Date();
    day.setHours(12, 0, 0, 0);
    // 250 requests of one day, written oldest first, as a window writes them (plus a tombstone the view must honour).
    const seed = (await voidTransaction({ invoiceCode: 'INV-IT-LONG', transactionCode: 'TRX-OK-LONG' }))!;
    let text = '';
    for (let i = 0; i < 250; i++) text += `${JSON.stringify({ ...seed, id: `long-${i}`, time: new Date(day.getTime() - (250 - i) * 1000).toISOString(), transactionCode: `TRX-LONG-${i}` })}\n`;
    text += `${JSON.stringify({ id: 'long-249', deleted: true })}\n`;
    appendFileSync(api.historyPath(), text);
    await vscode.commands.executeCommand('prakerja.history.refresh');
    const tree = api.historyTree();
    type Row = { type: string; key?: string; entry?: { id: string } };
    const rows = async () => {
      const days = (await tree.getChildren()) as Row[];
      const target = days.find((d) => (d.key ?? '') === dayKeyOf(day))!;
      return { target, children: (await tree.getChildren(target as never)) as Row[] };
    };
    const first = await rows();
    const ids = (children: Row[]) => children.flatMap((r) => (r.type === 'entry' && r.entry!.id.startsWith('long-') ? [r.entry!.id] : []));
    const firstIds = ids(first.children);
    assert.ok(firstIds.length < 249 && firstIds.length > 0, `a first page, not the whole file (${firstIds.length})`);
    assert.equal(firstIds[0], 'long-248', 'newest first; the deleted one is not shown');
    const more = first.children.at(-1)!;
    assert.equal(more.type, 'more');
    assert.match(String(tree.getTreeItem(more as never).label), /Show more|Tampilkan/);
    await vscode.commands.executeCommand('prakerja.history.showMore', first.target.key);
    await vscode.commands.executeCommand('prakerja.history.showMore', first.target.key);
    const all = ids((await rows()).children);
    assert.equal(all.length, 249);
    assert.equal(new Set(all).size, 249);
  });
});

function dayKeyOf(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}
