// A person who reads Indonesian selects it in the Settings editor (prakerja.language: id) and voids a transaction:
// the input boxes, the outcome toast, the Prakerja output channel, the Request History view and the signature
// debugger are Indonesian, and no English sentence of the extension's own messages shows in them. Then, in a
// workbench whose display language is Indonesian (code-server --locale id with a minimal Indonesian language pack,
// as a user who installed one has), the walkthrough's pages are Indonesian.
// These run in workbenches of their own: the shared one must first be activated by the sandbox suite's command, and
// the walkthrough needs code-server started with another display language.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { Page, TestInfo } from '@playwright/test';
import { expect, test } from '../harness/fixtures';
import { openSession, type Session } from '../harness/session';
import { REPO_ROOT } from '../harness/util';
import { installVsix } from '../packaged/vsix';
import {
  clearNotifications,
  clearOutputFilter,
  closeQuickInput,
  fillQuickInput,
  hoverText,
  notifications,
  outputLines,
  quickInputState,
  retypeQuickInput,
  rowsOf,
  runCommand,
  setPanelMaximized,
  viewPane,
  waitForNotification,
  waitForQuickInput,
  waitForQuickInputMessage,
  waitForQuickInputTitle,
  waitForToastsSettled,
} from '../harness/workbench';
import { debuggerFrame, freshTransactionCode, HISTORY_VIEW, openHistoryView, startFromPlainWorkbench } from './prakerja';

const BUNDLE: Record<string, string> = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'l10n', 'bundle.l10n.id.json'), 'utf8'));
const id = (english: string): string => {
  const value = BUNDLE[english];
  if (value === undefined) throw new Error(`bundle.l10n.id.json has no "${english}"`);
  return value;
};
/** The Indonesian text with its placeholders' values: the part before the first placeholder, enough to find it. */
const idPrefix = (english: string): string => id(english).split(/\{\d+\}/)[0]!;

/**
 * English sentences the extension has: every run of at least four words of a bundle key between its placeholders
 * that its Indonesian value does not also contain (identifiers such as "invoice_code: {0}" stay as they are).
 */
const ENGLISH_SENTENCES = [
  ...new Set(
    Object.entries(BUNDLE).flatMap(([english, indonesian]) =>
      english
        .split(/\{\d+\}|\n/)
        .map((part) => part.trim())
        .filter((part) => part.split(/\s+/).filter((w) => /[A-Za-z]{2}/.test(w)).length >= 4 && !indonesian.includes(part)),
    ),
  ),
];

/** The English sentences found in `text` (spaces normalised: the editor and the webview render no-break spaces). */
function englishIn(text: string): string[] {
  const plain = text.replace(/[\u00a0\s]+/g, ' ');
  return ENGLISH_SENTENCES.filter((sentence) => plain.includes(sentence.replace(/\s+/g, ' ')));
}

function expectIndonesian(part: string, text: string, indonesian: string[]): void {
  expect(englishIn(text), `English sentences in the ${part}:\n${text}`).toEqual([]);
  for (const phrase of indonesian) expect(text.replace(/[\u00a0\s]+/g, ' '), `the ${part} says "${phrase}"`).toContain(phrase.replace(/\s+/g, ' '));
}

/** Screenshot into the test's output and, as the documentation's picture, into docs/screenshots/id-<name>.png. */
async function shot(page: Page, testInfo: TestInfo, name: string, options: { docs?: boolean } = {}): Promise<string> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled' });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
  if (options.docs === false) return file;
  const docs = path.join(REPO_ROOT, 'docs', 'screenshots', `id-${name}.png`);
  fs.copyFileSync(file, docs);
  return docs;
}

const SETTING = 'prakerja.language';

/** The Settings editor (UI), as a person opens it, on the setting found by its ID. */
async function openSettingsOn(page: Page, setting: string) {
  await runCommand(page, 'Preferences: Open Settings (UI)');
  const search = page.locator('.settings-editor .settings-header .suggest-input-container .monaco-editor');
  await expect(search).toBeVisible({ timeout: 15_000 });
  await search.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(setting);
  const item = page.locator('.settings-editor .settings-tree-container .setting-item-contents').filter({ hasText: /Language/ }).filter({ has: page.locator('select') });
  await expect(item).toHaveCount(1, { timeout: 15_000 });
  await expect(item.locator('.setting-item-title')).toContainText('Language');
  return item;
}

