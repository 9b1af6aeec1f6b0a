// The secret audit: every feature is used with a recognizable sign_key, then everything the extension can write is
// searched for the key and its common encodings. Zero hits allowed.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { SNIPPET_LANGUAGES } from '../../src/core/signing/snippets';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { activateApi, voidTransaction } from './helpers';

const KEY = 'AUDIT-sign-key-7c1e5a93';
const credentials = { clientCode: 'audit-client', signKey: KEY };

/** The key as it could leak: plain, Base64 (standard and URL-safe), hex (either case), URL-encoded. */
const encodings = [
  KEY,
  Buffer.from(KEY).toString('base64').replace(/=+$/, ''),
  Buffer.from(KEY).toString('base64url'),
  Buffer.from(KEY).toString('hex'),
  Buffer.from(KEY).toString('hex').toUpperCase(),
  encodeURIComponent(KEY),
  KEY.toLowerCase(),
];

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

suite('Secret audit', () => {
  let remote: Sandbox;
  const clipboard: string[] = [];
  const copy = async (command: string, ...args: unknown[]) => {
    await vscode.commands.executeCommand(command, ...args);
    clipboard.push(await vscode.env.clipboard.readText());
  };

  suiteSetup(async () => {
    await activateApi();
    remote = await startSandbox({ clients: [credentials] });
    await vscode.workspace.getConfiguration('prakerja').update('sandbox.baseUrl', remote.url, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('prakerja.selectEnvironment', 'local');
    await vscode.commands.executeCommand('prakerja.clearCredentials', { environment: 'sandbox', confirmed: true });
    await vscode.workspace.getConfiguration('prakerja').update('sandbox.baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await remote.close();
  });

  test('every feature, used with the key, leaves it nowhere', async () => {
    const api = await activateApi();
    assert.equal(await vscode.commands.executeCommand('prakerja.setCredentials', { environment: 'sandbox', ...credentials }), true);
    await vscode.commands.executeCommand('prakerja.selectEnvironment', 'sandbox');

    // Voids: success, a Prakerja error, a refusal that echoes the expected raw_signature, a replay.
    const ok = await voidTransaction({ invoiceCode: 'INV-AUDIT', transactionCode: 'TRX-OK-AUDIT', environment: 'sandbox' });
    assert.equal(ok?.kind, 'success');
    const paid = await voidTransaction({ invoiceCode: 'INV-AUDIT', transactionCode: 'TRX-PAID', environment: 'sandbox' });
    assert.equal(paid?.code, 'ERRVOD40009');
    await vscode.commands.executeCommand('prakerja.history.replay', paid!.id);
    await vscode.commands.executeCommand('prakerja.setCredentials', { environment: 'sandbox', clientCode: credentials.clientCode, signKey: `${KEY}-wrong` });
    const refused = await voidTransaction({ invoiceCode: 'INV-AUDIT', transactionCode: 'TRX-OK-AUDIT-2', environment: 'sandbox' });
    assert.equal(refused?.code, 'SANDBOX-SIGNATURE-INVALID');
    await vscode.commands.executeCommand('prakerja.setCredentials', { environment: 'sandbox', ...credentials });

    // History item commands.
    await copy('prakerja.history.copyAsCurl', ok!.id);
    await vscode.commands.executeCommand('prakerja.history.showDetails', ok!.id);
    const details = vscode.window.activeTextEditor!.document.getText();
    await vscode.commands.executeCommand('prakerja.history.showResponse', paid!.id);
    const response = vscode.window.activeTextEditor!.document.getText();

    // The debugger: opened from history and alone, compared, everything copied.
    await vscode.commands.executeCommand('prakerja.history.openInDebugger', ok!.id);
    const panel = api.signatureDebugger()!;
    await panel.receive({ type: 'update', seq: 7, state: { ...panel.state, theirSignature: '0'.repeat(40), theirRaw: 'x', theirBody: '{}', theirTimestamp: '1' } });
    for (const what of ['signature', 'raw', 'curl'] as const) {
      await panel.receive({ type: 'copy', what });
      clipboard.push(await vscode.env.clipboard.readText());
    }
    for (const language of SNIPPET_LANGUAGES) {
      await panel.receive({ type: 'copy', what: 'snippet', language });
      clipboard.push(await vscode.env.clipboard.readText());
    }
    await vscode.commands.executeCommand('prakerja.openSignatureDebugger');
    const html = api.signatureDebugger()!.html;
    assert.ok(clipboard.some((c) => /^[0-9a-f]{40}$/.test(c)), 'the HMAC itself was copied');

    // Let the output channel and logs flush. A fixed wait on purpose: VS Code's log writers flush in the background
    // with no event to await, and this checks for an absence (the key in no file), so there is nothing to look for.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const places = new Map<string, string>();
    for (const file of filesUnder(api.globalStoragePath())) places.set(file, readFileSync(file, 'latin1'));
    const workspaceStorage = api.workspaceStoragePath();
    if (workspaceStorage) for (const file of filesUnder(workspaceStorage)) places.set(file, readFileSync(file, 'latin1'));
    // …/exthost/<id>: the extension host's logs and every output channel live under …/exthost.
    for (const file of filesUnder(dirname(api.logPath()))) places.set(file, readFileSync(file, 'latin1'));
    // …/User/globalStorage/<id> → …/User/settings.json
    const settings = join(dirname(dirname(api.globalStoragePath())), 'settings.json');
    if (existsSync(settings)) places.set(settings, readFileSync(settings, 'utf8'));
    places.set('webview HTML', html);
    places.set('details editor', details);
    places.set('response editor', response);
    clipboard.forEach((text, i) => places.set(`clipboard #${i + 1}`, text));
    assert.ok([...places.keys()].some((p) => p.endsWith('history.jsonl')), 'the history file was searched');
    assert.ok([...places.keys()].some((p) => p.endsWith('-Prakerja.log')), 'the output channel was searched');
    assert.ok(settings && places.has(settings), 'settings.json was searched');

    const hits: string[] = [];
    for (const [place, text] of places) for (const encoding of encodings) if (text.includes(encoding)) hits.push(`${place} contains ${encoding}`);
    assert.deepEqual(hits, []);
  });
});
