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

  /** The panel's state as an update from the page would carry it, with some fields changed. */
  const update = (panel: NonNullable<ReturnType<Awaited<ReturnType<typeof activateApi>>['signatureDebugger']>>, seq: number, fields: Record<string, string>) => ({
    type: 'update',
    seq,
    state: { ...panel.state, ...fields },
  });

  test('messages are handled in order: an environment change that reads credentials does not answer after a newer edit', async () => {
    const api = await activateApi();
    await vscode.commands.executeCommand('prakerja.openSignatureDebugger');
    const panel = api.signatureDebugger()!;
    const start = panel.posted.length;
    const environment = panel.state.environment === 'sandbox' ? 'local' : 'sandbox';
    // Not awaited one by one: the page sends them as fast as the user types.
    const first = panel.receive(update(panel, 1001, { environment }));
    const second = panel.receive(update(panel, 1002, { environment, body: '{"newest":true}' }));
    await Promise.all([first, second]);
    const after = api.signatureDebugger()!;
    assert.equal(after.state.body, '{"newest":true}');
    const posted = after.posted.slice(start);
    assert.deepEqual(posted.filter((m) => m.type === 'init'), [], 'no init overwrites the inputs');
    assert.deepEqual(posted.filter((m) => m.type === 'result').map((m) => m.seq), [1001, 1002], 'answered in order');
  });

  test('typing while the credentials change keeps the text, and the new key reaches the result', async () => {
    const api = await activateApi();
    await vscode.commands.executeCommand('prakerja.openSignatureDebugger');
    const panel = api.signatureDebugger()!;
    await panel.receive(update(panel, 2001, { environment: 'local', body: '{"typed":"still here"}' }));
    const before = panel.lastResult?.fingerprint;
    const start = panel.posted.length;
    const merged = panel.whenPosted('credentials');
    try {
      assert.equal(await vscode.commands.executeCommand('prakerja.setCredentials', { environment: 'local', clientCode: 'sandbox-client', signKey: 'debugger-merge-key' }), true);
      await merged;
      const after = api.signatureDebugger()!;
      await after.receive(update(after, 2002, {}));
      assert.equal(api.signatureDebugger()!.state.body, '{"typed":"still here"}');
      assert.deepEqual(after.posted.slice(start).filter((m) => m.type === 'init'), [], 'no init overwrites the inputs');
      assert.notEqual(api.signatureDebugger()!.lastResult?.fingerprint, before, 'the result uses the new key');
    } finally {
      await vscode.commands.executeCommand('prakerja.clearCredentials', { environment: 'local', confirmed: true });
    }
  });

  test('being shown starts no local sandbox; the cURL says where it would go', async () => {
    const api = await activateApi();
    await vscode.commands.executeCommand('prakerja.stopLocalSandbox');
    await vscode.commands.executeCommand('prakerja.openSignatureDebugger');
    const panel = api.signatureDebugger()!;
    await panel.receive(update(panel, 3001, { environment: 'local' }));
    await panel.receive(update(panel, 3002, { environment: 'local', body: '{"a":1}' }));
    assert.equal(api.localSandboxUrl(), undefined, 'not started');
    const result = api.signatureDebugger()!.lastResult!;
    assert.equal(result.seq, 3002);
    assert.ok(result.notes.some((note) => /not running|tidak berjalan/.test(note)), result.notes.join(' | '));
    // The port is stable now (prakerja.localSandbox.port, 8787 by default): the cURL names it.
    assert.ok(result.curl.includes('http://127.0.0.1:8787/'), result.curl);
  });
});

