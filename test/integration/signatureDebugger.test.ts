// The signature debugger opened from a history entry and on its own; the key never reaches the webview; malformed
// messages are refused.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateApi, voidTransaction } from './helpers';

suite('Signature debugger', () => {
  suiteSetup(async () => {
    await activateApi();
    await vscode.commands.executeCommand('prakerja.selectEnvironment', 'local');
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('opens from a history entry, filled with that request', async () => {
    const api = await activateApi();
    const entry = await voidTransaction({ invoiceCode: 'INV-IT-DBG', transactionCode: 'TRX-PAID', environment: 'local' });
    await vscode.commands.executeCommand('prakerja.history.openInDebugger', entry!.id);
    const panel = api.signatureDebugger();
    assert.ok(panel, 'the panel is open');
    assert.equal(panel.state.body, entry!.request.body);
    assert.equal(panel.state.timestamp, entry!.request.timestamp);
    assert.equal(panel.state.theirSignature, entry!.request.signature, 'compared with what was sent');
  });

  test('one panel is reused; opened alone it holds a Void template and the current time', async () => {
    const api = await activateApi();
    const before = api.signatureDebugger();
    await vscode.commands.executeCommand('prakerja.openSignatureDebugger');
    const after = api.signatureDebugger();
    assert.ok(after);
    assert.equal(after.html.length > 0, true);
    assert.match(after.state.body, /"transaction_code"/);
    assert.ok(Math.abs(Number(after.state.timestamp) - Date.now() / 1000) < 60);
    assert.ok(before, 'a panel was open before');
  });

  test('the page has a strict CSP with a nonce and no inline script, and no key in its HTML', async () => {
    const api = await activateApi();
    const { html } = api.signatureDebugger()!;
    assert.match(html, /default-src 'none'/);
    const nonce = /script-src 'nonce-([^']+)'/.exec(html)?.[1];
    assert.ok(nonce, 'a nonce');
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.ok(scripts.length > 0);
    for (const [, attributes, body] of scripts) {
      assert.ok(attributes!.includes(`nonce="${nonce}"`));
      assert.equal(body!.trim(), '', 'no inline script');
    }
    assert.equal(html.includes('sandbox-sign-key'), false);
  });

  test('malformed webview messages are refused and counted', async () => {
    const api = await activateApi();
    const panel = api.signatureDebugger()!;
    const before = panel.rejectedMessages;
    await panel.receive({ type: 'copy', what: 'signKey' });
    await panel.receive({ type: 'update', seq: 1, state: { environment: 'local' } });
    await panel.receive('ready');
    assert.equal(api.signatureDebugger()!.rejectedMessages, before + 3);
  });

  test('copying the signature puts the HMAC on the clipboard, never the key', async () => {
    const api = await activateApi();
    await api.signatureDebugger()!.receive({ type: 'copy', what: 'signature' });
    const copied = await vscode.env.clipboard.readText();
    assert.match(copied, /^[0-9a-f]{40}$/);
    await api.signatureDebugger()!.receive({ type: 'copy', what: 'snippet', language: 'python' });
    const snippet = await vscode.env.clipboard.readText();
    assert.ok(snippet.includes('hmac.new'));
    assert.equal(snippet.includes('sandbox-sign-key'), false);
  });
});
