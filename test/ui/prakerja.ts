// The extension's own flows, as a person goes through them: shared by the UI, packaged and durability suites.
import { expect, type FrameLocator, type Locator, type Page } from '@playwright/test';
import {
  clearNotifications,
  clearOutputFilter,
  closeQuickInput,
  exactly,
  fillQuickInput,
  notificationToast,
  outputLines,
  pickQuickInputRow,
  retypeQuickInput,
  runCommand,
  setPanelMaximized,
  statusBarItem,
  viewPane,
  viewRows,
  waitForQuickInput,
  waitForQuickInputTitle,
} from '../harness/workbench';

export const HISTORY_VIEW = 'Request History';

/** The debugger's page: code-server nests the webview's document in two iframes. */
export const debuggerFrame = (page: Page): FrameLocator => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');

/** A transaction_code the local sandbox has never seen: `TRX-OK-…` voids successfully the first time. */
export function freshTransactionCode(prefix = 'TRX-OK-UI'): string {
  return `${prefix}${Date.now().toString(36).toUpperCase()}${Math.floor(Math.random() * 1296).toString(36).toUpperCase().padStart(2, '0')}`;
}

/**
 * "Prakerja: Void Transaction" from the palette, then both input boxes: each is retyped (it opens prefilled with the
 * last value, selected) and confirmed with Enter (the last one not with `submit: false`). Resolves when the second
 * box has closed; what follows (progress, outcome, a dialog) is for the caller to wait for.
 */
export async function voidViaPalette(
  page: Page,
  codes: { invoiceCode: string; transactionCode: string },
  options: { beforeEnter?: (step: 1 | 2) => Promise<unknown>; submit?: boolean } = {},
): Promise<void> {
  await runCommand(page, 'Prakerja: Void Transaction');
  await waitForQuickInputTitle(page, '(1/2)');
  await retypeQuickInput(page, codes.invoiceCode);
  await options.beforeEnter?.(1);
  await page.keyboard.press('Enter');
  await waitForQuickInputTitle(page, '(2/2)');
  await retypeQuickInput(page, codes.transactionCode);
  await expect(page.locator(`.quick-input-widget input.input`)).toHaveValue(codes.transactionCode);
  await options.beforeEnter?.(2);
  if (options.submit === false) return;
  await page.keyboard.press('Enter');
  await expect(page.locator('.quick-input-widget'), `the Void input box accepts "${codes.transactionCode}"`).toBeHidden();
}

export type EnvironmentLabel = 'Local sandbox' | 'Prakerja sandbox' | 'Production';

/** Makes `environment` active the way a person does: the status bar item (or the palette), then its row. */
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
  // "Unable to write into user settings" means the settings.json has errors (left by an earlier suite, say).
  await expect(notificationToast(page, 'Unable to write into user settings')).toHaveCount(0);
  await expect(statusBarItem(page, `Prakerja: ${environment}`)).toBeVisible();
}

/** A plain workbench to start from: no dialog, menu, quick input, toast, editor or panel; the local sandbox active. */
export async function startFromPlainWorkbench(page: Page): Promise<void> {
  for (const overlay of [page.locator('.monaco-dialog-box'), page.locator('.context-view .monaco-menu')]) {
    if (await overlay.isVisible()) {
      await page.keyboard.press('Escape'); // a "save changes?" dialog is answered Cancel: nothing is lost
      await expect(overlay).toBeHidden();
    }
  }
  await closeQuickInput(page);
  if ((await page.locator('.part.editor .tabs-container .tab').count()) > 0) await runCommand(page, 'View: Close All Editors');
  await expect(page.locator('.monaco-dialog-box')).toBeHidden();
  await clearOutputFilter(page);
  if (await page.locator('.part.panel').isVisible()) await runCommand(page, 'View: Hide Panel');
  await selectEnvironment(page, 'Local sandbox');
  await clearNotifications(page);
}

/**
 * Opens the Prakerja side bar on its Request History view once it has loaded: it lists requests, or says there
 * are none (the welcome text shows only after the tree's first read came back empty).
 */
export async function openHistoryView(page: Page): Promise<void> {
  await openViewContainer(page, 'Prakerja');
  const pane = viewPane(page, HISTORY_VIEW);
  await expect(pane.locator('.pane-body .monaco-list-row').or(pane.locator('.welcome-view-content')).first()).toBeVisible();
}

/** How many requests the history view lists under "Today" (0 when it shows its welcome text). */
export async function todayCount(page: Page): Promise<number> {
  await openHistoryView(page);
  const day = (await viewRows(page, HISTORY_VIEW)).find((row) => row.startsWith('Today'));
  return day ? Number(/(\d+) request/.exec(day)?.[1] ?? 0) : 0;
}

/** The last report block of the Prakerja channel, read in a maximized Output panel, once it names `mustContain`. */
export async function lastReport(page: Page, mustContain: string): Promise<string[]> {
  await setPanelMaximized(page, true);
  await clearOutputFilter(page);
  let block: string[] = [];
  const complete = async () => {
    const lines = await outputLines(page);
    block = lines.slice(Math.max(0, lines.map((l) => l.startsWith('━━')).lastIndexOf(true)));
    return block[0]?.startsWith('━━') && block.some((l) => l.includes(mustContain)) && block.some((l) => l.startsWith('Result: '));
  };
  await expect.poll(complete, { message: `the Output panel shows a report with ${mustContain}` }).toBe(true);
  return block;
}

