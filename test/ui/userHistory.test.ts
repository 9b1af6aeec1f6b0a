// A person browses the Request History view in the Prakerja side bar: day groups, rows, hovers, the context menu
// (replay, debugger, details, response, cURL, delete), the filter and clearing it all.
// (Named user*.test.ts so these suites run after the sandbox suite, whose check needs the first activation.)
import type { Locator, Page } from '@playwright/test';
import { keyFingerprint } from '../../src/core/signing/signing';
import { expect, test } from '../harness/fixtures';
import {
  clearNotifications,
  clickDialogButton,
  exactly,
  hoverText,
  pickQuickInputRow,
  quickInputState,
  rowsOf,
  runCommand,
  viewPane,
  viewRow,
  viewRows,
  waitForDialog,
  waitForNotification,
  waitForQuickInput,
  waitForQuickInputTitle,
  waitForToastsSettled,
  waitForViewRows,
} from '../harness/workbench';
import {
  clickViewTitleAction,
  contextMenu,
  waitForViewTitleActions,
  debuggerFrame,
  freshTransactionCode,
  HISTORY_VIEW,
  openHistoryView,
  startFromPlainWorkbench,
  voidViaPalette,
} from './prakerja';

/** Drags the sash between the side bar and the editor so the side bar is `width` pixels wide. */
async function setSideBarWidth(page: Page, width: number): Promise<void> {
  const sidebar = page.locator('.part.sidebar');
  const box = await sidebar.boundingBox();
  if (!box || Math.abs(box.width - width) < 4) return;
  const [x, y] = [box.x + box.width, box.y + box.height / 2];
  await page.mouse.move(x - 1, y);
  await page.mouse.down();
  await page.mouse.move(x + (width - box.width) / 2, y, { steps: 4 });
  await page.mouse.move(box.x + width, y, { steps: 4 });
  await page.mouse.up();
  await expect.poll(async () => Math.abs(((await sidebar.boundingBox())?.width ?? 0) - width)).toBeLessThan(8);
}

/** The text of the active editor, line by line, in order. */
async function editorLines(page: Page): Promise<string[]> {
  return (await rowsOf(page.locator('.part.editor .editor-instance .monaco-editor .view-lines .view-line'))).map((r) => r.text);
}

/** The request rows of the history view (day rows left out): their accessible labels. */
export async function historyEntries(page: Page): Promise<string[]> {
  return (await viewRows(page, HISTORY_VIEW)).filter((row) => !/^(Today|Yesterday)\b|\b(1 request|\d+\+? requests)$/.test(row));
}

const DEMO_KEY = 'sandbox-sign-key';
const ROW_MENU = ['Replay', 'Open in Signature Debugger', 'Show Details', 'Show Response', 'Copy as cURL', 'Delete'];


/** This suite's requests: one success, one refusal, each with its own invoice_code. */
const run = Date.now();
const ok = { invoiceCode: `INV-H-OK-${run}`, transactionCode: freshTransactionCode('TRX-OK-H') };
const refused = { invoiceCode: `INV-H-PAID-${run}`, transactionCode: 'TRX-PAID' };

/** The rows before filtering. */
let unfiltered: string[] = [];

const row = (page: Page, invoiceCode: string) => viewRow(page, HISTORY_VIEW, invoiceCode).first();


async function todayCount(page: Page): Promise<number> {
  const day = (await viewRows(page, HISTORY_VIEW)).find((r) => r.startsWith('Today'));
  return day ? Number(/(\d+) request/.exec(day)?.[1] ?? 0) : 0;
}

