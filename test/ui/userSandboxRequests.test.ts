// A person points their own backend (here: the spec's Python example, run by python3) at the local sandbox and
// watches VS Code: the refusal's notification with its cause, the Sandbox Requests view (light and dark), a row's
// document, the debugger opened from the row, the list after a window reload, and Clear with its confirmation.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { DEMO_CREDENTIALS } from '../../src/core/environments';
import { expect, test } from '../harness/fixtures';
import {
  clearNotifications,
  clickDialogButton,
  clickNotificationButton,
  hoverText,
  notificationButtons,
  runCommand,
  viewPane,
  viewRow,
  waitForDialog,
  waitForNotification,
  waitForToastsSettled,
  waitForViewRows,
} from '../harness/workbench';
import { python } from '../support/integratorPrograms';
import { runProgramAsync, skipWithout } from '../support/runtimes';
import { clickViewTitleAction, contextMenu, debuggerFrame, openViewContainer, setColorTheme, startFromPlainWorkbench, themeNamed } from './prakerja';

const VIEW = 'Sandbox Requests';
/** The rows' accessible labels: the outcome first, then the whole path and the time. */
const REFUSED = /^401 · Python's json\.dumps spacing, POST \/api\/v1\/integration\/payment\/void, \d\d:\d\d:\d\d$/;
const ACCEPTED = /^200 · accepted, POST \/api\/v1\/integration\/payment\/void, \d\d:\d\d:\d\d$/;

/** The Sandbox Requests view open in the Prakerja side bar, expanded. */
async function openSandboxRequests(page: Page): Promise<void> {
  await openViewContainer(page, 'Prakerja');
  const header = viewPane(page, VIEW).locator('.pane-header');
  await expect(header).toBeVisible();
  if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  await expect(header).toHaveAttribute('aria-expanded', 'true');
}

/** The doc picture: the test's screenshot, copied to docs/screenshots/<name>.png for the README's tour. */
async function docShot(page: Page, shot: (name: string) => Promise<void>, name: string, outputPath: (file: string) => string): Promise<void> {
  await shot(name);
  fs.mkdirSync(path.join('docs', 'screenshots'), { recursive: true });
  fs.copyFileSync(outputPath(`${name}.png`), path.join('docs', 'screenshots', `${name}.png`));
}