/** Chooses `value` in the setting's dropdown, as a person does: click the box, click the option. */
async function chooseInDropdown(page: Page, item: ReturnType<Page['locator']>, value: string): Promise<void> {
  await item.locator('select').click();
  const option = page.locator('.monaco-select-box-dropdown-container .monaco-list-row').filter({ hasText: new RegExp(`^${value}`) });
  await option.first().click();
  await expect(item.locator('select')).toHaveValue(value);
}

const settingsFile = (session: Session) => path.join(session.userDataDir, 'User', 'settings.json');

test.describe.serial('Bahasa Indonesia', () => {
  let session: Session;
  let page: Page;
  const codes = { invoiceCode: 'INV-ID-1', transactionCode: freshTransactionCode('TRX-OK-ID') };

  test.beforeAll(async ({ browser }) => {
    session = await openSession(browser, { name: 'ui-indonesian' });
    page = session.page;
  });
  test.afterAll(async () => session?.close());

  test('prakerja.language: id is chosen in the Settings editor', async ({}, testInfo) => {
    // The extension activated, the local sandbox active, as a person has it before changing the language.
    await startFromPlainWorkbench(page);
    const item = await openSettingsOn(page, SETTING);
    await chooseInDropdown(page, item, 'id');
    await expect.poll(() => JSON.parse(fs.readFileSync(settingsFile(session), 'utf8'))[SETTING], { message: 'settings.json holds prakerja.language: id' }).toBe('id');
    // Not a documentation picture: code-server 4.100.3 draws the dropdown as "auto" again once the setting is written
    // (settings.json holds "id", and the extension speaks Indonesian).
    await shot(page, testInfo, 'settings', { docs: false });
    await runCommand(page, 'View: Close All Editors');
  });

  test('a void: the input boxes and the outcome toast are Indonesian', async ({}, testInfo) => {
    test.setTimeout(90_000);
    // The palette's titles come from the manifest, which follows VS Code's display language (English here).
    await runCommand(page, 'Prakerja: Void Transaction');
    const rendered: string[] = [];
    await waitForQuickInputTitle(page, '(1/2)');
    await waitForQuickInputMessage(page, id('invoice_code: the invoice your platform created for this purchase'));
    let state = await quickInputState(page);
    expect(state.title).toContain(idPrefix('Void Transaction on {0}'));
    rendered.push(state.title, state.message, (await page.locator('.quick-input-widget input.input').getAttribute('placeholder')) ?? '');
    await retypeQuickInput(page, codes.invoiceCode);
    await shot(page, testInfo, 'void-step-1');
    await page.keyboard.press('Enter');
    await waitForQuickInputTitle(page, '(2/2)');
    await waitForQuickInputMessage(page, id('transaction_code: the code Prakerja gave the transaction'));
    state = await quickInputState(page);
    rendered.push(state.title, state.message, (await page.locator('.quick-input-widget input.input').getAttribute('placeholder')) ?? '');
    await retypeQuickInput(page, codes.transactionCode);
    await expect(page.locator('.quick-input-widget input.input')).toHaveValue(codes.transactionCode);
    await page.keyboard.press('Enter');
    await expect(page.locator('.quick-input-widget')).toBeHidden();
    expectIndonesian('Void input boxes', rendered.join('\n'), [id('invoice_code: the invoice your platform created for this purchase'), id('transaction_code: the code Prakerja gave the transaction')]);

    const toast = await waitForNotification(page, idPrefix('Voided. The server answered: "{0}"'), 20_000);
    expect(toast.severity, toast.text).toBe('info');
    // The progress toast ("Voiding … on …") closes once the outcome is in.
    await waitForToastsSettled(page, idPrefix('Voiding {0} on {1}…'));
    const shown = await notifications(page);
    const buttons = await page.locator('.notifications-toasts .notification-list-item-buttons-container .monaco-button').allTextContents();
    expectIndonesian('notifications', [...shown.map((n) => n.text), ...buttons].join('\n'), [idPrefix('Voided. The server answered: "{0}"'), id('Show Output')]);
    await shot(page, testInfo, 'void-success');
  });

  test('the Prakerja output channel reports the void in Indonesian', async ({}, testInfo) => {
    await clearNotifications(page);
    await runCommand(page, 'Prakerja: Show Output');
    await setPanelMaximized(page, true);
    await clearOutputFilter(page);
    let block: string[] = [];
    const result = idPrefix('Result: {0}');
    await expect
      .poll(
        async () => {
          const lines = await outputLines(page);
          block = lines.slice(Math.max(0, lines.map((l) => l.startsWith('━━')).lastIndexOf(true)));
          return block.some((l) => l.includes(codes.transactionCode)) && block.some((l) => l.startsWith(result));
        },
        { message: `the Output panel shows the report of ${codes.transactionCode}` },
      )
      .toBe(true);
    expectIndonesian('Prakerja output channel', block.join('\n'), [result]);
    await shot(page, testInfo, 'output-channel');
    await setPanelMaximized(page, false);
    await runCommand(page, 'View: Hide Panel');
  });

  test('the Request History view lists the void in Indonesian', async ({}, testInfo) => {
    await openHistoryView(page);
    const pane = viewPane(page, HISTORY_VIEW);
    const today = id('Today');
    await expect(pane.locator('.pane-body .monaco-list-row').filter({ hasText: today }).first()).toBeVisible();
    // The day's group expanded, on the row of this void.
    await expect(pane.locator('.pane-body .monaco-list-row').filter({ hasText: codes.transactionCode }).first()).toBeVisible();
    const rows = await rowsOf(pane.locator('.pane-body .monaco-list-row'));
    const text = rows.flatMap((r) => [r.aria, r.text]).join('\n');
    expectIndonesian('Request History view', text, [today, id('1 request')]);
    // The row's hover: the request's details, under Indonesian labels.
    const row = pane.locator('.pane-body .monaco-list-row').filter({ hasText: codes.transactionCode }).first();
    const hover = await hoverText(page, row, id('Outcome'));
    expectIndonesian('history row hover', hover, [id('Environment'), id('Outcome'), id('Sent'), id('Key fingerprint'), id('Message')]);
    await shot(page, testInfo, 'history-view');
    await page.mouse.move(0, 0);
  });

  test('the signature debugger is Indonesian', async ({}, testInfo) => {
    await clearNotifications(page);
    await runCommand(page, 'Prakerja: Open Signature Debugger');
    const frame = debuggerFrame(page);
    await frame.locator('#signature').filter({ hasText: /^[0-9a-f]{40}$/ }).waitFor({ timeout: 20_000 });
    const text = await frame.locator('body').innerText();
    const labels = await frame.locator('[placeholder], [title], [aria-label]').evaluateAll((elements) =>
      elements.flatMap((e) => ['placeholder', 'title', 'aria-label'].map((a) => e.getAttribute(a) ?? '')),
    );
    expectIndonesian('signature debugger', [text, ...labels].join('\n'), [id('Paste a request (optional)')]);
    await shot(page, testInfo, 'debugger');
    await runCommand(page, 'View: Close All Editors');
  });

  test('the setting is reset in the Settings editor, and the extension speaks English again', async () => {
    const item = await openSettingsOn(page, SETTING);
    // The gear beside the setting: "Reset Setting".
    await item.hover();
    await item.locator('.setting-toolbar-container a.action-label').click();
    // The menu takes a click only once the pointer rested on the item (it takes focus then).
    const reset = page.locator('.context-view .monaco-menu .action-item').filter({ hasText: 'Reset Setting' });
    await reset.hover();
    await expect(reset).toHaveClass(/\bfocused\b/);
    await reset.click();
    await expect(page.locator('.context-view .monaco-menu')).toBeHidden();
    await expect.poll(() => SETTING in JSON.parse(fs.readFileSync(settingsFile(session), 'utf8')), { message: 'settings.json no longer holds prakerja.language' }).toBe(false);
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'Prakerja: Void Transaction');
    const prompt = await waitForQuickInputMessage(page, 'invoice_code: the invoice your platform created for this purchase');
    // The check above finds English when there is some.
    expect(englishIn(prompt)).toContain('invoice_code: the invoice your platform created for this purchase');
    await page.keyboard.press('Escape');
    await expect(page.locator('.quick-input-widget')).toBeHidden();
  });
});

