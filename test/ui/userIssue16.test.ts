// What a new user tripped over (issue 16), as a person meets it: Set Credentials on the active Local sandbox, a
// signature refusal that offers the Signature Debugger (and the verdict brought into view there), and the output's
// raw_signature line that a wrap cannot make look like two.
import type { Page } from '@playwright/test';
import { expect, test } from '../harness/fixtures';
import {
  clearNotifications,
  clickNotificationButton,
  notificationButtons,
  pickQuickInputRow,
  quickInputState,
  retypeQuickInput,
  runCommand,
  setPanelMaximized,
  waitForDialog,
  clickDialogButton,
  waitForNotification,
  waitForQuickInputTitle,
  waitForToastsSettled,
} from '../harness/workbench';
import { debuggerFrame, freshTransactionCode, lastReport, startFromPlainWorkbench, voidViaPalette } from './prakerja';

const WRONG_KEY = 'not-the-sandbox-key-16';

/**
 * After Show Output: the report's "Next step" line, as the Output panel shows it (scrolled to its end, at the panel's
 * size), is not under a notification toast (the void's own closes on its button; no other may cover it).
 */
async function expectNextStepReadable(page: Page): Promise<void> {
  const next = page.locator('.part.panel .output-view .monaco-editor .view-line').filter({ hasText: /^Next\sstep:\s/ });
  await expect(next.first()).toBeVisible();
  await waitForToastsSettled(page);
  type Box = { x: number; y: number; width: number; height: number };
  const boxes = (elements: Element[]) => elements.map((e) => ({ box: e.getBoundingClientRect().toJSON() as Box, text: (e.querySelector('.notification-list-item-message') ?? e).textContent ?? '' }));
  // The text's own box (a view-line spans the editor's whole width), for every "Next step" line shown.
  const lines = await next.locator(':scope > span').evaluateAll(boxes);
  const toasts = await page.locator('.notifications-toasts .notification-toast').filter({ visible: true }).evaluateAll(boxes);
  const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  expect(lines.length, 'no "Next step" text box').toBeGreaterThan(0);
  const covering = toasts.filter((toast) => lines.some((line) => overlaps(toast.box, line.box)));
  expect(covering.map((c) => c.text), 'a toast covers the "Next step" line').toEqual([]);
}

