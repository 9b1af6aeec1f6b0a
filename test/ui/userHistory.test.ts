// A person browses the Request History view in the Prakerja side bar: day groups, rows, hovers, the context menu
// (replay, debugger, details, response, cURL, delete), the filter and clearing it all.
// (Named user*.test.ts so these suites run after the sandbox suite, whose check needs the first activation.)
import type { FrameLocator, Page } from 'playwright-core';
import { keyFingerprint } from '../../src/core/signing/signing';
import { defineUiSuite } from '../harness/uiApi';
import {
  HISTORY_VIEW,
  clearNotifications,
  clickDialogButton,
  clickViewTitleAction,
  contextMenu,
  freshTransactionCode,
  historyEntries,
  hoverText,
  openHistoryView,
  pickQuickInputRow,
  quickInputState,
  runCommand,
  setSideBarWidth,
  startFromPlainWorkbench,
  viewPane,
  viewRow,
  viewRows,
  waitForViewTitleActions,
  voidViaPalette,
  waitForDialog,
  waitForNotification,
  waitForQuickInput,
  waitForQuickInputTitle,
  waitForToastsSettled,
  waitForViewRows,
} from '../harness/workbench';

const DEMO_KEY = 'sandbox-sign-key';
const ROW_MENU = ['Replay', 'Open in Signature Debugger', 'Show Details', 'Show Response', 'Copy as cURL', 'Delete'];

function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** This suite's requests: one success, one refusal, each with its own invoice_code. */
const run = Date.now();
const ok = { invoiceCode: `INV-H-OK-${run}`, transactionCode: freshTransactionCode('TRX-OK-H') };
const refused = { invoiceCode: `INV-H-PAID-${run}`, transactionCode: 'TRX-PAID' };

/** The rows before filtering. */
let unfiltered: string[] = [];

const row = (page: Page, invoiceCode: string) => viewRow(page, HISTORY_VIEW, invoiceCode).first();

function debuggerFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** The text of the active editor, line by line, in order. */
async function editorLines(page: Page): Promise<string[]> {
  return page.locator('.part.editor .editor-instance .monaco-editor .view-lines .view-line').evaluateAll((lines) =>
    lines
      .map((line) => ({ top: parseFloat((line as HTMLElement).style.top || '0'), text: (line.textContent ?? '').replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top)
      .map((line) => line.text),
  );
}

async function todayCount(page: Page): Promise<number> {
  const day = (await viewRows(page, HISTORY_VIEW)).find((r) => r.startsWith('Today'));
  return day ? Number(/(\d+) request/.exec(day)?.[1] ?? 0) : 0;
}

export default defineUiSuite({
  name: 'Request History',
  tests: [
    {
      name: 'the Prakerja icon opens it: "Today", then one row per request, newest first',
      async run({ page, screenshot }) {
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
        expect(/^Today \d+ request\(s\)$/.test(rows[0] ?? ''), `the first row is not the "Today" group: ${rows[0]}`);
        const entries = await historyEntries(page);
        const time = '\\d{1,2}:\\d{2}:\\d{2}( [AP]M)?';
        expect(new RegExp(`^TRX-PAID, invoice ${refused.invoiceCode}, Local sandbox, ERRVOD40009, ${time}$`).test(entries[0] ?? ''), `newest row: ${entries[0]}`);
        expect(new RegExp(`^${ok.transactionCode}, invoice ${ok.invoiceCode}, Local sandbox, success, ${time}$`).test(entries[1] ?? ''), `second row: ${entries[1]}`);
        // What the row shows: the transaction_code as its label; invoice · environment · outcome · time beside it.
        const shown = row(page, refused.invoiceCode);
        expect(((await shown.locator('.label-name').textContent()) ?? '').trim() === 'TRX-PAID', 'the row is not labelled with its transaction_code');
        const description = ((await shown.locator('.label-description').textContent()) ?? '').trim();
        expect(new RegExp(`^${refused.invoiceCode} · Local sandbox · ERRVOD40009 · ${time}$`).test(description), `row description: ${description}`);
        await screenshot('history-view');
      },
    },
    {
      name: 'a hover shows the request\'s details as text, without the sign_key',
      async run({ page, screenshot }) {
        await openHistoryView(page);
        const text = await hoverText(page, row(page, refused.invoiceCode).locator('.label-name'), 'Key fingerprint');
        for (const line of [
          'TRX-PAID',
          `invoice_code: ${refused.invoiceCode}`,
          'Environment: Local sandbox',
          'Outcome: ERRVOD40009',
          `Key fingerprint: ${keyFingerprint(DEMO_KEY)}`,
          'Gagal dibatalkan. Sudah dibayarkan ke digital platform untuk transaksi ini.',
        ]) {
          expect(text.includes(line), `the hover lacks "${line}": ${JSON.stringify(text)}`);
        }
        expect(/URL: http:\/\/127\.0\.0\.1:\d+\/api\/v1\/integration\/payment\/void/.test(text), `the hover has no URL:\n${text}`);
        expect(!text.includes(DEMO_KEY), 'the hover shows the sign_key');
        await screenshot('history-tooltip');
        await page.mouse.move(900, 600);
      },
    },
    {
      name: 'right-click: Replay, Signature Debugger, Details, Response, cURL, Delete',
      async run({ page, screenshot }) {
        await openHistoryView(page);
        const items = await contextMenu(page, row(page, refused.invoiceCode));
        expect(items.join('|') === ROW_MENU.join('|'), `the context menu offers: ${items.join(', ')}`);
        await screenshot('history-context-menu');
        await page.keyboard.press('Escape');
        await page.locator('.context-view .monaco-menu').waitFor({ state: 'hidden' });
      },
    },
    {
      name: 'Show Response opens the answer in a read-only JSON editor',
      async run({ page, screenshot }) {
        await openHistoryView(page);
        await contextMenu(page, row(page, refused.invoiceCode), 'Show Response');
        const tab = page.locator('.part.editor .tab.active');
        await tab.filter({ hasText: /^TRX-PAID-.*\.json/ }).waitFor({ timeout: 10_000 });
        const deadline = Date.now() + 10_000;
        let lines = await editorLines(page);
        while (!lines.some((l) => l.includes('"code": "ERRVOD40009"'))) {
          if (Date.now() > deadline) throw new Error(`the response editor shows:\n${lines.join('\n')}`);
          await page.waitForTimeout(200);
          lines = await editorLines(page);
        }
        expect(lines[0] === '{' && lines.some((l) => l.includes('"success": false')), `not the pretty-printed response:\n${lines.join('\n')}`);
        // Typing is refused, in VS Code's own words.
        await page.locator('.part.editor .editor-instance .monaco-editor .view-lines').first().click();
        await page.keyboard.type('x');
        await page.locator('.monaco-editor-overlaymessage').filter({ hasText: 'Cannot edit in read-only editor' }).waitFor({ timeout: 5_000 });
        expect((await editorLines(page)).join('\n') === lines.join('\n'), 'the read-only response changed');
        await page.waitForTimeout(300); // the message fades in
        await screenshot('response-read-only');
      },
    },
    {
      name: 'Show Details, and Open in Signature Debugger on the request',
      async run({ page, screenshot }) {
        await openHistoryView(page);
        await contextMenu(page, row(page, refused.invoiceCode), 'Show Details');
        const deadline = Date.now() + 10_000;
        let text = '';
        while (!text.includes('"request"') || !text.includes(refused.invoiceCode)) {
          if (Date.now() > deadline) throw new Error(`the details editor shows:\n${text}`);
          await page.waitForTimeout(200);
          text = (await editorLines(page)).join('\n');
        }
        expect(!text.includes(DEMO_KEY), 'the details show the sign_key');

        await contextMenu(page, row(page, refused.invoiceCode), 'Open in Signature Debugger');
        const frame = debuggerFrame(page);
        const body = JSON.stringify({ invoice_code: refused.invoiceCode, transaction_code: 'TRX-PAID' });
        const until = Date.now() + 20_000;
        while ((await frame.locator('#body').inputValue({ timeout: 1_000 }).catch(() => '')) !== body) {
          if (Date.now() > until) throw new Error(`the debugger does not show the request's body ${body}`);
          await page.waitForTimeout(200);
        }
        await frame.locator('#signature').filter({ hasText: /^[0-9a-f]{40}$/ }).waitFor({ timeout: 10_000 });
        await screenshot('debugger-from-history');
        await runCommand(page, 'View: Close All Editors');
      },
    },
    {
      name: 'Copy as cURL: the request as sent, without the sign_key',
      async run({ page, screenshot }) {
        await openHistoryView(page);
        await clearNotifications(page);
        await contextMenu(page, row(page, refused.invoiceCode), 'Copy as cURL');
        const toast = await waitForNotification(page, 'cURL command copied');
        expect(toast.severity === 'info', `the copy is reported as ${toast.severity}`);
        const curl = await page.evaluate(() => navigator.clipboard.readText());
        expect(/^curl --request POST 'http:\/\/127\.0\.0\.1:\d+\/api\/v1\/integration\/payment\/void'/.test(curl), `clipboard: ${curl}`);
        expect(/--header 'signature: [0-9a-f]{40}'/.test(curl) && curl.includes("--header 'client_code: sandbox-client'"), `clipboard: ${curl}`);
        expect(curl.includes(`--data-raw '${JSON.stringify({ invoice_code: refused.invoiceCode, transaction_code: 'TRX-PAID' })}'`), `clipboard: ${curl}`);
        expect(!curl.includes(DEMO_KEY), 'the cURL command holds the sign_key');
        await waitForToastsSettled(page);
        await screenshot('copied-as-curl');
        await clearNotifications(page);
      },
    },
    {
      name: 'Replay sends the void again; Delete removes a row',
      async run({ page }) {
        await openHistoryView(page);
        const before = await todayCount(page);
        // The row's inline Replay button appears under the pointer.
        await row(page, refused.invoiceCode).hover();
        await row(page, refused.invoiceCode).locator('a.action-label[aria-label^="Replay"]').click();
        await waitForNotification(page, 'TRX-PAID: ERRVOD40009', 20_000);
        await waitForViewRows(page, HISTORY_VIEW, (r) => r.filter((x) => x.includes(refused.invoiceCode)).length === 2, 'the replayed request');
        expect((await todayCount(page)) === before + 1, 'Replay did not add one request');
        await clearNotifications(page);

        await contextMenu(page, row(page, ok.invoiceCode), 'Delete');
        await waitForViewRows(page, HISTORY_VIEW, (r) => !r.some((x) => x.includes(ok.invoiceCode)), `no row of ${ok.invoiceCode}`);
        expect((await todayCount(page)) === before, 'Delete did not remove one request');
      },
    },
    {
      name: 'Filter… in the title bar opens the filter after a row was used',
      async run({ page }) {
        await openHistoryView(page);
        // A row has the focus (it was right-clicked above), as it usually has.
        await row(page, refused.invoiceCode).click();
        await runCommand(page, 'View: Close All Editors');
        await clickViewTitleAction(page, HISTORY_VIEW, 'Filter…');
        const opened = await waitForQuickInput(page, 3_000).then(
          () => true,
          () => false,
        );
        expect(opened, 'clicking Filter… in the view title did nothing (the focused tree item reached the command as its argument and was taken for a filter)');
        await page.keyboard.press('Escape');
      },
    },
    {
      name: 'filter by "Refused by the API": only refused requests',
      async run({ page, screenshot }) {
        await openHistoryView(page);
        unfiltered = await viewRows(page, HISTORY_VIEW);
        // The palette entry, so this check does not depend on the title button above.
        await runCommand(page, 'Prakerja: Filter…');
        await waitForQuickInput(page);
        const placeholder = (await page.locator('.quick-input-widget input.input').getAttribute('placeholder')) ?? '';
        expect(placeholder.startsWith('Show only requests that match'), `filter placeholder: ${placeholder}`);
        await pickQuickInputRow(page, 'Refused by the API');
        await screenshot('filter-pick');
        await page.locator('.quick-input-widget .quick-input-action .monaco-button', { hasText: 'OK' }).click();
        await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
        const entries = await waitForViewRows(page, HISTORY_VIEW, (r) => !r.some((x) => /, (success|cancelled), /.test(x)) && r.some((x) => x.includes(refused.invoiceCode)), 'only refused requests');
        expect(entries.every((x) => !/, success, /.test(x)), `a success is listed: ${entries.join(' | ')}`);
        await waitForViewTitleActions(page, HISTORY_VIEW, (a) => a.includes('Clear Filter') && !a.includes('Filter…'), '"Clear Filter" instead of "Filter…"');
        await screenshot('history-filtered');
      },
    },
    {
      name: 'a filtered view says so on screen',
      async run({ page }) {
        await openHistoryView(page);
        // Whatever the wording (a view description, a message above the tree), the filter is named on screen.
        const visible = page.locator('.part.sidebar').getByText(/Refused by the API/);
        const seen = await visible.filter({ visible: true }).first().waitFor({ state: 'visible', timeout: 3_000 }).then(
          () => true,
          () => false,
        );
        expect(seen, 'nothing on screen says the history is filtered');
      },
    },
    {
      name: 'Clear Filter lists every request again',
      async run({ page }) {
        await openHistoryView(page);
        await clickViewTitleAction(page, HISTORY_VIEW, 'Clear Filter');
        await waitForViewRows(page, HISTORY_VIEW, (r) => r.length === unfiltered.length, `${unfiltered.length} rows, as before filtering`);
        await waitForViewTitleActions(page, HISTORY_VIEW, (a) => a.includes('Filter…') && !a.includes('Clear Filter'), '"Filter…" again');
      },
    },
    {
      name: 'Clear History asks first, then shows the welcome text',
      async run({ page, screenshot }) {
        await openHistoryView(page);
        const before = await todayCount(page);
        await clickViewTitleAction(page, HISTORY_VIEW, 'Clear History');
        const dialog = await waitForDialog(page);
        expect(dialog.message === 'Delete every entry of the request history?' && dialog.detail === 'This cannot be undone.', `the dialog says: ${dialog.text}`);
        expect(dialog.buttons.includes('Cancel') && dialog.buttons.includes('Clear History'), `the dialog offers ${dialog.buttons.join(', ')}`);
        await screenshot('clear-history-dialog');
        await clickDialogButton(page, 'Cancel');
        await page.waitForTimeout(300);
        expect((await todayCount(page)) === before, 'Cancel deleted requests');

        await clickViewTitleAction(page, HISTORY_VIEW, 'Clear History');
        await waitForDialog(page);
        await clickDialogButton(page, 'Clear History');
        const welcome = viewPane(page, HISTORY_VIEW).locator('.welcome-view-content');
        await welcome.waitFor({ state: 'visible', timeout: 10_000 });
        const text = await welcome.innerText();
        expect(text.startsWith('No requests yet. The local sandbox works with nothing to set up: void transaction_code TRX-OK-001 to try it.'), `welcome text: ${text}`);
        const buttons = (await welcome.locator('.monaco-button').allTextContents()).map((b) => b.trim());
        expect(buttons.join('|') === 'Void a Transaction|Set Credentials|Start Local Sandbox', `welcome buttons: ${buttons.join(', ')}`);
        await screenshot('history-welcome');
        // Its first button starts a void.
        await welcome.locator('.monaco-button', { hasText: 'Void a Transaction' }).click();
        await waitForQuickInputTitle(page, '(1/2)');
        expect((await quickInputState(page)).title === 'Void Transaction on Local sandbox (1/2)', 'the welcome button did not start a void');
        await page.keyboard.press('Escape');
        await setSideBarWidth(page, 300);
      },
    },
  ],
});