/** Opens a view container from the activity bar (unless it is open already). */
export async function openViewContainer(page: Page, title: string): Promise<void> {
  const icon = page.locator(`.part.activitybar .action-item:has(> a.action-label[aria-label="${title}"])`);
  await expect(icon).toBeVisible({ timeout: 20_000 });
  if (!((await icon.getAttribute('class')) ?? '').split(/\s+/).includes('checked')) await icon.locator('a.action-label').click();
  await expect(page.locator('.part.sidebar')).toBeVisible();
}

/** Clicks an action of the side bar's title (or of the view's own header when the container shows several views). */
export async function clickViewTitleAction(page: Page, view: string, label: string): Promise<void> {
  const header = viewPane(page, view).locator('.pane-header');
  // A view's own header shows its actions while the pointer is over it (several views in the container).
  if (await header.isVisible()) await header.hover();
  const inHeader = header.locator(`a.action-label[aria-label^="${label}"]`);
  const inTitle = page.locator(`.part.sidebar .composite.title a.action-label[aria-label^="${label}"]`);
  await ((await header.isVisible()) ? inHeader : inTitle).first().click();
}

/** Waits until the view's title actions satisfy `check` (they follow context keys, a moment after a command ran). */
export async function waitForViewTitleActions(page: Page, view: string, check: (actions: string[]) => boolean, what: string): Promise<void> {
  const actions = async () => {
    const header = viewPane(page, view).locator('.pane-header');
    if (await header.isVisible()) await header.hover();
    const bar = (await header.isVisible()) ? header : page.locator('.part.sidebar .composite.title');
    return (await bar.locator('a.action-label').evaluateAll((as) => as.map((a) => a.getAttribute('aria-label') ?? ''))).filter(Boolean);
  };
  await expect.poll(async () => check(await actions()), { message: `the title of "${view}" shows ${what}` }).toBe(true);
}

/**
 * Right-clicks `target` and returns the context menu's items; with `choose`, clicks that one. The menu ignores a
 * click that comes before the pointer rested on an item, so the pointer rests on it first (the item takes focus).
 */
export async function contextMenu(page: Page, target: Locator, choose?: string): Promise<string[]> {
  await target.click({ button: 'right' });
  const menu = page.locator('.context-view .monaco-menu');
  await expect(menu).toBeVisible();
  const items = (await menu.locator('.action-item:not(.disabled) .action-label').allTextContents()).map((i) => i.trim()).filter(Boolean);
  if (choose) {
    const item = menu.locator('.action-item').filter({ has: page.locator('.action-label', { hasText: exactly(choose) }) });
    await expect(item, `the context menu (${items.join(' | ')}) has "${choose}"`).toHaveCount(1);
    await item.hover();
    await expect(item).toHaveClass(/\bfocused\b/);
    await item.click();
    await expect(menu).toBeHidden();
  }
  return items;
}

/** The workbench's colour themes the suites use: the name in the theme picker and the classes the workbench and a webview wear. */
export const THEMES = [
  { id: 'Default Light Modern', label: 'Light Modern', file: 'light', workbench: 'vs', webview: 'vscode-light' },
  { id: 'Default Dark Modern', label: 'Dark Modern', file: 'dark', workbench: 'vs-dark', webview: 'vscode-dark' },
  { id: 'Default High Contrast', label: 'Dark High Contrast', file: 'hc', workbench: 'hc-black', webview: 'vscode-high-contrast' },
  { id: 'Default High Contrast Light', label: 'Light High Contrast', file: 'hc-light', workbench: 'hc-light', webview: 'vscode-high-contrast-light' },
] as const;
export type Theme = (typeof THEMES)[number];
export const themeNamed = (label: Theme['label']): Theme => THEMES.find((theme) => theme.label === label)!;

/**
 * Switches the colour theme as a person does (Ctrl+K Ctrl+T, the theme's name, Enter: this sets workbench.colorTheme
 * to the theme's id); done when the workbench wears it, and an open webview (`webview`) too. (code-server does not
 * pick up a settings.json written behind its back here, so the setting is changed through the workbench.)
 */
export async function setColorTheme(page: Page, theme: Theme, webview?: FrameLocator): Promise<void> {
  if (!((await page.locator('.monaco-workbench').getAttribute('class')) ?? '').split(/\s+/).includes(theme.workbench)) {
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+T');
    await waitForQuickInput(page);
    await fillQuickInput(page, theme.label);
    await expect(page.locator('.quick-input-widget .monaco-list-row.focused')).toHaveAttribute('aria-label', new RegExp(`^${theme.label}\\b`));
    await page.keyboard.press('Enter');
    await expect(page.locator('.quick-input-widget')).toBeHidden();
    await expect(page.locator('.monaco-workbench')).toHaveClass(new RegExp(`(^|\\s)${theme.workbench}(\\s|$)`));
  }
  if (webview) await expect(webview.locator('body')).toHaveClass(new RegExp(`(^|\\s)${theme.webview}(\\s|$)`));
}
