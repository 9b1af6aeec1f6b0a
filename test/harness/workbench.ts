// What a person does in the workbench, for the UI suites: the palette, input boxes, toasts, dialogs, views, the
// Output panel. Built on locators and Playwright's auto-waiting `expect`; nothing here waits by the clock.
import { expect, type Locator, type Page } from '@playwright/test';

const QUICK_INPUT = '.quick-input-widget';
const DIALOG = '.monaco-dialog-box';
export const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

/** Rows of a list in screen order: VS Code's virtual lists reuse elements, so DOM order is not row order. */
export async function rowsOf(list: Locator) {
  const rows = await list.evaluateAll((elements) =>
    elements.map((e) => {
      const text = (selector: string) => (e.querySelector(selector)?.textContent ?? '').trim();
      return {
        top: parseFloat((e as HTMLElement).style.top || '0'),
        aria: e.getAttribute('aria-label') ?? e.textContent ?? '',
        text: (e.textContent ?? '').replace(/\u00a0/g, ' '),
        label: text('.quick-input-list-row:first-child .label-name'),
        description: text('.quick-input-list-row:first-child .label-description'),
        detail: text('.quick-input-list-label-meta .label-name'),
      };
    }),
  );
  return rows.sort((a, b) => a.top - b.top);
}

// ─── Quick input: the palette, input boxes, quick picks ───

/** Waits until the quick input is visible and has focus: keys typed before that are lost. */
export async function waitForQuickInput(page: Page, timeout = 10_000): Promise<Locator> {
  const widget = page.locator(QUICK_INPUT);
  await expect(widget).toBeVisible({ timeout });
  await page.waitForFunction((selector) => document.activeElement?.closest(selector) != null, QUICK_INPUT, { timeout });
  return widget;
}

/**
 * F1, the command's title, Enter, checking that the title typed is the command that runs. The palette lists the
 * commands known when it opens and a fresh workbench learns the extension's a moment after it shows, so like a
 * person this closes the palette and tries again (`toPass`) until the command is there.
 */
export async function runCommand(page: Page, title: string, options: { beforeEnter?: () => Promise<unknown> } = {}): Promise<void> {
  const focused = page.locator(`${QUICK_INPUT} .monaco-list-row.focused`);
  let attempt = 0;
  await expect(async () => {
    if (attempt++ > 0) await closeQuickInput(page);
    await page.keyboard.press('F1');
    await waitForQuickInput(page);
    // As if pasted: one input event rather than a filter pass per key, which costs seconds on a busy machine.
    await fillQuickInput(page, `>${title}`);
    await expect(focused.filter({ hasText: title })).toBeVisible({ timeout: 3_000 });
  }, `the command palette offers "${title}"`).toPass({ timeout: 30_000 });
  await expect(focused, `the palette's first match for "${title}"`).toHaveAttribute('aria-label', new RegExp(`^${exactly(title).source.slice(1, -1)}`));
  await options.beforeEnter?.();
  await page.keyboard.press('Enter');
  // The palette closes, or a command's own quick input replaces it (then its box no longer holds our text).
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

export async function closeQuickInput(page: Page): Promise<void> {
  const widget = page.locator(QUICK_INPUT);
  if (await widget.isVisible()) {
    await page.keyboard.press('Escape');
    await expect(widget).toBeHidden({ timeout: 5_000 });
  }
}

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
  await expect(widget.locator('.quick-input-title')).toContainText(title, { timeout });
  return widget;
}

/** Waits until the line under the quick input's box (prompt or validation message) matches; returns it. */
export async function waitForQuickInputMessage(page: Page, message: string | RegExp, timeout = 5_000): Promise<string> {
  const line = page.locator(`${QUICK_INPUT} .quick-input-message`);
  await expect(line).toContainText(message, { timeout });
  return ((await line.textContent()) ?? '').trim();
}

/**
 * Enter on the box's current value must leave it on `step`, saying `message`. The extension decides in its accept
 * handler, in the extension host; to know it has, this changes the box after the Enter (to a valid `probe` value)
 * and waits for the extension's answer to that, which comes after its answer to the Enter. Then the value goes back.
 */
