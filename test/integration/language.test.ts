// The prakerja.language setting switches what the extension renders itself, at once and without a reload: the
// output channel, the history view, the open signature debugger.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateApi, outputChannelText, voidTransaction } from './helpers';

const setLanguage = (value: string | undefined) => vscode.workspace.getConfiguration('prakerja').update('language', value, vscode.ConfigurationTarget.Global);

suite('Language setting', () => {
  suiteSetup(async () => {
    await activateApi();
    await vscode.commands.executeCommand('prakerja.selectEnvironment', 'local');
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('prakerja.history.clearFilter');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setLanguage(undefined);
  });

  test('"id" writes the output, the history view and the debugger in Indonesian; "en" switches them back', async () => {
    const api = await activateApi();
    await setLanguage('en');
    await vscode.commands.executeCommand('prakerja.openSignatureDebugger');
    assert.match(api.signatureDebugger()?.html ?? '', /Extra segment/);
    await vscode.commands.executeCommand('prakerja.history.filter', { environments: ['local'], outcomes: ['apiError'] });
    assert.match((await api.historyView()).message ?? '', /^Showing only: Local sandbox/);

    await setLanguage('id');
    // No reload: the open panel, the filter's message and the tree are rendered again.
    const html = api.signatureDebugger()?.html ?? '';
    assert.match(html, /<html lang="id">/);
    assert.match(html, /Segmen tambahan/);
    assert.doesNotMatch(html, /Extra segment/);
    assert.match((await api.historyView()).message ?? '', /^Hanya menampilkan: Sandbox lokal/);

    const entry = await voidTransaction({ invoiceCode: 'INV-IT-LANG', transactionCode: 'TRX-PAID' });
    const text = await outputChannelText('Prakerja', (t) => t.includes(entry!.request.signature) && t.includes('Langkah berikutnya:'));
    const block = text.slice(text.lastIndexOf(entry!.request.signature));
    assert.match(block, /Arti: Prakerja sudah membayar platform digital untuk transaksi ini\./);
    assert.doesNotMatch(block, /Meaning:|Next step:/);
    // The row leads with the outcome; its description names the codes and the environment.
    const shown = (await api.historyView()).entries.map((e) => `${e.label} | ${e.description}`);
    assert.ok(shown.some((d) => /ERRVOD40009.* \| TRX-PAID · .* · INV-IT-LANG · Sandbox lokal$/.test(d)), shown.join('\n'));

    await setLanguage('en');
    assert.match(api.signatureDebugger()?.html ?? '', /Extra segment/);
    assert.match((await api.historyView()).message ?? '', /^Showing only: Local sandbox/);
  });
});