/** A language pack with no translations of VS Code itself: enough for VS Code to take `id` as its display language. */
async function languagePackVsix(dir: string): Promise<string> {
  const pack = path.join(dir, 'pack');
  fs.mkdirSync(path.join(pack, 'translations'), { recursive: true });
  fs.writeFileSync(path.join(pack, 'translations', 'main.i18n.json'), JSON.stringify({ version: '1.0.0', contents: {} }));
  fs.writeFileSync(path.join(pack, 'README.md'), '# Indonesian (test)\n');
  fs.writeFileSync(path.join(pack, 'LICENSE'), 'MIT\n');
  fs.writeFileSync(
    path.join(pack, 'package.json'),
    JSON.stringify({
      name: 'vscode-language-pack-id', publisher: 'probe', version: '0.0.1', license: 'MIT', engines: { vscode: '^1.100.0' }, categories: ['Language Packs'],
      contributes: { localizations: [{ languageId: 'id', languageName: 'Indonesian', localizedLanguageName: 'Bahasa Indonesia', translations: [{ id: 'vscode', path: './translations/main.i18n.json' }] }] },
    }),
  );
  const vsix = path.join(dir, 'pack.vsix');
  await promisify(execFile)(path.join(REPO_ROOT, 'node_modules', '.bin', 'vsce'), ['package', '--allow-missing-repository', '--no-dependencies', '-o', vsix], { cwd: pack });
  return vsix;
}

