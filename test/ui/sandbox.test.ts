// A person starts the local sandbox from the command palette.
import type { Page } from '@playwright/test';
import { expect, test } from '../harness/fixtures';
import {
  notifications,
  outputLines,
  rowsOf,
  runCommand,
  waitForNotification,
  waitForQuickInput,
} from '../harness/workbench';

/** Labels of the rows the quick input shows now. */
async function quickInputRows(page: Page): Promise<string[]> {
  return (await rowsOf(page.locator(`.quick-input-widget .monaco-list-row`))).map((r) => r.aria).filter(Boolean);
}

/** Opens the Output panel on a channel, picked by its name as a person would. */
async function showOutputChannel(page: Page, channel: string): Promise<void> {
  await runCommand(page, 'Output: Show Output Channels...');
  await waitForQuickInput(page);
  await page.keyboard.type(channel);
  await expect(page.locator(`.quick-input-widget .monaco-list-row.focused`).filter({ hasText: channel })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.locator('.part.panel .output-view .monaco-editor').first()).toBeVisible();
}

/** Types into the Output panel's Filter box and waits until every line in view matches it. */
async function filterOutput(page: Page, text: string): Promise<void> {
  await page.locator('.part.panel .viewpane-filter input').filter({ visible: true }).first().fill(text);
  const lower = text.toLowerCase();
  await expect.poll(async () => (await outputLines(page)).filter((l) => l.trim()).every((l) => l.toLowerCase().includes(lower))).toBe(true);
}

/** Waits until the Output panel (what is in view: the editor renders only those lines) shows `pattern`. */
async function waitForOutput(page: Page, pattern: string | RegExp, timeout = 15_000): Promise<void> {
  // Polls the lines rather than the element's text: the editor renders spaces as no-break spaces.
  await expect.poll(async () => (await outputLines(page)).join('\n'), { timeout }).toMatch(pattern);
}

const TITLE = 'Prakerja: Start Local Sandbox';

// Each step builds on the one before: the first activates the extension, the others read what that left.
test.describe.serial('Local sandbox', () => {
  test('the command palette runs "Prakerja: Start Local Sandbox", which tells its URL', async ({ page, shot }) => {
    await runCommand(page, TITLE, { beforeEnter: () => shot('palette') });
    // The toast tells where the sandbox listens (matched on the URL only, so wording and language may change).
    const toast = await waitForNotification(page, /http:\/\/127\.0\.0\.1:\d+/);
    expect(toast.severity, toast.text).toBe('info');
    expect((await notifications(page)).filter((n) => n.severity === 'error')).toEqual([]);
  });

  test('the extension host log shows a Prakerja command activated the extension, not start-up', async ({ page }) => {
    await showOutputChannel(page, 'Extension Host (Remote)');
    await filterOutput(page, 'prakerja-toolkit.prakerja-api-toolkit');
    // The suites share one workbench: an earlier file's command (e.g. Open Signature Debugger) may have been first.
    await waitForOutput(page, /_doActivateExtension prakerja-toolkit\.prakerja-api-toolkit.*onCommand:prakerja\.\w+/s);
  });

  test('the palette offers the command again under "recently used"', async ({ page }) => {
    await page.keyboard.press('F1');
    await waitForQuickInput(page);
    const rows = await quickInputRows(page);
    // Rows of the "recently used" group come before the first row labelled "…, other commands".
    const others = rows.findIndex((r) => r.endsWith(', other commands'));
    const recent = rows.slice(0, others < 0 ? rows.length : others);
    expect(recent.some((r) => r.startsWith(TITLE)), `"${TITLE}" is under "recently used": ${recent.join(' | ')}`).toBe(true);
    await page.keyboard.press('Escape');
  });
});
