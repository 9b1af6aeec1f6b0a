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

  test('every command the manifest refers to (menus, walkthrough) is contributed and registered', async () => {
    const extension = await activateExtension();
    const contributes = extension.packageJSON.contributes as {
      commands: Array<{ command: string }>;
      menus: Record<string, Array<{ command: string }>>;
      walkthroughs: Array<{ steps: Array<{ completionEvents?: string[] }> }>;
    };
    const contributed = new Set(contributes.commands.map((c) => c.command));
    const referenced = [
      ...Object.values(contributes.menus).flatMap((items) => items.map((item) => item.command)),
      ...contributes.walkthroughs.flatMap((w) => w.steps.flatMap((step) => step.completionEvents ?? [])).flatMap((event) => (event.startsWith('onCommand:') ? [event.slice('onCommand:'.length)] : [])),
    ];
    assert.ok(referenced.length > 20, `only ${referenced.length} references found`);
    assert.deepEqual([...new Set(referenced.filter((id) => !contributed.has(id)))], [], 'referenced but not contributed');
    // Registered with VS Code by this extension host, not merely listed.
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual([...contributed].filter((c) => !registered.has(c)), [], 'contributed but not registered');
  });

  test('every contributed command has a handler, and every handler is contributed', async () => {
    const extension = await activateExtension();
    const contributed = (extension.packageJSON.contributes.commands as Array<{ command: string }>).map((c) => c.command).sort();
    const handled = (extension.exports as { handledCommands(): string[] }).handledCommands().sort();
    assert.deepEqual(handled, contributed);
  });
});
