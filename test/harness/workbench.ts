// What a person does in the workbench, for UI suites: the command palette, input boxes, notifications, the Output
// panel. Only type imports from playwright-core, so UI test bundles that use these stay small.
import type { Locator, Page } from 'playwright-core';

const QUICK_INPUT = '.quick-input-widget';

/** Waits until the quick input (palette, input box, quick pick) is visible and has focus: keys typed before are lost. */
export async function waitForQuickInput(page: Page, timeout = 10_000): Promise<Locator> {
  const widget = page.locator(QUICK_INPUT);
  await widget.waitFor({ state: 'visible', timeout });
  await page.waitForFunction((selector) => document.activeElement?.closest(selector) != null, QUICK_INPUT, { timeout });
  return widget;
}

/**
 * F1, the command's title, Enter — and checks that the title typed is the command that ran. The palette lists the
 * commands known when it opens, and a fresh workbench learns the extension's contributions a moment after it shows,
 * so like a person this closes and retries when the command is not there yet.
 */
export async function runCommand(page: Page, title: string, options: { timeout?: number; beforeEnter?: () => Promise<unknown> } = {}): Promise<void> {
  const timeout = options.timeout ?? 30_000;
  const deadline = Date.now() + timeout;
  const focused = page.locator(`${QUICK_INPUT} .monaco-list-row.focused`);
  for (;;) {
    await page.keyboard.press('F1');
    await waitForQuickInput(page);
    await page.keyboard.type(title);
    const found = await focused
      .filter({ hasText: title })
      .waitFor({ state: 'visible', timeout: 3_000 })
      .then(() => true, () => false);
    if (found) break;
    const shown = await quickInputRows(page);
    await closeQuickInput(page);
    if (Date.now() > deadline) throw new Error(`the command palette has no "${title}"; it shows: ${shown.slice(0, 5).join(' | ')}`);
    await page.waitForTimeout(500);
  }
  const label = (await focused.getAttribute('aria-label')) ?? '';
  if (!label.startsWith(title)) throw new Error(`the palette's first match for "${title}" is "${label}"`);
  await options.beforeEnter?.();
  await page.keyboard.press('Enter');
  // The palette closes, or a command's own quick input replaces it (then its input no longer holds our text).
  await page.waitForFunction(
    ([selector, typed]) => {
      const widget = document.querySelector<HTMLElement>(selector!);
      const input = widget?.querySelector<HTMLInputElement>('input.input');
      return !widget || widget.style.display === 'none' || !input || input.value !== typed;
    },
    [QUICK_INPUT, `>${title}`],
    { timeout: 10_000 },
  );
}

/** Labels of the rows the quick input shows now. */
export async function quickInputRows(page: Page): Promise<string[]> {
  const rows = page.locator(`${QUICK_INPUT} .monaco-list-row`);
  return (await rows.evaluateAll((elements) => elements.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''))).filter(Boolean);
}

/** Types into the focused input box / quick pick and presses Enter. */
export async function answerQuickInput(page: Page, text: string): Promise<void> {
  const widget = await waitForQuickInput(page);
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await widget.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
}

export async function closeQuickInput(page: Page): Promise<void> {
  const widget = page.locator(QUICK_INPUT);
  if (await widget.isVisible()) {
    await page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden', timeout: 5_000 });
  }
}

export interface Notification {
  severity: 'error' | 'warning' | 'info';
  text: string;
}

/** The notification toasts currently shown. */
export async function notifications(page: Page): Promise<Notification[]> {
  return page.locator('.notifications-toasts .notification-list-item').evaluateAll((items) =>
    items.map((item) => {
      const icon = item.querySelector('.notification-list-item-icon')?.className ?? '';
      const severity = icon.includes('codicon-error') ? 'error' : icon.includes('codicon-warning') ? 'warning' : 'info';
      const text = item.querySelector('.notification-list-item-message')?.textContent ?? item.textContent ?? '';
      return { severity, text } as const;
    }),
  );
}

