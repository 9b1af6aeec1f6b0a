// A person voids transactions from the command palette on the local sandbox: the two input boxes, the outcome
// toasts, the report in the Output panel, refusals explained, cancelling a slow void, and Production's confirmation.
// (Named user*.test.ts so these suites run after the sandbox suite, whose check needs the first activation.)
import { createHmac } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, test } from '../harness/fixtures';
import {
  clearNotifications,
  clickDialogButton,
  clickNotificationButton,
  closeQuickInput,
  expectEnterRefused,
  fillQuickInput,
  notificationButtons,
  notifications,
  notificationToast,
  pickQuickInputRow,
  quickInputState,
  retypeQuickInput,
  runCommand,
  setPanelMaximized,
  statusBarItem,
  viewRow,
  viewRows,
  waitForDialog,
  waitForNotification,
  waitForQuickInput,
  waitForQuickInputMessage,
  waitForQuickInputTitle,
  waitForToastsSettled,
} from '../harness/workbench';
import {
  debuggerFrame,
  freshTransactionCode,
  HISTORY_VIEW,
  lastReport,
  openHistoryView,
  selectEnvironment,
  startFromPlainWorkbench,
  todayCount,
  voidViaPalette,
} from './prakerja';

/** Clicks a button of the quick input's title bar (e.g. "Back"), found by the start of its label. */
async function clickQuickInputButton(page: Page, label: string): Promise<void> {
  await page.locator(`.quick-input-widget .quick-input-titlebar a.action-label[aria-label^="${label}"]`).click();
}

const DEMO_KEY = 'sandbox-sign-key';
const ENDPOINT = '/api/v1/integration/payment/void';

/** The codes of the last void sent, which the boxes offer next time. */
let last: { invoiceCode: string; transactionCode: string } | undefined;


async function expectNoKeyInPage(page: Page): Promise<void> {
  expect(!(await page.content()).includes(DEMO_KEY), 'the sign_key is in the workbench DOM').toBeTruthy();
}