test.describe.serial('Sandbox Requests: your application against the local sandbox', () => {
  let url = '';

  test('Copy Local Sandbox URL gives the address; the status bar shows it', async ({ page }) => {
    await startFromPlainWorkbench(page);
    await runCommand(page, 'Prakerja: Copy Local Sandbox URL');
    const toast = await waitForNotification(page, /^Copied http:\/\/127\.0\.0\.1:\d+/);
    url = /http:\/\/127\.0\.0\.1:\d+/.exec(toast.text)![0];
    await expect(page.locator('.part.statusbar').getByText(`Prakerja: Local sandbox · ${url.replace('http://', '')}`)).toBeVisible();
    await clearNotifications(page);
  });

  test('a refused signature from your program: one notification with the cause, its row, the debugger from the row', async ({ page, shot }, testInfo) => {
    if (skipWithout('python')) test.skip();
    test.setTimeout(120_000);
    await openSandboxRequests(page);
    const env = { URL: url, CLIENT: DEMO_CREDENTIALS.clientCode, KEY: DEMO_CREDENTIALS.signKey };
    expect((await runProgramAsync('python', python(true), env)).at(-1)).toBe('200');
    expect((await runProgramAsync('python', python(false), env)).at(-1)).toBe('401');

    // The notification says the cause in a sentence, and offers the debugger.
    const toast = await waitForNotification(page, /^The local sandbox refused the signature of POST \/api\/v1\/integration\/payment\/void: You signed/);
    expect(toast.text).toContain('json.dumps');
    expect(toast.severity).toBe('warning');
    expect(await notificationButtons(page, toast.text.slice(0, 60))).toEqual(['Open in Signature Debugger']);

    // The view: newest first, the refusal's cause in a few words, the accepted request below it.
    await waitForViewRows(page, VIEW, (r) => r.length >= 2 && REFUSED.test(r[0]!) && ACCEPTED.test(r[1]!), 'the refused request above the accepted one');
    // What shows at the default width: the outcome leads; method, path and time follow.
    const refused = viewRow(page, VIEW, "401 · Python's json.dumps spacing").first();
    await expect(refused).toContainText(/POST …\/payment\/void · \d\d:\d\d:\d\d/);
    await hoverText(page, refused, /You\ssigned/);
    await page.mouse.move(0, 0);
    await waitForToastsSettled(page);
    await setColorTheme(page, themeNamed('Light Modern'));
    await docShot(page, shot, 'sandbox-requests-light', (f) => testInfo.outputPath(f));
    await setColorTheme(page, themeNamed('Dark Modern'));
    await docShot(page, shot, 'sandbox-requests-dark', (f) => testInfo.outputPath(f));
    await setColorTheme(page, themeNamed('Light Modern')); // the later suites' pictures stay light

    // The notification's button opens the debugger with what the program sent, and the same cause.
    await clickNotificationButton(page, toast.text.slice(0, 60), 'Open in Signature Debugger');
    const frame = debuggerFrame(page);
    await expect(frame.locator('#theirSignature')).toHaveValue(/^[0-9a-f]{40}$/);
    await expect(frame.locator('#verdict')).toHaveClass(/\bmismatch\b/, { timeout: 30_000 });
    await expect(frame.locator('#findings li[data-finding="body.python"]')).toBeVisible({ timeout: 30_000 });
    await runCommand(page, 'View: Close All Editors');

    // Selecting the row shows the request as received: its body with the spaces visible, and the diagnosis.
    await refused.click();
    const editor = page.locator('.part.editor .editor-instance .monaco-editor .view-lines');
    await expect(editor).toContainText('## Diagnosis');
    // The body is at the end (the editor renders only the lines in view).
    await editor.click();
    await page.keyboard.press('Control+End');
    await expect(editor).toContainText('"invoice_code":·"INV-PY"');
    await runCommand(page, 'View: Close All Editors');

    // The row's context menu: the debugger, the document, cURL.
    expect(await contextMenu(page, refused)).toEqual(expect.arrayContaining(['Open in Signature Debugger', 'Show Request', 'Copy as cURL']));
    await page.keyboard.press('Escape');
  });

  test('the list survives a window reload', async ({ page }) => {
    if (skipWithout('python')) test.skip();
    await page.reload();
    await expect(page.locator('.monaco-workbench')).toBeVisible({ timeout: 30_000 });
    await openSandboxRequests(page);
    await waitForViewRows(page, VIEW, (r) => r.length >= 2 && REFUSED.test(r[0]!) && ACCEPTED.test(r[1]!), 'the same two requests after the reload', 30_000);
  });

  test('Clear asks first, then empties the list', async ({ page }) => {
    if (skipWithout('python')) test.skip();
    await startFromPlainWorkbench(page);
    await openSandboxRequests(page);
    await clickViewTitleAction(page, VIEW, 'Clear Sandbox Requests');
    const dialog = await waitForDialog(page);
    expect(dialog.message).toMatch(/^Remove the \d+ requests the local sandbox received from the list\?$/);
    expect(dialog.buttons).toEqual(expect.arrayContaining(['Clear Sandbox Requests', 'Cancel']));
    await clickDialogButton(page, 'Cancel');
    await waitForViewRows(page, VIEW, (r) => r.length >= 2, 'the list kept after Cancel');
    await clickViewTitleAction(page, VIEW, 'Clear Sandbox Requests');
    await waitForDialog(page);
    await clickDialogButton(page, 'Clear Sandbox Requests');
    await expect(viewPane(page, VIEW).locator('.welcome-view-content')).toContainText('Every request the local sandbox receives');
  });
});
