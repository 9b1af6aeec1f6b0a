// What a new user tripped over (issue 16), as a person meets it: Set Credentials on the active Local sandbox, a
// signature refusal that offers the Signature Debugger (and the verdict brought into view there), and the output's
// raw_signature line that a wrap cannot make look like two.
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
});
