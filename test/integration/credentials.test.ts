// Credentials per environment in secret storage: stored and cleared programmatically, validated, and used for
// requests to a second sandbox playing "Prakerja sandbox".
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { activateApi, voidTransaction } from './helpers';

suite('Credentials', () => {
  let remote: Sandbox;
  const credentials = { clientCode: 'dp-it-client', signKey: 'it-remote-sign-key-7f3a' };

  suiteSetup(async () => {
    await activateApi();
    remote = await startSandbox({ clients: [credentials] });
    await vscode.workspace.getConfiguration('prakerja').update('sandbox.baseUrl', remote.url, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('prakerja.clearCredentials', { environment: 'sandbox', confirmed: true });
    await vscode.workspace.getConfiguration('prakerja').update('sandbox.baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await remote.close();
  });

  test('invalid credentials are refused', async () => {
    assert.equal(await vscode.commands.executeCommand('prakerja.setCredentials', { environment: 'sandbox', clientCode: 'dp client', signKey: 'k' }), false);
    assert.equal(await vscode.commands.executeCommand('prakerja.setCredentials', { environment: 'sandbox', clientCode: 'dp', signKey: 'key\n' }), false);
  });

  test('stored credentials sign requests to that environment', async () => {
    assert.equal(await vscode.commands.executeCommand('prakerja.setCredentials', { environment: 'sandbox', ...credentials }), true);
    const entry = await voidTransaction({ invoiceCode: 'INV-IT-CRED', transactionCode: 'TRX-OK-CRED-1', environment: 'sandbox' });
    assert.equal(entry?.kind, 'success', JSON.stringify(entry));
    assert.equal(entry?.request.headers.client_code, credentials.clientCode);
    assert.ok(entry?.request.url.startsWith(remote.url));
  });

  test('replacing the key takes effect at once', async () => {
    await vscode.commands.executeCommand('prakerja.setCredentials', { environment: 'sandbox', clientCode: credentials.clientCode, signKey: 'a-replaced-wrong-key' });
    const entry = await voidTransaction({ invoiceCode: 'INV-IT-CRED', transactionCode: 'TRX-OK-CRED-2', environment: 'sandbox' });
    assert.equal(entry?.code, 'SANDBOX-SIGNATURE-INVALID');
    assert.ok(entry?.expectedRawSignature?.startsWith(credentials.clientCode));
    await vscode.commands.executeCommand('prakerja.setCredentials', { environment: 'sandbox', ...credentials });
  });

  test('the local sandbox works with its demo credentials when none are stored', async () => {
    await vscode.commands.executeCommand('prakerja.clearCredentials', { environment: 'local', confirmed: true });
    const entry = await voidTransaction({ invoiceCode: 'INV-IT-DEMO', transactionCode: 'TRX-OK-DEMO-1', environment: 'local' });
    assert.equal(entry?.kind, 'success');
  });

  test('outside the test host, arguments neither store a key nor skip the confirmation; here they do', async () => {
    const api = await activateApi();
    assert.equal(await vscode.commands.executeCommand('prakerja.setCredentials', { environment: 'sandbox', ...credentials }), true, 'accepted in the test host');
    const outside = api.credentialCommandsOutsideTests();
    // What any other installed extension could run: both refused, the stored credentials untouched.
    assert.equal(await outside['prakerja.setCredentials']({ environment: 'sandbox', clientCode: 'attacker', signKey: 'attacker-key' }), false);
    assert.equal(await outside['prakerja.clearCredentials']({ environment: 'sandbox', confirmed: true }), false);
    const entry = await voidTransaction({ invoiceCode: 'INV-IT-CRED', transactionCode: 'TRX-OK-CRED-3', environment: 'sandbox' });
    assert.equal(entry?.kind, 'success', 'still signed with the stored key');
    assert.equal(entry?.request.headers.client_code, credentials.clientCode);
  });
});

