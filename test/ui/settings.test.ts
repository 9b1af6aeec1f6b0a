// A person puts bad values into the extension's settings: each is reported once, naming the setting, and the
// extension keeps working with the default.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '../harness/fixtures';
import { clearNotifications, notificationToast, runCommand, waitForNotification } from '../harness/workbench';

const settingsFile = (session: { userDataDir: string }) => path.join(session.userDataDir, 'User', 'settings.json');

/**
 * Adds settings at the top of the user settings.json through its editor, as a person would, and saves. The other
 * settings stay (settings.json allows the trailing comma this leaves).
 */
async function addUserSettings(page: Page, file: string, settings: Record<string, unknown>): Promise<void> {
  await runCommand(page, 'Preferences: Open User Settings (JSON)');
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await expect(editor).toBeVisible({ timeout: 15_000 });
  await editor.click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('End');
  // insertText: no key events, so the editor's auto-closing of quotes and brackets does not interfere.
  const lines = Object.entries(settings).map(([name, value]) => `${JSON.stringify(name)}: ${JSON.stringify(value)},`);
  await page.keyboard.insertText(`\n${lines.join('\n')}`);
  await save(page, file, true);
}

/** The bad values this suite puts in (the harness's own settings, such as the sandbox's port, stay). */
const BAD_VALUES = { 'prakerja.request.timeoutSeconds': -1, 'prakerja.production.baseUrl': 'http://api.prakerja.go.id', 'prakerja.sandbox.baseUrl': 'not a url' };
const holdsBadValues = (text: string) => Object.keys(BAD_VALUES).some((name) => text.includes(`"${name}"`));

/** Ctrl+S, and waits until the user settings.json on disk holds (or no longer holds) the bad values. */
async function save(page: Page, file: string, holdsBad: boolean): Promise<void> {
  await page.keyboard.press('Control+S');
  await expect.poll(() => holdsBadValues(fs.readFileSync(file, 'utf8')), { message: `${file} is saved` }).toBe(holdsBad);
}

/** Undoes the edit in the settings.json editor (Monaco may split it into several undo steps) and saves. */
async function undoUserSettings(page: Page, file: string): Promise<void> {
  await runCommand(page, 'Preferences: Open User Settings (JSON)');
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.click();
  // One Ctrl+Z per try, until the edit is gone (Monaco may split it into several undo steps).
  await expect(async () => {
    await page.keyboard.press('Control+Z');
    await expect.poll(async () => holdsBadValues((await editor.locator('.view-lines').textContent()) ?? ''), { timeout: 500 }).toBe(false);
  }, 'the settings edit is undone').toPass({ timeout: 15_000, intervals: [100] });
  await save(page, file, false);
  await runCommand(page, 'View: Close All Editors');
}

test.describe.serial('Settings', () => {
  test('bad values are reported once, naming the setting', async ({ page, workbench, shot }) => {
    await clearNotifications(page);
    // The extension reads its settings on first use; make sure it is active.
    await runCommand(page, 'Prakerja: Start Local Sandbox');
    await clearNotifications(page);
    await addUserSettings(page, settingsFile(workbench), BAD_VALUES);
    for (const message of [
      'prakerja.request.timeoutSeconds must be a number of seconds from 1 to 300; using 30',
      'prakerja.production.baseUrl must be an https:// URL',
      'prakerja.sandbox.baseUrl must be an http(s) URL',
    ]) {
      await waitForNotification(page, message);
      await expect(notificationToast(page, message), `"${message}" is shown once`).toHaveCount(1);
    }
    await shot('settings-warnings');
  });

  test('with the values undone, the extension works as before', async ({ page, workbench }) => {
    await clearNotifications(page);
    await undoUserSettings(page, settingsFile(workbench));
    await runCommand(page, 'Prakerja: Start Local Sandbox');
    await waitForNotification(page, 'The local Prakerja sandbox is running at');
    await clearNotifications(page);
  });
});
