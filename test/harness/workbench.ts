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