test.describe('Issue 16: a new user\'s first steps', () => {
  test('Set Credentials: a title, the active environment preselected, Local\'s demo client_code offered', async ({ page, shot }) => {
    await startFromPlainWorkbench(page); // Local sandbox active
    await runCommand(page, 'Prakerja: Set Credentials');
    await waitForQuickInputTitle(page, 'Set Credentials');
    const focused = page.locator('.quick-input-widget .monaco-list-row.focused .quick-input-list-row:first-child .label-name');
    await expect(focused, 'the active environment is not preselected').toHaveText('Local sandbox');
    // The order stays: the environments that need credentials first.
    const labels = await page.locator('.quick-input-widget .monaco-list-row .quick-input-list-row:first-child .label-name').allTextContents();
    expect(labels.map((l) => l.trim())).toEqual(['Prakerja sandbox', 'Production', 'Local sandbox']);
    await shot('set-credentials-pick');
    await page.keyboard.press('Enter');

    await waitForQuickInputTitle(page, 'Set Credentials for Local sandbox (1/2)');
    const box = await quickInputState(page);
    expect(box.value, 'the demo client_code is not offered').toBe('sandbox-client');
    expect(box.message, 'the Local prompt says "as issued by Prakerja"').not.toContain('as issued by Prakerja');
    expect(box.message).toContain('sandbox-client');
    await shot('set-credentials-local');
    await page.keyboard.press('Enter');
    await waitForQuickInputTitle(page, 'Set Credentials for Local sandbox (2/2)');
    // Enter on an empty sign_key box stores nothing.
    await page.keyboard.press('Enter');
    await expect(page.locator('.quick-input-widget')).toBeVisible();
    // A wrong key on purpose, for the signature refusal below.
    await retypeQuickInput(page, WRONG_KEY);
    await page.keyboard.press('Enter');
    await waitForNotification(page, 'Credentials for Local sandbox saved');
    await clearNotifications(page);
  });

  test('a signature refusal offers the Signature Debugger; the output quotes the raw_signature', async ({ page, shot }) => {
    test.setTimeout(90_000);
    await startFromPlainWorkbench(page);
    const codes = { invoiceCode: `INV-UI-SIG-${Date.now()}`, transactionCode: freshTransactionCode() };
    await voidViaPalette(page, codes);
    const sentence = `${codes.transactionCode}: SANDBOX-SIGNATURE-INVALID (local sandbox)`;
    await waitForNotification(page, sentence, 20_000);
    const buttons = await notificationButtons(page, sentence);
    expect(buttons.join('|'), 'a signature refusal offers the debugger').toBe('Show Output|Open Signature Debugger');
    await waitForToastsSettled(page, /^Voiding /);
    await shot('void-signature-refused');

    await clickNotificationButton(page, sentence, 'Show Output');
    // One notification for one's own void: the sandbox's (for other programs' requests) does not cover the output.
    await expectNextStepReadable(page);
    await shot('output-signature-refused');
    const report = await lastReport(page, codes.transactionCode);
    const text = report.join('\n');
    const result = report.find((l) => l.startsWith('Result: '));
    const meaning = report.find((l) => l.startsWith('Meaning: '));
    expect(result, `Result and Meaning say the same:\n${text}`).toBe('Result: Refused by the local sandbox (HTTP 401).');
    expect(meaning).toBe('Meaning: The signature does not match the one the server computed from the request it received.');
    const heading = report.findIndex((l) => /^raw_signature \(\d+ bytes, signed as one line\):$/.test(l));
    expect(heading >= 0 && /^ {4}".*"$/.test(report[heading + 1] ?? ''), `the raw_signature is not quoted on its own line:\n${text}`).toBeTruthy();
    expect(report.some((l) => /^raw_signature the server expected \(\d+ bytes\):$/.test(l)), `no expected raw_signature:\n${text}`).toBeTruthy();
    // Inside VS Code every void opens its own connection (VS Code's agent drops keep-alive): the answer says so.
    expect(report.some((l) => l.trim() === 'connection: close'), `the local answer does not say connection: close:\n${text}`).toBeTruthy();
    expect(text.includes(WRONG_KEY), 'the sign_key is in the Output panel').toBe(false);
    await shot('output-channel');
    await setPanelMaximized(page, false);

    // The debugger, on that request: pasting the signature that was sent shows the verdict, scrolled into view.
    await voidViaPalette(page, { ...codes, transactionCode: freshTransactionCode() });
    const again = await waitForNotification(page, /SANDBOX-SIGNATURE-INVALID/, 20_000);
    await clickNotificationButton(page, again.text, 'Open Signature Debugger');
    const frame = debuggerFrame(page);
    await expect(frame.locator('#body')).toHaveValue(new RegExp(codes.invoiceCode), { timeout: 30_000 });
    await shot('debugger-before-paste');
    await frame.locator('#theirSignature').fill('0'.repeat(40));
    const verdict = frame.locator('#verdict');
    await expect(verdict).toBeVisible();
    await expect(verdict).toBeInViewport();
    await shot('debugger-verdict');
    await runCommand(page, 'View: Close All Editors');
    await clearNotifications(page);
  });

  test('Clear Credentials brings Local back to its demo key', async ({ page }) => {
    await startFromPlainWorkbench(page);
    await runCommand(page, 'Prakerja: Clear Credentials');
    await waitForQuickInputTitle(page, 'Clear Credentials');
    await pickQuickInputRow(page, 'Local sandbox');
    await waitForDialog(page);
    await clickDialogButton(page, 'Clear');
    await waitForNotification(page, 'Credentials for Local sandbox cleared.');
    await clearNotifications(page);
  });

  test('Show Output after a refused void: the "Next step" line is not under a toast, an earlier void\'s neither', async ({ page, shot }) => {
    test.setTimeout(90_000);
    await startFromPlainWorkbench(page);
    // A void, then another: the first one's toast is still shown when the second's Show Output is chosen.
    const first = freshTransactionCode();
    await voidViaPalette(page, { invoiceCode: `INV-UI-NEXT-${Date.now()}`, transactionCode: first });
    await waitForNotification(page, `${first}: Voided.`, 20_000);
    const codes = { invoiceCode: `INV-UI-NEXT-${Date.now()}`, transactionCode: 'TRX-PAID' };
    await voidViaPalette(page, codes);
    const sentence = 'TRX-PAID: ERRVOD40009';
    await waitForNotification(page, sentence, 20_000);
    await waitForToastsSettled(page, /^Voiding /);
    await clickNotificationButton(page, sentence, 'Show Output');
    await expectNextStepReadable(page);
    await shot('output-next-step');
    await clearNotifications(page);
  });
});