/** Waits for a toast whose message matches. */
export async function waitForNotification(page: Page, message: string | RegExp, timeout = 15_000): Promise<Notification> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const match = (await notifications(page)).find((n) => (typeof message === 'string' ? n.text.includes(message) : message.test(n.text)));
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`no notification matching ${message} within ${timeout} ms; shown: ${JSON.stringify(await notifications(page))}`);
    await page.waitForTimeout(200);
  }
}

export async function clearNotifications(page: Page): Promise<void> {
  if ((await notifications(page)).length > 0) await runCommand(page, 'Notifications: Clear All Notifications');
}

/** Opens the Output panel on a channel, picked by its name as a person would. */
export async function showOutputChannel(page: Page, channel: string): Promise<void> {
  await runCommand(page, 'Output: Show Output Channels...');
  await waitForQuickInput(page);
  await page.keyboard.type(channel);
  const focused = page.locator(`${QUICK_INPUT} .monaco-list-row.focused`);
  await focused.filter({ hasText: channel }).waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.locator('.part.panel .output-view .monaco-editor').first().waitFor({ state: 'visible', timeout: 10_000 });
}

/** Types into the Output panel's Filter box, so only matching lines show (and fit in view). */
export async function filterOutput(page: Page, text: string): Promise<void> {
  const filter = page.locator('.part.panel .viewpane-filter input');
  await filter.click();
  await filter.fill(text);
  // The filter applies after a short debounce; wait until every line in view matches.
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    const lines = (await outputText(page).catch(() => '')).split('\n').filter((l) => l.trim());
    if (lines.every((l) => l.toLowerCase().includes(text.toLowerCase()))) return;
    await page.waitForTimeout(100);
  }
}

/**
 * Text of the Output panel. The editor renders only the lines in view, so this is what a person sees; the panel
 * follows the end of the output.
 */
export async function outputText(page: Page): Promise<string> {
  const lines = page.locator('.part.panel .output-view .monaco-editor .view-lines');
  const text = await lines.first().innerText();
  return text.replace(/\u00a0/g, ' ');
}

/** Polls the Output panel until its text matches. */
export async function waitForOutput(page: Page, pattern: string | RegExp, timeout = 15_000): Promise<string> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const text = await outputText(page).catch(() => '');
    if (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`the Output panel did not show ${pattern} within ${timeout} ms; it shows:\n${text}`);
    await page.waitForTimeout(250);
  }
}

// ─── More of what a person sees and does: quick input details, toasts and their buttons, modal dialogs, the status
// bar, views in the side bar, context menus, hovers, the Output panel in order, reloading the window. ───

/** What the quick input shows now: its title, the line under the box (prompt or validation message), and the box. */
export async function quickInputState(page: Page): Promise<{ title: string; message: string; value: string; error: boolean; inputType: string }> {
  const widget = page.locator(QUICK_INPUT);
  const input = widget.locator('input.input');
  return {
    title: ((await widget.locator('.quick-input-title').textContent()) ?? '').trim(),
    message: ((await widget.locator('.quick-input-message').textContent()) ?? '').trim(),
    value: await input.inputValue(),
    error: ((await widget.locator('.monaco-inputbox').first().getAttribute('class')) ?? '').split(/\s+/).includes('error'),
    inputType: (await input.getAttribute('type')) ?? '',
  };
}

/** Waits until the visible quick input's title matches (e.g. a step "(2/2)"), and it has focus. */
export async function waitForQuickInputTitle(page: Page, title: string | RegExp, timeout = 10_000): Promise<Locator> {
  const widget = await waitForQuickInput(page, timeout);
  await widget.locator('.quick-input-title').filter({ hasText: title }).waitFor({ state: 'visible', timeout });
  return widget;
}

/** Waits until the line under the quick input's box (prompt or validation message) matches. */
export async function waitForQuickInputMessage(page: Page, message: string | RegExp, timeout = 5_000): Promise<string> {
  const line = page.locator(`${QUICK_INPUT} .quick-input-message`);
  try {
    await line.filter({ hasText: message }).waitFor({ state: 'visible', timeout });
  } catch {
    throw new Error(`the quick input does not say ${message}; it says: ${(await line.textContent().catch(() => '')) ?? ''}`);
  }
  return ((await line.textContent()) ?? '').trim();
}