// Each test starts from a plain workbench, so one failing does not fail the next.
test.describe('Void Transaction', () => {
  test('from the palette: two input boxes, a success toast, the report in Output', async ({ page, shot }) => {
    await startFromPlainWorkbench(page);
    const codes = { invoiceCode: `INV-UI-${Date.now()}`, transactionCode: freshTransactionCode() };

    await runCommand(page, 'Prakerja: Void Transaction', { beforeEnter: () => shot('palette') });
    await waitForQuickInputTitle(page, 'Void Transaction on Local sandbox (1/2)');
    let box = await quickInputState(page);
    expect(box.message.startsWith('invoice_code: '), `step 1 does not ask for the invoice_code: ${box.message}`).toBeTruthy();
    await retypeQuickInput(page, codes.invoiceCode);
    await shot('step-1-of-2');
    await page.keyboard.press('Enter');

    await waitForQuickInputTitle(page, 'Void Transaction on Local sandbox (2/2)');
    box = await quickInputState(page);
    expect(box.message.startsWith('transaction_code: '), `step 2 does not ask for the transaction_code: ${box.message}`).toBeTruthy();
    await page.locator('.quick-input-widget .quick-input-titlebar a.action-label[aria-label^="Back"]').waitFor({ state: 'visible' });
    await retypeQuickInput(page, codes.transactionCode);
    await shot('step-2-of-2');
    await page.keyboard.press('Enter');

    const toast = await waitForNotification(page, `${codes.transactionCode}: Voided`, 20_000);
    expect(toast.severity === 'info', `the success toast is ${toast.severity}: ${toast.text}`).toBeTruthy();
    expect(/^TRX-OK-\w+: Voided\. The server answered: ".+"$/.test(toast.text), `unexpected success text: ${toast.text}`).toBeTruthy();
    // A success has nothing for the Signature Debugger to explain: Show Output only.
    const buttons = await notificationButtons(page, 'Voided');
    expect(buttons.join('|') === 'Show Output', `the toast offers ${buttons.join(', ')}`).toBeTruthy();
    await waitForToastsSettled(page, /^Voiding /);
    await shot('success-notification');
    last = codes;

    await clickNotificationButton(page, 'Voided', 'Show Output');
    const report = await lastReport(page, codes.transactionCode);
    const text = report.join('\n');
    expect(/^━━ \S+ · Local sandbox · success ━━$/.test(report[0]!), `report header: ${report[0]}`).toBeTruthy();
    expect(report.some((l) => /^POST http:\/\/127\.0\.0\.1:\d+\/api\/v1\/integration\/payment\/void$/.test(l)), `no POST line:\n${text}`).toBeTruthy();
    const signature = report.map((l) => /^\s+signature: ([0-9a-f]{40})$/.exec(l)?.[1]).find(Boolean);
    expect(signature, `no "signature: <40 hex>" header line:\n${text}`).toBeTruthy();
    const body = JSON.stringify({ invoice_code: codes.invoiceCode, transaction_code: codes.transactionCode });
    expect(report.includes(`Body: ${body}`), `no body line ${body}:\n${text}`).toBeTruthy();
    // The raw_signature: a heading with its byte length, then the string as a JSON literal on its own line.
    const heading = report.findIndex((l) => /^raw_signature \(\d+ bytes, signed as one line\):$/.test(l));
    expect(heading >= 0 && /^ {4}".*"$/.test(report[heading + 1] ?? ''), `no quoted raw_signature line:\n${text}`).toBeTruthy();
    const raw = JSON.parse(report[heading + 1]!.trim()) as string;
    expect(report[heading], 'the byte length shown is not the raw_signature\'s').toContain(`(${Buffer.byteLength(raw)} bytes`);
    expect(raw && new RegExp(`^sandbox-client\\d{10}POST${ENDPOINT}`).test(raw) && raw.endsWith(body), `raw_signature line: ${raw}`).toBeTruthy();
    // The signature shown is the HMAC of the raw_signature shown: a person can check it by hand.
    expect(createHmac('sha1', DEMO_KEY).update(raw!, 'utf8').digest('hex') === signature, 'the signature shown is not the HMAC of the raw_signature shown').toBeTruthy();
    expect(report.some((l) => l.startsWith('Result: Voided.')), `no result line:\n${text}`).toBeTruthy();
    expect(!text.includes(DEMO_KEY), 'the sign_key is in the Output panel').toBeTruthy();
    await shot('output-report');
    await expectNoKeyInPage(page);
    await setPanelMaximized(page, false);
  });

  test('validation as you type, Back, and Escape (nothing sent, nothing lost)', async ({ page, shot }) => {
    await startFromPlainWorkbench(page);
    const before = await todayCount(page);
    await runCommand(page, 'Prakerja: Void Transaction');
    await waitForQuickInputTitle(page, '(1/2)');
    if (last) {
      const box = await quickInputState(page);
      expect(box.value === last.invoiceCode, `step 1 offers "${box.value}", not the last invoice_code ${last.invoiceCode}`).toBeTruthy();
    }

    // 128 characters are fine; the 129th is named as it is typed.
    await retypeQuickInput(page, '');
    await page.keyboard.insertText(`INV-${'X'.repeat(123)}`);
    await page.keyboard.type('Y');
    await waitForQuickInputMessage(page, /^invoice_code: the invoice/);
    await page.keyboard.type('Z');
    await waitForQuickInputMessage(page, 'invoice_code must be at most 128 characters; this one has 129.');
    expect((await quickInputState(page)).error, 'the box is not marked as an error').toBeTruthy();
    await shot('validation-too-long');
    await expectEnterRefused(page, 1, 'invoice_code must be at most 128 characters; this one has 129.', 'INV-PROBE');
    await page.keyboard.press('Backspace');
    await waitForQuickInputMessage(page, /^invoice_code: the invoice/);

    // Invisible characters: a zero-width space typed in the middle, and a tab pasted in.
    await retypeQuickInput(page, 'INV-');
    await page.keyboard.insertText('\u200b');
    await page.keyboard.type('1');
    await waitForQuickInputMessage(page, 'invoice_code contains an invisible or control character (such as a line break, tab or zero-width character) at position 5; remove it.');
    await shot('validation-control-character');
    await expectEnterRefused(page, 1, 'invoice_code contains an invisible or control character (such as a line break, tab or zero-width character) at position 5; remove it.', 'INV-PROBE');
    await fillQuickInput(page, 'A\tB');
    await waitForQuickInputMessage(page, /control character .* at position 2/);

    // Back on step 2 returns to step 1 with its value kept.
    await retypeQuickInput(page, 'INV-UI-BACK');
    await page.keyboard.press('Enter');
    await waitForQuickInputTitle(page, '(2/2)');
    await retypeQuickInput(page, 'TRX-OK-NOT-SENT');
    await clickQuickInputButton(page, 'Back');
    await waitForQuickInputTitle(page, '(1/2)');
    let box = await quickInputState(page);
    expect(box.value === 'INV-UI-BACK', `Back shows "${box.value}" in step 1, not the value entered`).toBeTruthy();
    await page.keyboard.press('Enter');
    await waitForQuickInputTitle(page, '(2/2)');

    // Escape cancels: no progress, no outcome, no history entry.
    const typed = (await quickInputState(page)).value;
    await page.keyboard.press('Escape');
    await expect(page.locator('.quick-input-widget')).toBeHidden();

    // Nothing typed is lost: the next Void offers what the boxes held when it was cancelled. That its boxes show
    // also tells that the extension host has handled the cancel (it gets the workbench's events in order), so
    // whatever the cancel led to has been shown by the time the toasts and the history are read below.
    await runCommand(page, 'Prakerja: Void Transaction');
    await waitForQuickInputTitle(page, '(1/2)');
    box = await quickInputState(page);
    expect(box.value === 'INV-UI-BACK', `after a cancel, step 1 offers "${box.value}", not the invoice_code entered (INV-UI-BACK)`).toBeTruthy();
    await page.keyboard.press('Enter');
    await waitForQuickInputTitle(page, '(2/2)');
    box = await quickInputState(page);
    expect(box.value === typed, `after a cancel, step 2 offers "${box.value}", not what it held (${typed})`).toBeTruthy();
    expect(await notifications(page), 'toasts after Escape').toEqual([]);
    await closeQuickInput(page);
    expect(await todayCount(page), 'history entries after Escape').toBe(before);
  });

  test('refusals are explained, with the Output one click away', async ({ page, shot }) => {
    test.setTimeout(90_000);
    await startFromPlainWorkbench(page);
    const invoiceCode = `INV-UI-ERR-${Date.now()}`;
    await voidViaPalette(page, { invoiceCode, transactionCode: 'TRX-PAID' });
    const sentence = 'TRX-PAID: ERRVOD40009: Prakerja has already paid the digital platform for this transaction.';
    const toast = await waitForNotification(page, sentence, 20_000);
    expect(toast.severity === 'error', `ERRVOD40009 is shown as ${toast.severity}`).toBeTruthy();
    expect(toast.text === sentence, `the toast says: ${toast.text}`).toBeTruthy();
    // A business-rule refusal: the signature was fine, so the debugger is not offered (it would point at the wrong cause).
    const buttons = await notificationButtons(page, sentence);
    expect(buttons.join('|') === 'Show Output', `the toast offers ${buttons.join(', ')}`).toBeTruthy();
    await waitForToastsSettled(page, /^Voiding /);
    await shot('error-notification');
    await clearNotifications(page);

    // More of the spec's codes, each in words; the Output adds the meaning and the next step.
    const cases: Array<[string, string]> = [
      ['TRX-REDEEMED', 'ERRVOD40004: The participant has already redeemed this training, so the purchase cannot be voided.'],
      ['TRX-OLD', 'ERRVOD40010: More than 2 days have passed since the purchase.'],
      ['TRX#INVALID', 'ERRVOD40001: The transaction_code is not valid: it is not in the format Prakerja issues.'],
      ['TRX-UNKNOWN', 'ERRPLT40401: No transaction with this transaction_code exists.'],
    ];
    for (const [index, [transactionCode, explanation]] of cases.entries()) {
      // Like a person reading each outcome: the pointer off the toasts, earlier toasts dismissed.
      await page.mouse.move(600, 300);
      if (index > 0) await clearNotifications(page);
      await voidViaPalette(page, { invoiceCode, transactionCode });
      const shown = await waitForNotification(page, `${transactionCode}: ${explanation}`, 20_000);
      expect(shown.severity, `${transactionCode} is shown as an error`).toBe('error');
    }
    await clickNotificationButton(page, 'ERRPLT40401', 'Show Output');
    await clearNotifications(page);
    const report = await lastReport(page, 'TRX-UNKNOWN');
    for (const line of [
      'Code: ERRPLT40401 — "Transaksi tidak ditemukan."',
      'Result: Refused by the server (HTTP 400).',
      'Meaning: No transaction with this transaction_code exists.',
      'Next step: Check that you are using the right environment and that the code belongs to your platform.',
    ]) {
      expect(report, `the report has "${line}"`).toContain(line);
    }
    expect(report[0], 'report header').toMatch(/^━━ \S+ · Local sandbox · ERRPLT40401 ━━$/);
    await shot('error-report');
    await setPanelMaximized(page, false);
    await clearNotifications(page);
  });

  test('a slow void can be cancelled, and is never sent twice at once', async ({ page, shot }) => {
    test.setTimeout(60_000);
    await startFromPlainWorkbench(page);
    const invoiceCode = `INV-UI-SLOW-${Date.now()}`;
    const codes = { invoiceCode, transactionCode: 'TRX-SLOW-20' };
    await voidViaPalette(page, codes);
    const progress = notificationToast(page, 'Voiding TRX-SLOW-20 on Local sandbox…');
    await progress.waitFor({ state: 'visible', timeout: 10_000 });
    expect((await notificationButtons(page, 'Voiding TRX-SLOW-20')).includes('Cancel'), 'the progress toast has no Cancel button').toBeTruthy();

    await openHistoryView(page);
    const row = viewRow(page, HISTORY_VIEW, invoiceCode);
    await row.filter({ hasText: 'sending…' }).waitFor({ timeout: 10_000 });

    // A second void of the same transaction while the first is in flight is refused.
    await voidViaPalette(page, codes);
    const warning = await waitForNotification(page, 'A void of TRX-SLOW-20 on Local sandbox is already in progress; wait for it or cancel it first.');
    expect(warning.severity === 'warning', `the double void is shown as ${warning.severity}`).toBeTruthy();
    await waitForToastsSettled(page);
    await shot('in-progress-with-cancel');

    await clickNotificationButton(page, 'Voiding TRX-SLOW-20', 'Cancel');
    const cancelled = await waitForNotification(page, 'TRX-SLOW-20: Cancelled. If the request had already left, the server may still have voided the transaction.');
    expect(cancelled.severity === 'warning', `the cancel is shown as ${cancelled.severity}`).toBeTruthy();
    await progress.waitFor({ state: 'detached', timeout: 10_000 });
    await row.filter({ hasText: 'cancelled' }).waitFor({ timeout: 10_000 });
    const rows = (await viewRows(page, HISTORY_VIEW)).filter((r) => r.includes(invoiceCode));
    expect(rows.length === 1, `the history lists ${rows.length} voids of ${invoiceCode}: ${rows.join(' | ')}`).toBeTruthy();
    expect(/^TRX-SLOW-20, invoice INV-UI-SLOW-\d+, Local sandbox, cancelled, /.test(rows[0]!), `history row: ${rows[0]}`).toBeTruthy();
    await waitForToastsSettled(page);
    await shot('cancelled');
    await clearNotifications(page);
  });

  test('Production: a warning colour, and a confirmation naming the URL and both codes', async ({ page, shot }) => {
    test.setTimeout(90_000);
    await startFromPlainWorkbench(page);
    const before = await todayCount(page);
    await selectEnvironment(page, 'Production');
    const status = statusBarItem(page, 'Prakerja: Production');
    expect(((await status.getAttribute('class')) ?? '').includes('warning-kind'), 'the Production status bar item is not in the warning colour').toBeTruthy();
    await shot('production-status-bar');

    const codes = { invoiceCode: `INV-UI-PROD-${Date.now()}`, transactionCode: freshTransactionCode('TRX-OK-PROD') };
    await voidViaPalette(page, codes, {
      beforeEnter: async (step) => {
        const { title } = await quickInputState(page);
        expect(title === `Void Transaction on Production (${step}/2)`, `the box is titled "${title}"`).toBeTruthy();
      },
    });
    // Without credentials for Production, the void first offers to set them (then goes on).
    const dialog = page.locator('.monaco-dialog-box');
    const noCredentials = notificationToast(page, 'No credentials are stored for Production');
    await dialog.or(noCredentials).first().waitFor({ timeout: 10_000 });
    if (await noCredentials.isVisible()) {
      expect((await notificationButtons(page, 'No credentials are stored for Production')).includes('Set Credentials'), 'no Set Credentials button').toBeTruthy();
      await clickNotificationButton(page, 'No credentials are stored for Production', 'Set Credentials');
      await waitForQuickInputTitle(page, 'Set Credentials for Production (1/2)');
      await retypeQuickInput(page, 'ui-production-client');
      await page.keyboard.press('Enter');
      await waitForQuickInputTitle(page, 'Set Credentials for Production (2/2)');
      expect((await quickInputState(page)).inputType === 'password', 'the sign_key box is not a password box').toBeTruthy();
      await page.keyboard.type('ui-production-sign-key');
      await page.keyboard.press('Enter');
    }

    const shown = await waitForDialog(page);
    expect(shown.message === 'Void this transaction in Production?', `the dialog asks: ${shown.message}`).toBeTruthy();
    for (const line of ['Environment: Production (https://api.prakerja.go.id)', `invoice_code: ${codes.invoiceCode}`, `transaction_code: ${codes.transactionCode}`, 'A void cannot be undone.']) {
      expect(shown.detail.split('\n').includes(line), `the dialog does not say "${line}":\n${shown.detail}`).toBeTruthy();
    }
    expect(shown.buttons.includes('Cancel') && shown.buttons.includes('Void in Production'), `the dialog offers ${shown.buttons.join(', ')}`).toBeTruthy();
    await shot('production-confirmation');
    await clickDialogButton(page, 'Cancel');

    // Leave no Production credentials behind. That the picker shows also tells that the extension host has handled
    // the Cancel (it gets the workbench's events in order): whatever the Cancel led to is on screen by now.
    await runCommand(page, 'Prakerja: Clear Credentials');
    await waitForQuickInput(page);
    const toasts = (await notifications(page)).filter((n) => n.text.includes(codes.transactionCode) || n.text.startsWith('Voiding'));
    expect(toasts, 'toasts about the void after Cancel').toEqual([]);
    await pickQuickInputRow(page, 'Production');
    const confirm = await waitForDialog(page);
    expect(confirm.text === 'Clear the stored credentials for Production?', `the dialog says: ${confirm.text}`).toBeTruthy();
    await clickDialogButton(page, 'Clear');
    await waitForNotification(page, 'Credentials for Production cleared.');
    await selectEnvironment(page, 'Local sandbox');
    expect(!((await statusBarItem(page, 'Prakerja: Local sandbox').getAttribute('class')) ?? '').includes('warning-kind'), 'the local sandbox is shown in the warning colour').toBeTruthy();
    expect(await todayCount(page), 'history entries after Cancel in the Production dialog').toBe(before);
    await clearNotifications(page);
  });
});
