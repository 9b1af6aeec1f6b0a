// The extension loads in a real VS Code extension host and contributes its commands.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateExtension } from './helpers';

suite('Activation', () => {
  test('the extension is present and activates', async () => {
    const extension = await activateExtension();
    assert.equal(extension.id, EXTENSION_ID);
    assert.equal(extension.isActive, true);
  });

  test('every command in package.json is registered', async () => {
    await activateExtension();
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed = (extension.packageJSON.contributes.commands as Array<{ command: string }>).map((c) => c.command);
    assert.ok(contributed.includes('prakerja.startLocalSandbox'));
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.filter((c) => !registered.has(c)), [], 'contributed but not registered');
  });

  test('every contributed command has a handler, and every handler is contributed', async () => {
    const extension = await activateExtension();
    const contributed = (extension.packageJSON.contributes.commands as Array<{ command: string }>).map((c) => c.command).sort();
    const handled = (extension.exports as { handledCommands(): string[] }).handledCommands().sort();
    assert.deepEqual(handled, contributed);
  });
});