/** Replaces the whole value of the quick input's box at once, as a paste does (the box's input event fires). */
export async function fillQuickInput(page: Page, text: string): Promise<void> {
  await page.locator(`${QUICK_INPUT} input.input`).fill(text);
}

/** Selects what the box holds and types over it, key by key. */
export async function retypeQuickInput(page: Page, text: string): Promise<void> {
  await waitForQuickInput(page);
  await page.keyboard.press('Control+A');
  if (text) await page.keyboard.type(text);
  else await page.keyboard.press('Backspace');
}

/** Clicks a button of the quick input's title bar (e.g. "Back"), found by the start of its label. */
export async function clickQuickInputButton(page: Page, label: string): Promise<void> {
  await page.locator(`${QUICK_INPUT} .quick-input-titlebar a.action-label[aria-label^="${label}"]`).click();
}

/** Quick pick rows as they read on screen: label, description and detail (hidden separator texts left out). */
export async function quickPickItems(page: Page): Promise<Array<{ label: string; description: string; detail: string }>> {
  return page.locator(`${QUICK_INPUT} .monaco-list-row`).evaluateAll((rows) =>
    rows
      .map((row) => ({ top: parseFloat((row as HTMLElement).style.top || '0'), row }))
      .sort((a, b) => a.top - b.top)
      .map(({ row }) => {
        const text = (selector: string) => (row.querySelector(selector)?.textContent ?? '').trim();
        return {
          label: text('.quick-input-list-row:first-child .label-name'),
          description: text('.quick-input-list-row:first-child .label-description'),
          detail: text('.quick-input-list-label-meta .label-name'),
        };
      }),
  );
}

/** Clicks the quick pick row whose label (not its detail) matches, as a person clicks it. */
export async function pickQuickInputRow(page: Page, label: string | RegExp): Promise<void> {
  const row = page.locator(`${QUICK_INPUT} .monaco-list-row`).filter({ has: page.locator('.quick-input-list-row:first-child .label-name', { hasText: label }) });
  await row.first().click();
}

/** The toast whose message matches. */
export function notificationToast(page: Page, message: string | RegExp): Locator {
  return page.locator('.notifications-toasts .notification-list-item').filter({ has: page.locator('.notification-list-item-message', { hasText: message }) });
}

/** The buttons a toast offers. */
export async function notificationButtons(page: Page, message: string | RegExp): Promise<string[]> {
  return (await notificationToast(page, message).first().locator('.notification-list-item-buttons-container .monaco-button').allTextContents()).map((b) => b.trim());
}

/** Clicks a button of the toast whose message matches. */
export async function clickNotificationButton(page: Page, message: string | RegExp, button: string): Promise<void> {
  await notificationToast(page, message).first().locator('.monaco-button', { hasText: button }).click();
}

/** Waits until every toast has finished fading in and no progress toast matching `gone` is still shown: for screenshots. */
export async function waitForToastsSettled(page: Page, gone?: string | RegExp, timeout = 10_000): Promise<void> {
  if (gone) await notificationToast(page, gone).first().waitFor({ state: 'detached', timeout });
  await page.waitForFunction(
    () => Array.from(document.querySelectorAll('.notifications-toasts .notification-toast')).every((toast) => toast.classList.contains('notification-fade-in-done')),
    undefined,
    { timeout },
  );
}

const DIALOG = '.monaco-dialog-box';

/**
 * Waits for a modal dialog; returns what it says (`text`: message and detail as shown; the dialog shows a message
 * without detail in the detail's place) and its buttons.
 */