export async function expectEnterRefused(page: Page, step: 1 | 2, message: string, probe: string): Promise<void> {
  const { value } = await quickInputState(page);
  const line = page.locator(`${QUICK_INPUT} .quick-input-message`);
  await page.keyboard.press('Enter');
  await fillQuickInput(page, probe);
  await expect(line).not.toHaveText(message);
  await expect(page.locator(`${QUICK_INPUT} .quick-input-title`), `Enter did not move on from step ${step}`).toContainText(`(${step}/2)`);
  await fillQuickInput(page, value);
  if (value === '') await page.keyboard.press('Enter'); // an emptied box says what is missing only on Enter
  await expect(line, `after Enter, step ${step} says what is wrong`).toHaveText(message);
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

/** Clicks the quick pick row whose label (not its detail) matches, as a person clicks it. */
export async function pickQuickInputRow(page: Page, label: string | RegExp): Promise<void> {
  await page.locator(`${QUICK_INPUT} .monaco-list-row`).filter({ has: page.locator('.quick-input-list-row:first-child .label-name', { hasText: label }) }).first().click();
}

// ─── Notifications and dialogs ───

export interface Notification {
  severity: 'error' | 'warning' | 'info';
  text: string;
}

/** The toasts whose message matches. */
export function notificationToast(page: Page, message: string | RegExp): Locator {
  return page.locator('.notifications-toasts .notification-list-item').filter({ has: page.locator('.notification-list-item-message', { hasText: message }) });
}

/** The notification toasts shown now. */
export function notifications(page: Page): Promise<Notification[]> {
  return page.locator('.notifications-toasts .notification-list-item').evaluateAll((items) =>
    items.map((item) => {
      const icon = item.querySelector('.notification-list-item-icon')?.className ?? '';
      const severity = icon.includes('codicon-error') ? 'error' : icon.includes('codicon-warning') ? 'warning' : 'info';
      return { severity, text: item.querySelector('.notification-list-item-message')?.textContent ?? item.textContent ?? '' } as const;
    }),
  );
}

/** Waits for a toast whose message matches and returns what it says. */
export async function waitForNotification(page: Page, message: string | RegExp, timeout = 15_000): Promise<Notification> {
  await expect(notificationToast(page, message).first(), `a notification matching ${message}`).toBeVisible({ timeout });
  const shown = await notifications(page);
  return shown.find((n) => (typeof message === 'string' ? n.text.includes(message) : message.test(n.text)))!;
}

export async function clearNotifications(page: Page): Promise<void> {
  const toasts = page.locator('.notifications-toasts .notification-list-item');
  // Cleared again if one arrives just after (an earlier command's answer): the assertion is that none is left.
  await expect(async () => {
    if ((await toasts.count()) > 0) await runCommand(page, 'Notifications: Clear All Notifications');
    await expect(toasts).toHaveCount(0, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

/** The buttons a toast offers. */
export async function notificationButtons(page: Page, message: string | RegExp): Promise<string[]> {
  return (await notificationToast(page, message).first().locator('.notification-list-item-buttons-container .monaco-button').allTextContents()).map((b) => b.trim());
}

export async function clickNotificationButton(page: Page, message: string | RegExp, button: string): Promise<void> {
  await notificationToast(page, message).first().locator('.monaco-button', { hasText: button }).click();
}

/** Waits until no toast matching `gone` is shown and every toast has faded in (for screenshots). */
export async function waitForToastsSettled(page: Page, gone?: string | RegExp, timeout = 10_000): Promise<void> {
  if (gone) await expect(notificationToast(page, gone)).toHaveCount(0, { timeout });
  await expect(page.locator('.notifications-toasts .notification-toast:not(.notification-fade-in-done)')).toHaveCount(0, { timeout });
}

/** Waits for a modal dialog; returns its message, detail, both as shown (`text`), and its buttons. */
export async function waitForDialog(page: Page, timeout = 10_000): Promise<{ message: string; detail: string; text: string; buttons: string[] }> {
  const dialog = page.locator(DIALOG);
  await expect(dialog.locator('.dialog-buttons .monaco-button').first()).toBeVisible({ timeout });
  const part = async (selector: string) => ((await dialog.locator(selector).count()) ? (await dialog.locator(selector).first().innerText()).trim() : '');
  return {
    message: await part('.dialog-message-text'),
    detail: await part('.dialog-message-detail'),
    text: await part('.dialog-message-container'),
    buttons: (await dialog.locator('.dialog-buttons .monaco-button').allTextContents()).map((b) => b.trim()),
  };
}

/** Clicks a button of the modal dialog and waits for the dialog to close. */
export async function clickDialogButton(page: Page, label: string): Promise<void> {
  await page.locator(`${DIALOG} .dialog-buttons .monaco-button`).filter({ hasText: exactly(label) }).click();
  await expect(page.locator(DIALOG)).toBeHidden();
}

// ─── Side bar, status bar, panel ───

export function statusBarItem(page: Page, text: string | RegExp): Locator {
  return page.locator('.part.statusbar .statusbar-item').filter({ hasText: text });
}

/** The pane of a view, found by the view's name in its header (kept in the page even when the header is hidden). */
export function viewPane(page: Page, view: string): Locator {
  return page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header h3.title', { hasText: new RegExp(`^${view}$`, 'i') }) });
}

/** The tree rows a view shows, by their accessible labels (what a screen reader reads). */
export async function viewRows(page: Page, view: string): Promise<string[]> {
  return (await rowsOf(viewPane(page, view).locator('.pane-body .monaco-list-row'))).map((r) => r.aria);
}

/** Waits until the view's rows satisfy `check` (rows refresh a moment after the data changes); returns them. */
export async function waitForViewRows(page: Page, view: string, check: (rows: string[]) => boolean, what: string, timeout = 10_000): Promise<string[]> {
  let rows: string[] = [];
  await expect.poll(async () => check((rows = await viewRows(page, view))), { message: `the view "${view}" shows ${what}`, timeout }).toBe(true);
  return rows;
}

export function viewRow(page: Page, view: string, text: string | RegExp): Locator {
  return viewPane(page, view).locator('.pane-body .monaco-list-row').filter({ hasText: text });
}

/** Rests the pointer on `target` and returns the text of the hover that appears (the one containing `expected`). */
export async function hoverText(page: Page, target: Locator, expected: string | RegExp): Promise<string> {
  await page.mouse.move(0, 0);
  await target.hover();
  const hover = page.locator('.monaco-hover, .workbench-hover').filter({ visible: true }).filter({ hasText: expected }).last();
  await expect(hover).toBeVisible();
  return (await hover.innerText()).replace(/\u00a0/g, ' '); // Markdown keeps its spaces as no-break spaces
}

const outputEditor = (page: Page) => page.locator('.part.panel .output-view .monaco-editor').first();
const outputFilter = (page: Page) => page.locator('.part.panel .viewpane-filter input').filter({ visible: true }).first();

/** The Output panel's visible lines, in order. */
export async function outputLines(page: Page): Promise<string[]> {
  return (await rowsOf(outputEditor(page).locator('.view-lines .view-line'))).map((r) => r.text);
}

/** Empties the Output panel's Filter box when it is shown and holds text (an earlier suite may have left some). */
export async function clearOutputFilter(page: Page): Promise<void> {
  const filter = outputFilter(page);
  if ((await filter.count()) > 0 && (await filter.inputValue()) !== '') await filter.fill('');
}

/** Maximizes or restores the panel ("View: Toggle Maximized Panel": the panel's own button may be under a toast). */
export async function setPanelMaximized(page: Page, maximized: boolean): Promise<void> {
  const label = (state: boolean) => page.locator(`.part.panel a.action-label[aria-label^="${state ? 'Restore Panel Size' : 'Maximize Panel Size'}"]`);
  await expect(label(true).or(label(false)).first()).toBeAttached();
  if ((await label(maximized).count()) > 0) return;
  await runCommand(page, 'View: Toggle Maximized Panel');
  await expect(label(maximized).first()).toBeAttached();
}
