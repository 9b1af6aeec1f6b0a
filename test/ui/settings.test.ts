// A person puts bad values into the extension's settings: each is reported once, naming the setting, and the
// extension keeps working with the default.
import type { Page } from 'playwright-core';
import { defineUiSuite } from '../harness/uiApi';
import { clearNotifications, runCommand, waitForNotification } from '../harness/workbench';

/**
 * Adds settings at the top of the user settings.json through its editor, as a person would, and saves. The other
 * settings stay (settings.json allows the trailing comma this leaves).
 */
async function addUserSettings(page: Page, settings: Record<string, unknown>): Promise<void> {
  await runCommand(page, 'Preferences: Open User Settings (JSON)');
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.waitFor({ state: 'visible', timeout: 15_000 });
  await editor.click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('End');
  // insertText: no key events, so the editor's auto-closing of quotes and brackets does not interfere.
  const lines = Object.entries(settings).map(([name, value]) => `${JSON.stringify(name)}: ${JSON.stringify(value)},`);
  await page.keyboard.insertText(`\n${lines.join('\n')}`);
  await page.keyboard.press('Control+S');
  await page.waitForTimeout(500);
}

/** Undoes the edit in the settings.json editor (Monaco may split it into several undo steps) and saves. */
async function undoUserSettings(page: Page): Promise<void> {
  await runCommand(page, 'Preferences: Open User Settings (JSON)');
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.click();
  for (let i = 0; i < 30 && (await editor.locator('.view-lines').innerText()).includes('prakerja.'); i++) {
    await page.keyboard.press('Control+Z');
    await page.waitForTimeout(50);
  }
  if ((await editor.locator('.view-lines').innerText()).includes('prakerja.')) throw new Error('could not undo the settings edit');
  await page.keyboard.press('Control+S');
  await page.waitForTimeout(500);
  await runCommand(page, 'View: Close All Editors');
}

export default defineUiSuite({
  name: 'Settings',
  tests: [
    {
      name: 'bad values are reported once, naming the setting',
      async run({ page, screenshot }) {
        await clearNotifications(page);
        // The extension reads its settings on first use; make sure it is active.
        await runCommand(page, 'Prakerja: Start Local Sandbox');
        await clearNotifications(page);
        await addUserSettings(page, { 'prakerja.request.timeoutSeconds': -1, 'prakerja.production.baseUrl': 'http://api.prakerja.go.id', 'prakerja.sandbox.baseUrl': 'not a url' });
        await waitForNotification(page, 'prakerja.request.timeoutSeconds must be a number of seconds from 1 to 300; using 30');
        await waitForNotification(page, 'prakerja.production.baseUrl must be an https:// URL');
        await waitForNotification(page, 'prakerja.sandbox.baseUrl must be an http(s) URL');
        await screenshot('settings-warnings');
      },
    },
    {
      name: 'with the values undone, the extension works as before',
      async run({ page }) {
        await clearNotifications(page);
        await undoUserSettings(page);
        await runCommand(page, 'Prakerja: Start Local Sandbox');
        await waitForNotification(page, 'The local Prakerja sandbox is running at');
        await clearNotifications(page);
      },
    },
  ],
});