export async function waitForDialog(page: Page, timeout = 10_000): Promise<{ message: string; detail: string; text: string; buttons: string[] }> {
  const dialog = page.locator(DIALOG);
  await dialog.waitFor({ state: 'visible', timeout });
  // The dialog slides in; wait for its buttons to be laid out.
  await dialog.locator('.dialog-buttons .monaco-button').first().waitFor({ state: 'visible', timeout });
  await page.waitForTimeout(150);
  const part = async (selector: string) => ((await dialog.locator(selector).count()) ? ((await dialog.locator(selector).first().innerText()) ?? '').trim() : '');
  return {
    message: await part('.dialog-message-text'),
    detail: await part('.dialog-message-detail'),
    text: await part('.dialog-message-container'),
    buttons: (await dialog.locator('.dialog-buttons .monaco-button').allTextContents()).map((b) => b.trim()),
  };
}

/** Clicks a button of the modal dialog and waits for the dialog to close. */
export async function clickDialogButton(page: Page, label: string): Promise<void> {
  const dialog = page.locator(DIALOG);
  await dialog.locator('.dialog-buttons .monaco-button').filter({ hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).click();
  await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
}

/** Closes a modal dialog or context menu left open (by a failed test, say). */
export async function dismissOverlays(page: Page): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const open = (await page.locator(DIALOG).isVisible()) || (await page.locator('.context-view .monaco-menu').isVisible());
    if (!open) return;
    await page.keyboard.press('Escape');
    await page.waitForTimeout(200);
  }
}

/** The status bar item whose text matches. */
export function statusBarItem(page: Page, text: string | RegExp): Locator {
  return page.locator('.part.statusbar .statusbar-item').filter({ hasText: text });
}

/** Clicks the activity bar icon with this title (e.g. "Prakerja") unless its container is already shown. */
export async function openViewContainer(page: Page, title: string): Promise<void> {
  const icon = page.locator(`.part.activitybar .action-item:has(> a.action-label[aria-label="${title}"])`);
  await icon.waitFor({ state: 'visible', timeout: 20_000 });
  if (!((await icon.getAttribute('class')) ?? '').split(/\s+/).includes('checked')) await icon.locator('a.action-label').click();
  await page.locator('.part.sidebar').waitFor({ state: 'visible', timeout: 10_000 });
}

/** The pane of a view (found by the view's name in its header, which VS Code keeps in the page even when hidden). */
export function viewPane(page: Page, view: string): Locator {
  return page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header h3.title', { hasText: new RegExp(`^${view}$`, 'i') }) });
}

/** The tree rows a view shows, by their accessible labels (what a screen reader reads; what the row says). */
export async function viewRows(page: Page, view: string): Promise<string[]> {
  return viewPane(page, view).locator('.pane-body .monaco-list-row').evaluateAll((rows) =>
    rows
      .map((row) => ({ top: parseFloat((row as HTMLElement).style.top || '0'), label: row.getAttribute('aria-label') ?? row.textContent ?? '' }))
      .sort((a, b) => a.top - b.top)
      .map((row) => row.label),
  );
}

/** Waits until the view's rows satisfy `check` (rows refresh a moment after the data changes). */
export async function waitForViewRows(page: Page, view: string, check: (rows: string[]) => boolean, what: string, timeout = 10_000): Promise<string[]> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const rows = await viewRows(page, view);
    if (check(rows)) return rows;
    if (Date.now() > deadline) throw new Error(`the view "${view}" does not show ${what}; it shows:\n  ${rows.join('\n  ')}`);
    await page.waitForTimeout(200);
  }
}

/** One row of a view, found by its text. */
export function viewRow(page: Page, view: string, text: string | RegExp): Locator {
  return viewPane(page, view).locator('.pane-body .monaco-list-row').filter({ hasText: text });
}

/** Clicks an action of the side bar's title (or of the view's own header when the container shows several views). */
export async function clickViewTitleAction(page: Page, view: string, label: string): Promise<void> {
  const inHeader = viewPane(page, view).locator(`.pane-header a.action-label[aria-label^="${label}"]`);
  const inTitle = page.locator(`.part.sidebar .composite.title a.action-label[aria-label^="${label}"]`);
  const target = (await inHeader.isVisible()) ? inHeader : inTitle;
  await target.first().click();
}

