// Programs in Python, PHP, Ruby and Node, run by their real interpreters, send right and wrong requests to the
// extension's local sandbox: the Sandbox Requests view lists each with its status and cause, the debugger opened
// from a row shows the same diagnosis, a flood raises one notification, a stored Local credential is accepted, and a
// taken port is said without failing the command.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createServer, type Server } from 'node:net';
import { Agent, request } from 'node:http';
import * as vscode from 'vscode';
import { DEMO_CREDENTIALS } from '../../src/core/environments';
import { hmacSha1Hex } from '../../src/core/signing/signing';
import { VOID_ENDPOINT } from '../../src/core/signing/request';
import { runProgramAsync, skipWithout } from '../support/runtimes';
import { node, php, python, ruby } from '../support/integratorPrograms';
import { activateApi, until } from './helpers';
import { portHolder } from '../../src/features/localSandbox/localSandbox';
import type { ExtensionApi } from '../../src/extension';

const rowsOf = async (api: ExtensionApi) => (await api.sandboxRequestsView()).rows;

suite('Sandbox Requests: your application against the local sandbox', function () {
  this.timeout(180_000);
  let api: ExtensionApi;
  let url: string;
  const demo = { CLIENT: DEMO_CREDENTIALS.clientCode, KEY: DEMO_CREDENTIALS.signKey };
  const config = () => vscode.workspace.getConfiguration('prakerja');

  suiteSetup(async () => {
    api = await activateApi();
    await vscode.commands.executeCommand('prakerja.stopLocalSandbox');
    // A free port: other test windows may run at once on this machine.
    await config().update('localSandbox.port', 0, vscode.ConfigurationTarget.Global);
    url = (await vscode.commands.executeCommand<string>('prakerja.copyLocalSandboxUrl'))!;
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(await vscode.env.clipboard.readText(), url, 'Copy Local Sandbox URL copies it');
    await vscode.commands.executeCommand('prakerja.sandboxRequests.clear', { confirmed: true });
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('prakerja.clearCredentials', { environment: 'local', confirmed: true });
    await config().update('localSandbox.port', undefined, vscode.ConfigurationTarget.Global);
  });

  const run = async (runtime: 'python' | 'php' | 'ruby' | 'node', code: string, env: Record<string, string> = demo) => (await runProgramAsync(runtime, code, { ...env, URL: url })).at(-1);
  /** The newest row once it is there (rows are newest first). */
  const newestRow = async (count: number) => {
    let rows = await rowsOf(api);
    const deadline = Date.now() + 10_000;
    while (rows.length < count && Date.now() < deadline) {
      await new Promise((resolve) => setImmediate(resolve));
      rows = await rowsOf(api);
    }
    assert.ok(rows.length >= count, `the view lists ${rows.length} requests, expected ${count}`);
    return rows[0]!;
  };

  test('Python (the spec example): signs compact JSON, sends json.dumps(data): 401, cause body.python, in the view', async function () {
    const skip = skipWithout('python');
    if (skip) return this.skip();
    assert.equal(await run('python', python(false)), '401');
    const row = await newestRow(1);
    assert.equal(row.status, 401);
    assert.equal(row.code, 'SANDBOX-SIGNATURE-INVALID');
    assert.equal(row.causes[0], 'body.python');
    assert.match(row.label, /^401 · (Python's json\.dumps spacing|spasi json\.dumps Python)$/);
    assert.match(row.description, /^POST …\/payment\/void · \d\d[:.]\d\d[:.]\d\d$/);

    // Open in Signature Debugger: filled with what was received, the same diagnosis.
    await vscode.commands.executeCommand('prakerja.sandboxRequests.openInDebugger', row.id);
    const panel = () => api.signatureDebugger();
    assert.ok(panel(), 'the debugger opened');
    assert.match(panel()!.state.body, /"invoice_code": "INV-PY"/);
    assert.match(panel()!.state.theirSignature, /^[0-9a-f]{40}$/);
    await until(() => Boolean(panel()!.lastResult?.comparison && !panel()!.lastResult?.comparing), 'the debugger compares', 30_000);
    const findings = panel()!.lastResult!.comparison!.findings.map((f) => f.cause);
    assert.equal(findings[0], 'body.python', findings.join(', '));

    // The document shows the body with its spaces visible, and the diagnosis.
    const uri = await vscode.commands.executeCommand<string>('prakerja.sandboxRequests.open', row.id);
    const text = (await vscode.workspace.openTextDocument(vscode.Uri.parse(uri!))).getText();
    assert.match(text, /"invoice_code":·"INV-PY"/);
    assert.match(text, /body\.python/);
    assert.ok(!text.includes(DEMO_CREDENTIALS.signKey), 'the document holds the key');

    const curl = await vscode.commands.executeCommand<string>('prakerja.sandboxRequests.copyAsCurl', row.id);
    assert.match(curl!, /--data-raw '\{"invoice_code": "INV-PY"/);
  });

  test('Python sending what it signed: 200', async function () {
    if (skipWithout('python')) return this.skip();
    const before = (await rowsOf(api)).length;
    assert.equal(await run('python', python(true)), '200');
    const row = await newestRow(before + 1);
    assert.equal(row.status, 200);
    assert.deepEqual(row.causes, []);
  });

  test('PHP signs json_encode default, sends unescaped slashes: 401, cause body.php', async function () {
    if (skipWithout('php')) return this.skip();
    const before = (await rowsOf(api)).length;
    assert.equal(await run('php', php), '401');
    const row = await newestRow(before + 1);
    assert.equal(row.status, 401);
    assert.equal(row.causes[0], 'body.php', row.causes.join(', '));
  });

  test('Ruby signs the method in lower case: 401, cause method.lowercase', async function () {
    if (skipWithout('ruby')) return this.skip();
    const before = (await rowsOf(api)).length;
    assert.equal(await run('ruby', ruby), '401');
    const row = await newestRow(before + 1);
    assert.equal(row.causes[0], 'method.lowercase', row.causes.join(', '));
  });

  test('a credential stored for Local is accepted at once (Node), and the demo pair still is', async () => {
    const mine = { CLIENT: 'my-backend', KEY: 'my-own-local-key-42' };
    let before = (await rowsOf(api)).length;
    assert.equal(await run('node', node, mine), '401', 'unknown before it is stored');
    assert.equal((await newestRow(before + 1)).code, 'SANDBOX-UNKNOWN-CLIENT');
    assert.equal(await vscode.commands.executeCommand('prakerja.setCredentials', { environment: 'local', clientCode: mine.CLIENT, signKey: mine.KEY }), true);
    // Picked up at once: Set Credentials resolves once the sandbox accepts the pair, so the very next request passes.
    assert.equal(await run('node', node, mine), '200');
    before = (await rowsOf(api)).length;
    assert.equal(await run('node', node), '200', 'the demo pair');
    assert.equal((await newestRow(before + 1)).status, 200);
    // Written a moment later (a burst goes to the file in one write): once my-backend's requests are there, no key is.
    const stored = () => (fs.existsSync(api.sandboxRequestsPath()) ? fs.readFileSync(api.sandboxRequestsPath(), 'utf8') : '');
    await until(() => stored().includes(`"client_code":"${mine.CLIENT}"`), 'my-backend\'s requests in the stored list');
    assert.ok(!stored().includes(mine.KEY), 'the stored list holds the key');
  });

  test('with a pair of its own stored for Local, a request with the demo client_code opens in the debugger compared with the demo key', async function () {
    if (skipWithout('python')) return this.skip();
    assert.equal(await vscode.commands.executeCommand('prakerja.setCredentials', { environment: 'local', clientCode: 'my-backend', signKey: 'my-own-local-key-42' }), true);
    // The program still signs with the demo pair.
    const before = (await rowsOf(api)).length;
    assert.equal(await run('python', python(false)), '401');
    const row = await newestRow(before + 1);
    assert.equal(row.causes[0], 'body.python');
    await vscode.commands.executeCommand('prakerja.sandboxRequests.openInDebugger', row.id);
    const panel = () => api.signatureDebugger();
    await until(() => Boolean(panel()?.lastResult?.comparison && !panel()!.lastResult?.comparing), 'the debugger compares', 30_000);
    const findings = panel()!.lastResult!.comparison!.findings.map((f) => f.cause);
    assert.equal(findings[0], 'body.python', findings.join(', '));
    assert.ok(!findings.includes('clientCode.other'), `the debugger says another client's key: ${findings.join(', ')}`);
  });

  test('a Void sent from VS Code is listed as sent from VS Code, and its refusal raises no second notification', async () => {
    const before = await api.sandboxRequestsView();
    const accepted = await vscode.commands.executeCommand<{ kind: string }>('prakerja.voidTransaction', { environment: 'local', invoiceCode: 'INV-OWN-1', transactionCode: `TRX-OK-OWN-${Date.now()}`, notify: false });
    assert.equal(accepted?.kind, 'success');
    let row = await newestRow(before.rows.length + 1);
    assert.equal(row.status, 200);
    assert.match(row.description, /sent from VS Code|dikirim dari VS Code/);

    // The demo client_code with another key: the sandbox keeps the demo key and refuses, as Prakerja would.
    assert.equal(await vscode.commands.executeCommand('prakerja.setCredentials', { environment: 'local', clientCode: DEMO_CREDENTIALS.clientCode, signKey: 'not-the-demo-key-own' }), true);
    const refused = await vscode.commands.executeCommand<{ kind: string; code?: string }>('prakerja.voidTransaction', { environment: 'local', invoiceCode: 'INV-OWN-2', transactionCode: `TRX-OK-OWN-${Date.now()}`, notify: false });
    assert.equal(refused?.code, 'SANDBOX-SIGNATURE-INVALID');
    row = await newestRow(before.rows.length + 2);
    assert.equal(row.code, 'SANDBOX-SIGNATURE-INVALID');
    assert.match(row.description, /sent from VS Code|dikirim dari VS Code/);
    const after = await api.sandboxRequestsView();
    assert.equal(after.notifications, before.notifications, 'the sandbox notified a refusal the Void command reports itself');
    assert.equal(after.badge, before.badge, 'the refusal was counted on the badge');
    await vscode.commands.executeCommand('prakerja.clearCredentials', { environment: 'local', confirmed: true });
  });

  test('a flood of 1,000 refused signatures raises one notification and counts on the badge; the list keeps the last 500', async () => {
    const before = await api.sandboxRequestsView();
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    const ts = String(Math.floor(Date.now() / 1000));
    const body = '{"invoice_code":"INV-FLOOD","transaction_code":"TRX-OK-FLOOD"}';
    const signature = hmacSha1Hex(DEMO_CREDENTIALS.signKey, `${DEMO_CREDENTIALS.clientCode}${ts}POST${VOID_ENDPOINT}{"invoice_code": "INV-FLOOD"}`);
    const one = () =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${url}${VOID_ENDPOINT}`, { method: 'POST', agent, headers: { 'content-type': 'application/json', client_code: DEMO_CREDENTIALS.clientCode, timestamp: ts, signature } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end(body);
      });
    const statuses: number[] = [];
    for (let i = 0; i < 1000; i += 50) statuses.push(...(await Promise.all(Array.from({ length: 50 }, one))));
    agent.destroy();
    assert.ok(statuses.every((s) => s === 401));
    const after = await api.sandboxRequestsView();
    // The refusals before the flood (less than 30 s ago) raised the suite's notification, or the flood's first did.
    assert.ok(after.notifications >= 1, 'no refused signature raised a notification');
    assert.ok(after.notifications - before.notifications <= 1, `${after.notifications - before.notifications} notifications`);
    assert.ok((after.badge ?? 0) >= 1000 - 1, `badge ${after.badge}`);
    // The window answered meanwhile, and still does: a command round trip completes, and Clear resets the badge.
    assert.equal(await vscode.commands.executeCommand('prakerja.sandboxRequests.clear', { confirmed: true }), true);
    assert.equal((await api.sandboxRequestsView()).badge, undefined);
  });

  test('the list keeps only the last 500', async () => {
    const ts = String(Math.floor(Date.now() / 1000));
    const one = () => fetch(`${url}${VOID_ENDPOINT}`, { method: 'POST', headers: { 'content-type': 'application/json', client_code: 'nobody', timestamp: ts, signature: 'x' }, body: '{}' }).then((r) => r.arrayBuffer());
    for (let i = 0; i < 520; i += 40) await Promise.all(Array.from({ length: 40 }, one));
    // Recorded before each answer left: nothing to wait for.
    assert.equal((await rowsOf(api)).length, 500);
  });

  test('a taken port: this window\'s sandbox takes a free one for now, the setting stays, the command does not fail', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      assert.equal(await portHolder(port), 'otherProgram');
      await vscode.commands.executeCommand('prakerja.stopLocalSandbox');
      await config().update('localSandbox.port', port, vscode.ConfigurationTarget.Global);
      const started = await vscode.commands.executeCommand<string>('prakerja.startLocalSandbox');
      assert.match(started ?? '', /^http:\/\/127\.0\.0\.1:\d+$/, 'the command failed');
      assert.notEqual(new URL(started!).port, String(port));
      assert.equal(api.localSandboxUrl(), started);
      assert.equal(config().get('localSandbox.port'), port, 'the setting was changed');
      // Another window's sandbox on the port is told from another program.
      assert.equal(await portHolder(Number(new URL(started!).port)), 'prakerjaSandbox');
    } finally {
      blocker.close();
      await config().update('localSandbox.port', 0, vscode.ConfigurationTarget.Global);
    }
  });
});
