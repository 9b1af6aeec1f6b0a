// A person sends requests to endpoints other than Void: "Prakerja: Send Signed Request" from the palette (pick an
// endpoint or type a path, edit the body in the editor that opens, send it from the CodeLens or the editor's title
// bar; a recent body is offered again; a body that is not JSON is refused), and Send in the Signature Debugger (the
// response in the panel). Screenshots light and dark go to docs/screenshots/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { expect, test } from '../harness/fixtures';
import {
  clearNotifications,
  exactly,
  fillQuickInput,
  pickQuickInputRow,
  quickInputState,
  runCommand,
  viewRows,
  waitForNotification,
  waitForQuickInput,
  waitForQuickInputMessage,
  waitForToastsSettled,
} from '../harness/workbench';
import { debuggerFrame, HISTORY_VIEW, openHistoryView, startFromPlainWorkbench } from './prakerja';

const NOT_SIMULATED = 'Signature accepted; this endpoint is not simulated here (the local sandbox simulates only Void).';
const STATUS = '/api/v1/integration/payment/status';
const REPO_ROOT = path.join(__dirname, '..', '..');

type Theme = 'Dark Modern' | 'Light Modern';
const WORKBENCH_KIND: Record<Theme, string> = { 'Dark Modern': 'vs-dark', 'Light Modern': 'vs' };

/** Ctrl+K Ctrl+T, the theme's name, Enter; done when the workbench has the theme's kind. */
async function setTheme(page: Page, theme: Theme): Promise<void> {
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+T');
  const widget = await waitForQuickInput(page);
  await page.keyboard.type(theme);
  await expect(widget.locator('.monaco-list-row.focused')).toContainText(theme);
  await page.keyboard.press('Enter');
  await expect(widget).toBeHidden();
  await expect(page.locator('.monaco-workbench')).toHaveClass(new RegExp(`\\b${WORKBENCH_KIND[theme]}\\b`));
}

/** Closes the toasts that are not about our request (code-server's "port is available", say), for a clean picture. */
async function closeOtherToasts(page: Page, ours: string): Promise<void> {
  const others = page.locator('.notifications-toasts .notification-list-item').filter({ hasNotText: ours });
  while ((await others.count()) > 0) {
    const before = await others.count();
    await others.first().hover();
    await others.first().locator('.codicon-notifications-clear').click();
    await expect(others).toHaveCount(before - 1);
  }
}

/** A screenshot in the test's output and, as the documentation's picture, in docs/screenshots/<name>.png. */
async function docShot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled' });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
  fs.mkdirSync(path.join(REPO_ROOT, 'docs', 'screenshots'), { recursive: true });
  fs.copyFileSync(file, path.join(REPO_ROOT, 'docs', 'screenshots', `${name}.png`));
}

const activeEditor = (page: Page) => page.locator('.part.editor .editor-group-container.active .monaco-editor').first();
const codeLens = (page: Page) => activeEditor(page).locator('.codelens-decoration a', { hasText: 'Send Signed Request' });

/** The active editor's text as shown (its lines joined, non-breaking spaces as spaces). */
const editorText = async (page: Page) => ((await activeEditor(page).locator('.view-lines').textContent()) ?? '').replace(/\u00a0/g, ' ');

/** Replaces the active editor's text with one line, as a paste does (no auto-closing of quotes and brackets). */
async function replaceBody(page: Page, text: string): Promise<void> {
  await activeEditor(page).locator('.view-lines').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
  await expect.poll(() => editorText(page), { message: 'the editor holds the body typed' }).toBe(text);
}

/** The palette command up to its editor: the endpoint row (a label), then, when recent bodies exist, `body`. */
async function openRequest(page: Page, endpointLabel: string, body?: string | RegExp): Promise<void> {
  await runCommand(page, 'Prakerja: Send Signed Request');
  await waitForQuickInput(page);
  expect((await quickInputState(page)).title).toBe('Send Signed Request on Local sandbox');
  await fillQuickInput(page, endpointLabel);
  await pickQuickInputRow(page, exactly(endpointLabel));
  if (body !== undefined) {
    await waitForQuickInput(page);
    await pickQuickInputRow(page, body);
  }
  await expect(codeLens(page)).toBeVisible({ timeout: 15_000 });
}

/** Closes every editor without saving: the request bodies are untitled. */
async function revertAndCloseAll(page: Page): Promise<void> {
  const tabs = page.locator('.part.editor .tabs-container .tab');
  while ((await tabs.count()) > 0) {
    const before = await tabs.count();
    await runCommand(page, 'View: Revert and Close Editor');
    await expect(tabs).toHaveCount(before - 1);
  }
}