test.describe.serial('Request History', () => {
  test('the Prakerja icon opens it: "Today", then one row per request, newest first', async ({ page, shot }) => {
    await startFromPlainWorkbench(page);
    await openHistoryView(page);
    await setSideBarWidth(page, 560);
    // A void from the view's own title bar, and one from the palette.
    await clickViewTitleAction(page, HISTORY_VIEW, 'Void Transaction');
    await waitForQuickInputTitle(page, 'Void Transaction on Local sandbox (1/2)');
    await page.keyboard.press('Escape');
    await voidViaPalette(page, ok);
    await waitForNotification(page, `${ok.transactionCode}: Voided`, 20_000);
    await voidViaPalette(page, refused);
    await waitForNotification(page, 'TRX-PAID: ERRVOD40009', 20_000);
    await clearNotifications(page);

    const rows = await waitForViewRows(page, HISTORY_VIEW, (r) => r.some((x) => x.includes(refused.invoiceCode)) && r.some((x) => x.includes(ok.invoiceCode)), 'both requests');
    expect(/^Today (1 request|\d+ requests)$/.test(rows[0] ?? ''), `the first row is not the "Today" group: ${rows[0]}`).toBeTruthy();
    const entries = await historyEntries(page);
    const time = '\\d{1,2}:\\d{2}:\\d{2}( [AP]M)?';
    expect(new RegExp(`^TRX-PAID, invoice ${refused.invoiceCode}, Local sandbox, ERRVOD40009, ${time}$`).test(entries[0] ?? ''), `newest row: ${entries[0]}`).toBeTruthy();
    expect(new RegExp(`^${ok.transactionCode}, invoice ${ok.invoiceCode}, Local sandbox, success, ${time}$`).test(entries[1] ?? ''), `second row: ${entries[1]}`).toBeTruthy();
    // What the row shows: the outcome as its label; transaction_code · time · invoice · environment beside it.
    const shown = row(page, refused.invoiceCode);
    expect(((await shown.locator('.label-name').textContent()) ?? '').trim() === 'ERRVOD40009', 'the row is not labelled with its outcome').toBeTruthy();
    const description = ((await shown.locator('.label-description').textContent()) ?? '').trim();
    expect(new RegExp(`^TRX-PAID · ${time} · ${refused.invoiceCode} · Local sandbox$`).test(description), `row description: ${description}`).toBeTruthy();
    await shot('history-view-wide');
    // At the default side bar width the outcome stays whole: the row's end is what gets cut.
    await setSideBarWidth(page, 300);
    const label = row(page, refused.invoiceCode).locator('.label-name');
    await expect(label).toHaveText('ERRVOD40009');
    const cut = await label.evaluate((e) => e.scrollWidth > e.clientWidth + 1);
    expect(cut, 'the outcome is cut off in a narrow side bar').toBe(false);
    await shot('history-view');
    await setSideBarWidth(page, 560);
  });

  test('a hover shows the request\'s details as text, without the sign_key', async ({ page, shot }) => {
    await openHistoryView(page);
    const text = await hoverText(page, row(page, refused.invoiceCode).locator('.label-name'), 'Key fingerprint');
    for (const line of [
      'TRX-PAID',
      `invoice_code: ${refused.invoiceCode}`,
      'Environment: Local sandbox',
      'Outcome: ERRVOD40009',
      `Key fingerprint: ${keyFingerprint(DEMO_KEY)}`,
      'Code: ERRVOD40009',
      'Meaning: Prakerja has already paid the digital platform for this transaction.',
      'Server message: Gagal dibatalkan. Sudah dibayarkan ke digital platform untuk transaksi ini.',
    ]) {
      expect(text.includes(line), `the hover lacks "${line}": ${JSON.stringify(text)}`).toBeTruthy();
    }
    expect(/URL: http:\/\/127\.0\.0\.1:\d+\/api\/v1\/integration\/payment\/void/.test(text), `the hover has no URL:\n${text}`).toBeTruthy();
    expect(!text.includes(DEMO_KEY), 'the hover shows the sign_key').toBeTruthy();
    await shot('history-tooltip');
    await page.mouse.move(900, 600);
  });

  test('right-click: Replay, Signature Debugger, Details, Response, cURL, Delete', async ({ page, shot }) => {
    await openHistoryView(page);
    const items = await contextMenu(page, row(page, refused.invoiceCode));
    expect(items.join('|') === ROW_MENU.join('|'), `the context menu offers: ${items.join(', ')}`).toBeTruthy();
    await shot('history-context-menu');
    await page.keyboard.press('Escape');
    await page.locator('.context-view .monaco-menu').waitFor({ state: 'hidden' });
  });

  test('Show Response opens the answer in a read-only JSON editor', async ({ page, shot }) => {
    await openHistoryView(page);
    await contextMenu(page, row(page, refused.invoiceCode), 'Show Response');
    const tab = page.locator('.part.editor .tab.active');
    await tab.filter({ hasText: /^TRX-PAID-.*\.json/ }).waitFor({ timeout: 10_000 });
    let lines: string[] = [];
    await expect.poll(async () => (lines = await editorLines(page)).join('\n'), { message: 'the response editor shows the answer' }).toContain('"code": "ERRVOD40009"');
    expect(lines[0] === '{' && lines.some((l) => l.includes('"success": false')), `not the pretty-printed response:\n${lines.join('\n')}`).toBeTruthy();
    // Typing is refused, in VS Code's own words.
    await page.locator('.part.editor .editor-instance .monaco-editor .view-lines').first().click();
    await page.keyboard.type('x');
    await page.locator('.monaco-editor-overlaymessage').filter({ hasText: 'Cannot edit in read-only editor' }).waitFor({ timeout: 5_000 });
    expect((await editorLines(page)).join('\n') === lines.join('\n'), 'the read-only response changed').toBeTruthy();
    await shot('response-read-only');
  });

  test('Show Details, and Open in Signature Debugger on the request', async ({ page, shot }) => {
    await openHistoryView(page);
    await contextMenu(page, row(page, refused.invoiceCode), 'Show Details');
    let text = '';
    await expect
      .poll(async () => (text = (await editorLines(page)).join('\n')).includes('## Request') && text.includes(refused.invoiceCode), { message: 'the details editor shows the request' })
      .toBe(true);
    // A person's view of the exchange, in Markdown: not the storage record.
    await expect(page.locator('.part.editor .tab.active')).toContainText(/TRX-PAID-.*-details\.md/);
    for (const line of ['# Void of TRX-PAID: ERRVOD40009', '- **Meaning:** Prakerja has already paid', '- **Next step:** ', 'raw_signature (']) {
      expect(text.includes(line), `the details lack "${line}":\n${text}`).toBeTruthy();
    }
    expect(!text.includes('"kind"') && !text.includes('"v": 1'), `the details show the storage record:\n${text}`).toBeTruthy();
    await shot('history-details');
    expect(!text.includes(DEMO_KEY), 'the details show the sign_key').toBeTruthy();

    await contextMenu(page, row(page, refused.invoiceCode), 'Open in Signature Debugger');
    const frame = debuggerFrame(page);
    const body = JSON.stringify({ invoice_code: refused.invoiceCode, transaction_code: 'TRX-PAID' });
    await expect(frame.locator('#body'), "the debugger shows the request's body").toHaveValue(body, { timeout: 20_000 });
    await frame.locator('#signature').filter({ hasText: /^[0-9a-f]{40}$/ }).waitFor({ timeout: 10_000 });
    await shot('debugger-from-history');
    await runCommand(page, 'View: Close All Editors');
  });

  test('Copy as cURL: the request as sent, without the sign_key', async ({ page, shot }) => {
    await openHistoryView(page);
    await clearNotifications(page);
    await contextMenu(page, row(page, refused.invoiceCode), 'Copy as cURL');
    const toast = await waitForNotification(page, 'cURL command copied');
    expect(toast.severity === 'info', `the copy is reported as ${toast.severity}`).toBeTruthy();
    expect(toast.text, 'the toast is short enough to be read whole').toBe('cURL command copied (without the sign_key).');
    await shot('curl-copied');
    const curl = await page.evaluate(() => navigator.clipboard.readText());
    expect(/^curl --request POST 'http:\/\/127\.0\.0\.1:\d+\/api\/v1\/integration\/payment\/void'/.test(curl), `clipboard: ${curl}`).toBeTruthy();
    expect(/--header 'signature: [0-9a-f]{40}'/.test(curl) && curl.includes("--header 'client_code: sandbox-client'"), `clipboard: ${curl}`).toBeTruthy();
    expect(curl.includes(`--data-raw '${JSON.stringify({ invoice_code: refused.invoiceCode, transaction_code: 'TRX-PAID' })}'`), `clipboard: ${curl}`).toBeTruthy();
    expect(!curl.includes(DEMO_KEY), 'the cURL command holds the sign_key').toBeTruthy();
    await waitForToastsSettled(page);
    await shot('copied-as-curl');
    await clearNotifications(page);
  });

  test('Replay sends the void again; Delete removes a row', async ({ page }) => {
    await openHistoryView(page);
    const before = await todayCount(page);
    // The row's inline Replay button appears under the pointer.
    await row(page, refused.invoiceCode).hover();
    await row(page, refused.invoiceCode).locator('a.action-label[aria-label^="Replay"]').click();
    await waitForNotification(page, 'TRX-PAID: ERRVOD40009', 20_000);
    await waitForViewRows(page, HISTORY_VIEW, (r) => r.filter((x) => x.includes(refused.invoiceCode)).length === 2, 'the replayed request');
    expect((await todayCount(page)) === before + 1, 'Replay did not add one request').toBeTruthy();
    await clearNotifications(page);

    await contextMenu(page, row(page, ok.invoiceCode), 'Delete');
    await waitForViewRows(page, HISTORY_VIEW, (r) => !r.some((x) => x.includes(ok.invoiceCode)), `no row of ${ok.invoiceCode}`);
    expect((await todayCount(page)) === before, 'Delete did not remove one request').toBeTruthy();
  });

  test('Filter… in the title bar opens the filter after a row was used', async ({ page }) => {
    await openHistoryView(page);
    // A row has the focus (it was right-clicked above), as it usually has.
    await row(page, refused.invoiceCode).click();
    await runCommand(page, 'View: Close All Editors');
    await clickViewTitleAction(page, HISTORY_VIEW, 'Filter…');
    const opened = await waitForQuickInput(page, 3_000).then(
      () => true,
      () => false,
    );
    expect(opened, 'clicking Filter… in the view title did nothing (the focused tree item reached the command as its argument and was taken for a filter)').toBeTruthy();
    await page.keyboard.press('Escape');
  });

  test('filter by "Refused by the API": only refused requests', async ({ page, shot }) => {
    await openHistoryView(page);
    unfiltered = await viewRows(page, HISTORY_VIEW);
    // The palette entry, so this check does not depend on the title button above.
    await runCommand(page, 'Prakerja: Filter…');
    await waitForQuickInput(page);
    const placeholder = (await page.locator('.quick-input-widget input.input').getAttribute('placeholder')) ?? '';
    expect(placeholder.startsWith('Show only requests that match'), `filter placeholder: ${placeholder}`).toBeTruthy();
    await pickQuickInputRow(page, 'Refused by the API');
    await shot('filter-pick');
    await page.locator('.quick-input-widget .quick-input-action .monaco-button', { hasText: 'OK' }).click();
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    const entries = await waitForViewRows(page, HISTORY_VIEW, (r) => !r.some((x) => /, (success|cancelled), /.test(x)) && r.some((x) => x.includes(refused.invoiceCode)), 'only refused requests');
    expect(entries.every((x) => !/, success, /.test(x)), `a success is listed: ${entries.join(' | ')}`).toBeTruthy();
    await waitForViewTitleActions(page, HISTORY_VIEW, (a) => a.includes('Clear Filter') && !a.includes('Filter…'), '"Clear Filter" instead of "Filter…"');
    await shot('history-filtered');
  });

  test('a filtered view says so on screen', async ({ page }) => {
    await openHistoryView(page);
    // Whatever the wording (a view description, a message above the tree), the filter is named on screen.
    const visible = page.locator('.part.sidebar').getByText(/Refused by the API/);
    const seen = await visible.filter({ visible: true }).first().waitFor({ state: 'visible', timeout: 3_000 }).then(
      () => true,
      () => false,
    );
    expect(seen, 'nothing on screen says the history is filtered').toBeTruthy();
  });

  test('Clear Filter lists every request again', async ({ page }) => {
    await openHistoryView(page);
    await clickViewTitleAction(page, HISTORY_VIEW, 'Clear Filter');
    await waitForViewRows(page, HISTORY_VIEW, (r) => r.length === unfiltered.length, `${unfiltered.length} rows, as before filtering`);
    await waitForViewTitleActions(page, HISTORY_VIEW, (a) => a.includes('Filter…') && !a.includes('Clear Filter'), '"Filter…" again');
  });

  test('Clear History asks first, then shows the welcome text', async ({ page, shot }) => {
    await openHistoryView(page);
    const before = await todayCount(page);
    await clickViewTitleAction(page, HISTORY_VIEW, 'Clear History');
    const dialog = await waitForDialog(page);
    expect(dialog.message === 'Delete every entry of the request history?' && dialog.detail === 'This cannot be undone.', `the dialog says: ${dialog.text}`).toBeTruthy();
    expect(dialog.buttons.includes('Cancel') && dialog.buttons.includes('Clear History'), `the dialog offers ${dialog.buttons.join(', ')}`).toBeTruthy();
    await shot('clear-history-dialog');
    await clickDialogButton(page, 'Cancel');

    // The dialog showing again also tells that the extension host has handled the Cancel (it gets the workbench's
    // events in order, and refreshes the view before it asks again): what the Cancel led to is on screen by now.
    await clickViewTitleAction(page, HISTORY_VIEW, 'Clear History');
    await waitForDialog(page);
    expect(await todayCount(page), 'requests after Cancel').toBe(before);
    await clickDialogButton(page, 'Clear History');
    const welcome = viewPane(page, HISTORY_VIEW).locator('.welcome-view-content');
    await welcome.waitFor({ state: 'visible', timeout: 10_000 });
    const text = await welcome.innerText();
    expect(text.startsWith('No requests yet. The local sandbox works with nothing to set up: void transaction_code TRX-OK-001 to try it.'), `welcome text: ${text}`).toBeTruthy();
    const buttons = (await welcome.locator('.monaco-button').allTextContents()).map((b) => b.trim());
    expect(buttons.join('|') === 'Void a Transaction|Set Credentials|Start Local Sandbox', `welcome buttons: ${buttons.join(', ')}`).toBeTruthy();
    await shot('history-welcome');
    // Its first button starts a void.
    await welcome.locator('.monaco-button', { hasText: 'Void a Transaction' }).click();
    await waitForQuickInputTitle(page, '(1/2)');
    expect((await quickInputState(page)).title === 'Void Transaction on Local sandbox (1/2)', 'the welcome button did not start a void').toBeTruthy();
    await page.keyboard.press('Escape');
    await setSideBarWidth(page, 300);
  });
});