/** The labels of the actions the side bar's title shows now. */
export async function viewTitleActions(page: Page, view: string): Promise<string[]> {
  const header = viewPane(page, view).locator('.pane-header');
  const visible = (await header.isVisible()) ? header : page.locator('.part.sidebar .composite.title');
  return (await visible.locator('a.action-label').evaluateAll((actions) => actions.map((a) => a.getAttribute('aria-label') ?? ''))).filter(Boolean);
}

/** Waits until the view's title actions satisfy `check` (they follow context keys, a moment after a command ran). */
export async function waitForViewTitleActions(page: Page, view: string, check: (actions: string[]) => boolean, what: string, timeout = 5_000): Promise<string[]> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const actions = await viewTitleActions(page, view);
    if (check(actions)) return actions;
    if (Date.now() > deadline) throw new Error(`the title of "${view}" does not show ${what}; it shows: ${actions.join(', ')}`);
    await page.waitForTimeout(150);
  }
}

/**
 * Right-clicks `target`, waits for the context menu and returns its items; with `choose`, clicks that item. The menu
 * ignores a click that comes too soon after it opened, so the pointer rests on the item first, as a hand does.
 */
export async function contextMenu(page: Page, target: Locator, choose?: string): Promise<string[]> {
  await target.click({ button: 'right' });
  const menu = page.locator('.context-view .monaco-menu');
  await menu.waitFor({ state: 'visible', timeout: 5_000 });
  await page.waitForTimeout(250); // it fades in, and ignores a click that comes too soon
  const items = (await menu.locator('.action-item:not(.disabled) .action-label').allTextContents()).map((i) => i.trim()).filter(Boolean);
  if (choose) {
    const item = menu.locator('.action-item').filter({ has: page.locator('.action-label', { hasText: new RegExp(`^${choose.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });
    if ((await item.count()) === 0) throw new Error(`the context menu has no "${choose}": ${items.join(' | ')}`);
    await item.hover();
    await item.and(page.locator('.focused')).waitFor({ state: 'visible', timeout: 2_000 }).catch(() => undefined);
    await item.click();
    await menu.waitFor({ state: 'hidden', timeout: 5_000 });
  }
  return items;
}

/** Rests the pointer on `target` and returns the text of the hover that appears (the one containing `expected`). */
export async function hoverText(page: Page, target: Locator, expected: string | RegExp, timeout = 5_000): Promise<string> {
  await page.mouse.move(0, 0);
  await target.hover();
  const hover = page.locator('.monaco-hover, .workbench-hover').filter({ visible: true }).filter({ hasText: expected }).last();
  await hover.waitFor({ state: 'visible', timeout });
  // Markdown text keeps its spaces as no-break spaces.
  return (await hover.innerText()).replace(/\u00a0/g, ' ');
}

/** The Output panel's visible lines, in order (the editor reuses line elements, so DOM order is not line order). */
export async function outputLines(page: Page): Promise<string[]> {
  return page.locator('.part.panel .output-view .monaco-editor .view-lines .view-line').evaluateAll((lines) =>
    lines
      .map((line) => ({ top: parseFloat((line as HTMLElement).style.top || '0'), text: (line.textContent ?? '').replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top)
      .map((line) => line.text),
  );
}

/**
 * Maximizes or restores the panel, as a person does to read a long report. Uses "View: Toggle Maximized Panel" (the
 * panel's own button may be under a toast); the button's label tells the state.
 */
export async function setPanelMaximized(page: Page, maximized: boolean): Promise<void> {
  await page.locator('.part.panel').waitFor({ state: 'visible', timeout: 10_000 });
  const label = (state: boolean) => page.locator(`.part.panel a.action-label[aria-label^="${state ? 'Restore Panel Size' : 'Maximize Panel Size'}"]`);
  await label(true).or(label(false)).first().waitFor({ state: 'attached', timeout: 10_000 });
  if ((await label(maximized).count()) > 0) return;
  await runCommand(page, 'View: Toggle Maximized Panel');
  await label(maximized).first().waitFor({ state: 'attached', timeout: 5_000 });
  await page.waitForTimeout(200);
}

/** Empties the Output panel's Filter box when it is shown and holds text (an earlier suite may have left some). */
export async function clearOutputFilter(page: Page): Promise<void> {
  const filter = page.locator('.part.panel .viewpane-filter input').filter({ visible: true }).first();
  if ((await filter.count()) > 0 && (await filter.inputValue()) !== '') await filter.fill('');
}

/** Drags the sash between the side bar and the editor so the side bar is `width` pixels wide. */
export async function setSideBarWidth(page: Page, width: number): Promise<void> {
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  if (!sidebar || Math.abs(sidebar.width - width) < 4) return;
  const x = sidebar.x + sidebar.width;
  const y = sidebar.y + sidebar.height / 2;
  await page.mouse.move(x - 1, y);
  await page.mouse.down();
  await page.mouse.move(x + (width - sidebar.width) / 2, y, { steps: 4 });
  await page.mouse.move(sidebar.x + width, y, { steps: 4 });
  await page.mouse.up();
  await page.waitForTimeout(200);
}

/**
 * "Developer: Reload Window", then waits for the new workbench on the same page. With `ready`, also waits for a
 * locator that only the restored window shows (e.g. a view's rows).
 */
export async function reloadWindow(page: Page, ready?: Locator, timeout = 60_000): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame(), timeout });
  const title = 'Developer: Reload Window';
  await page.keyboard.press('F1');
  await waitForQuickInput(page);
  await page.keyboard.type(title);
  await page.locator(`${QUICK_INPUT} .monaco-list-row.focused`).filter({ hasText: title }).waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Enter');
  await navigated;
  await page.waitForLoadState('domcontentloaded');
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
  await page.locator('.part.statusbar').waitFor({ state: 'visible', timeout });
  if (ready) await ready.waitFor({ state: 'visible', timeout });
}

// ─── The extension's own flows, as a person goes through them (shared by the feature suites in test/ui/). ───

export const HISTORY_VIEW = 'Request History';

/** A transaction_code the local sandbox has never seen: `TRX-OK-…` voids successfully the first time. */
export function freshTransactionCode(prefix = 'TRX-OK-UI'): string {
  return `${prefix}${Date.now().toString(36).toUpperCase()}${Math.floor(Math.random() * 1296).toString(36).toUpperCase().padStart(2, '0')}`;
}

/**
 * "Prakerja: Void Transaction" from the palette, then both input boxes: each is retyped (it opens prefilled with the
 * last value, selected) and confirmed with Enter. Resolves when the second box has closed; what follows (progress,
 * outcome, a confirmation dialog) is for the caller to wait for.
 */
export async function voidViaPalette(
  page: Page,
  codes: { invoiceCode: string; transactionCode: string },
  options: { beforeEnter?: (step: 1 | 2) => Promise<unknown> } = {},
): Promise<void> {
  await runCommand(page, 'Prakerja: Void Transaction');
  await waitForQuickInputTitle(page, '(1/2)');
  await retypeQuickInput(page, codes.invoiceCode);
  await options.beforeEnter?.(1);
  await page.keyboard.press('Enter');
  await waitForQuickInputTitle(page, '(2/2)');
  await retypeQuickInput(page, codes.transactionCode);
  await options.beforeEnter?.(2);
  await page.keyboard.press('Enter');
  await page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout: 10_000 }).catch(async () => {
    const box = await quickInputState(page);
    throw new Error(`the Void input box did not accept "${codes.transactionCode}": "${box.title}" says ${box.message}`);
  });
}

/** Label of an environment as the extension shows it. */
export type EnvironmentLabel = 'Local sandbox' | 'Prakerja sandbox' | 'Production';

/**
 * Makes `environment` the active one the way a person does: the status bar item "Prakerja: …" (or, before the
 * extension has shown it, "Prakerja: Select Environment"), then the environment's row in the quick pick.
 */
export async function selectEnvironment(page: Page, environment: EnvironmentLabel): Promise<void> {
  const item = statusBarItem(page, /Prakerja: /);
  if (await item.isVisible()) {
    if (((await item.textContent()) ?? '').includes(`Prakerja: ${environment}`)) return;
    await item.locator('a, .statusbar-item-label').first().click();
  } else {
    await runCommand(page, 'Prakerja: Select Environment');
  }
  await waitForQuickInput(page);
  await pickQuickInputRow(page, environment);
  const switched = statusBarItem(page, `Prakerja: ${environment}`);
  const unwritable = notificationToast(page, 'Unable to write into user settings');
  await switched.or(unwritable).first().waitFor({ state: 'visible', timeout: 10_000 }).catch(() => undefined);
  if (await switched.isVisible()) return;
  throw new Error(
    (await unwritable.count()) > 0
      ? `cannot switch to ${environment}: VS Code says "Unable to write into user settings" (the user settings.json has errors, e.g. left by an earlier suite)`
      : `the status bar does not show "Prakerja: ${environment}" after picking it`,
  );
}

/**
 * A plain workbench for a test to start from, whatever earlier suites left: no dialog, menu, quick input, toast,
 * editor or panel, an unfiltered Output view, and the local sandbox active.
 */
export async function startFromPlainWorkbench(page: Page): Promise<void> {
  await dismissOverlays(page);
  await closeQuickInput(page);
  if ((await page.locator('.part.editor .tabs-container .tab').count()) > 0) {
    await runCommand(page, 'View: Close All Editors');
    await dismissOverlays(page); // a "save changes?" dialog is answered Cancel: nothing of others' is lost
  }
  await clearOutputFilter(page);
  if (await page.locator('.part.panel').isVisible()) await runCommand(page, 'View: Hide Panel');
  await selectEnvironment(page, 'Local sandbox');
  await clearNotifications(page);
}

/** Opens the Prakerja side bar on its Request History view and returns the rows it shows. */
export async function openHistoryView(page: Page): Promise<string[]> {
  await openViewContainer(page, 'Prakerja');
  await viewPane(page, HISTORY_VIEW).waitFor({ state: 'attached', timeout: 10_000 });
  const pane = viewPane(page, HISTORY_VIEW);
  await pane.locator('.pane-body').waitFor({ state: 'visible', timeout: 10_000 });
  // Loaded: it lists requests, or says there are none.
  await pane.locator('.pane-body .monaco-list-row').or(pane.locator('.welcome-view-content')).first().waitFor({ state: 'visible', timeout: 10_000 });
  // …and has settled (the first read of the history file may land a moment after the view appears).
  let rows = await viewRows(page, HISTORY_VIEW);
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(250);
    const again = await viewRows(page, HISTORY_VIEW);
    if (again.join('\n') === rows.join('\n')) break;
    rows = again;
  }
  return rows;
}

/** The request rows of the history view (day rows left out): their accessible labels. */
export async function historyEntries(page: Page): Promise<string[]> {
  return (await viewRows(page, HISTORY_VIEW)).filter((row) => !/^(Today|Yesterday)\b|\brequest\(s\)$/.test(row));
}

/** The last report block of the Prakerja channel, read in a maximized Output panel. */
export async function lastReport(page: Page, mustContain: string, timeout = 10_000): Promise<string[]> {
  await setPanelMaximized(page, true);
  await clearOutputFilter(page);
  const deadline = Date.now() + timeout;
  for (;;) {
    const lines = await outputLines(page);
    const start = lines.map((l) => l.startsWith('━━')).lastIndexOf(true);
    const block = start >= 0 ? lines.slice(start) : [];
    if (block.some((l) => l.includes(mustContain)) && block.some((l) => l.startsWith('Result: '))) return block;
    if (Date.now() > deadline) throw new Error(`the Output panel shows no report with ${mustContain}:\n${lines.join('\n')}`);
    await page.waitForTimeout(200);
  }
}