test.describe.serial('Send Signed Request and Send in the debugger', () => {
  test.beforeAll(async ({ workbench }) => {
    await startFromPlainWorkbench(workbench.page);
  });

  test.afterAll(async ({ workbench }) => {
    await setTheme(workbench.page, 'Dark Modern');
    await revertAndCloseAll(workbench.page);
    await clearNotifications(workbench.page);
  });

  test('from the palette: pick payment/status, edit the template, send it from the CodeLens; the outcome says signature accepted', async ({ page }, testInfo) => {
    await openRequest(page, 'payment/status');
    await expect(codeLens(page)).toHaveText(`Send Signed Request: POST ${STATUS} on Local sandbox`);
    // The template has the field the spec shows.
    await expect(activeEditor(page).locator('.view-lines')).toContainText('"invoice_code": "INV-2026-0001"');
    const invoice = `INV-UI-SIGNED-${Date.now()}`;
    await replaceBody(page, `{ "invoice_code": "${invoice}" }`);
    await codeLens(page).click();
    const shown = await waitForNotification(page, `payment/status: ${NOT_SIMULATED}`);
    expect(shown.severity).toBe('info');
    await waitForToastsSettled(page);
    await setTheme(page, 'Light Modern');
    await closeOtherToasts(page, NOT_SIMULATED);
    await docShot(page, testInfo, 'signed-request-light');
    await setTheme(page, 'Dark Modern');
    await closeOtherToasts(page, NOT_SIMULATED);
    await docShot(page, testInfo, 'signed-request-dark');
    await clearNotifications(page);
    // In the history, led by the outcome, then the endpoint and the body's invoice_code.
    await openHistoryView(page);
    await expect.poll(async () => (await viewRows(page, HISTORY_VIEW)).some((row) => row.startsWith(`payment/status, ${invoice}, Local sandbox, SANDBOX-NOT-SIMULATED, `))).toBe(true);
  });

  test('the body sent is offered again; a body that is not JSON is refused from the title bar and nothing is sent', async ({ page }) => {
    await revertAndCloseAll(page);
    await openRequest(page, 'payment/status', /^\{"invoice_code":"INV-UI-SIGNED-/);
    await expect(activeEditor(page).locator('.view-lines')).toContainText('"invoice_code": "INV-UI-SIGNED-');
    await replaceBody(page, '{ "invoice_code": "INV-UI-BAD", }');
    const send = page.locator('.part.editor .editor-actions a.action-label[aria-label^="Send Signed Request"]');
    await send.click();
    await waitForNotification(page, /^The body is not valid JSON \(.+\); nothing was sent\.$/);
    await openHistoryView(page);
    expect((await viewRows(page, HISTORY_VIEW)).some((row) => row.includes('INV-UI-BAD'))).toBe(false);
    await clearNotifications(page);
  });

  test('a typed path is checked as typed, then sent like any other', async ({ page }) => {
    await runCommand(page, 'Prakerja: Send Signed Request');
    await waitForQuickInput(page);
    await fillQuickInput(page, 'Type a path');
    await pickQuickInputRow(page, 'Type a path…');
    await waitForQuickInput(page);
    await fillQuickInput(page, '/v1/integration/tpm/submission');
    await waitForQuickInputMessage(page, 'The path must start with /api/, e.g. /api/v1/integration/payment/status.');
    await fillQuickInput(page, '/api/v1/integration/tpm/feedback/submission');
    await page.keyboard.press('Enter');
    await expect(codeLens(page)).toHaveText('Send Signed Request: POST /api/v1/integration/tpm/feedback/submission on Local sandbox', { timeout: 15_000 });
    await expect(activeEditor(page).locator('.view-lines')).toContainText('{}');
    await codeLens(page).click();
    await waitForNotification(page, `tpm/feedback/submission: ${NOT_SIMULATED}`);
    await clearNotifications(page);
  });

  test('Send in the Signature Debugger: the response in the panel, the outcome in its live region', async ({ page }, testInfo) => {
    await revertAndCloseAll(page);
    await runCommand(page, 'Prakerja: Open Signature Debugger');
    const frame = debuggerFrame(page);
    await frame.locator('#signature').filter({ hasText: /^[0-9a-f]{40}$/ }).waitFor({ timeout: 20_000 });
    await frame.locator('#endpoint').fill(STATUS);
    await frame.locator('#body').fill('{"invoice_code":"INV-UI-DEBUGGER"}');
    await frame.locator('#timestamp').fill('1700000000');
    const send = frame.getByRole('button', { name: 'Send', exact: true });
    await send.click();
    const status = frame.locator('#sendStatus');
    await expect(status).toHaveText(NOT_SIMULATED, { timeout: 15_000 });
    await expect(status).toHaveAttribute('role', 'status');
    await expect(frame.locator('#responseStatus')).toHaveText(/^HTTP 501 · [\d.]+ ms$/);
    await expect(frame.locator('#responseHeaders')).toContainText('x-prakerja-sandbox: 1');
    await expect(frame.locator('#responseBody')).toContainText('"code": "SANDBOX-NOT-SIMULATED"');
    // Signed now: the timestamp field shows what was sent, not the stale value typed.
    await expect(frame.locator('#timestamp')).not.toHaveValue('1700000000');
    await frame.locator('#response-heading').scrollIntoViewIfNeeded();
    await setTheme(page, 'Light Modern');
    await clearNotifications(page);
    await docShot(page, testInfo, 'debugger-send-light');
    await setTheme(page, 'Dark Modern');
    await clearNotifications(page);
    await docShot(page, testInfo, 'debugger-send-dark');
    // The request is in the history like a Void.
    await openHistoryView(page);
    await expect.poll(async () => (await viewRows(page, HISTORY_VIEW)).some((row) => row.startsWith('payment/status, INV-UI-DEBUGGER, Local sandbox, SANDBOX-NOT-SIMULATED, '))).toBe(true);
  });
});