test.describe('Walkthrough with an Indonesian display language', () => {
  test('"Welcome: Open Walkthrough…" shows the Prakerja walkthrough in Indonesian', async ({ browser }, testInfo) => {
    test.setTimeout(180_000);
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'prakerja-id-pack-'));
    const vsix = await languagePackVsix(scratch);
    const session = await openSession(browser, {
      name: 'ui-indonesian-walkthrough',
      args: ['--locale', 'id'],
      prepare: async (dirs) => {
        const [folder] = await installVsix([vsix], dirs);
        // What VS Code's language pack service writes once a running server has seen the pack: without it, the first
        // start after installing a pack is still English (a user restarts when VS Code asks to).
        fs.writeFileSync(
          path.join(dirs.userDataDir, 'languagepacks.json'),
          JSON.stringify({ id: { hash: 'probe', extensions: [{ extensionIdentifier: { id: 'probe.vscode-language-pack-id' }, version: '0.0.1' }], translations: { vscode: path.join(folder!, 'translations', 'main.i18n.json') }, label: 'Bahasa Indonesia' } }),
        );
      },
    });
    try {
      const page = session.page;
      const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.nls.id.json'), 'utf8')) as Record<string, string>;
      // The pack translates nothing of VS Code itself: its own commands keep their English titles.
      await runCommand(page, 'Welcome: Open Walkthrough...');
      await waitForQuickInput(page);
      const row = page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: manifest['walkthrough.title']! });
      await expect(row.first()).toBeVisible({ timeout: 15_000 });
      await row.first().click();
      const container = page.locator('.gettingStartedContainer');
      await expect(container).toBeVisible({ timeout: 20_000 });
      const step = container.locator('.getting-started-step').filter({ hasText: manifest['walkthrough.void.title']! });
      await expect(step.first()).toBeVisible();
      await step.first().locator('.step-title').first().click();
      // The step's page (media/walkthrough/id/sandbox.md), rendered in a webview.
      const pageText = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame').locator('body');
      await expect(pageText).toContainText('Sandbox lokal', { timeout: 20_000 });
      await expect(pageText).toContainText('Kode transaksi yang berguna');
      const steps = (await container.locator('.getting-started-step .step-title').allInnerTexts()).join('\n');
      for (const key of ['walkthrough.void.title', 'walkthrough.history.title', 'walkthrough.debugger.title', 'walkthrough.credentials.title']) expect(steps).toContain(manifest[key]!);
      await shot(page, testInfo, 'walkthrough');
      // The manifest follows the display language too: the palette lists the Void command by its Indonesian title.
      const voidTitle = `Prakerja: ${manifest['command.voidTransaction']}`;
      await expect(async () => {
        await closeQuickInput(page);
        await page.keyboard.press('F1');
        await waitForQuickInput(page);
        await fillQuickInput(page, `>${voidTitle}`);
        await expect(page.locator('.quick-input-widget .monaco-list-row.focused')).toHaveAttribute('aria-label', new RegExp(`^${voidTitle.replace(/[()]/g, '\\$&')}`), { timeout: 3_000 });
      }, `the palette offers "${voidTitle}"`).toPass({ timeout: 30_000 });
      await closeQuickInput(page);
    } finally {
      await session.close();
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
});
