// A person opens the signature debugger, edits the body and watches the HMAC change, pastes wrong signatures and
// reads the diagnosis, in a dark and a light theme. The sign_key must appear nowhere in the page.
import { createHash, createHmac } from 'node:crypto';
import type { FrameLocator, Page } from '@playwright/test';
import { expect, test } from '../harness/fixtures';
import { runCommand, waitForQuickInput } from '../harness/workbench';
import { debuggerFrame } from './prakerja';

/** Types into the focused input box / quick pick, presses Enter and waits for it to close. */
async function answerQuickInput(page: Page, text: string): Promise<void> {
  const widget = await waitForQuickInput(page);
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await expect(widget).toBeHidden();
}

const KEY = 'sandbox-sign-key'; // the local sandbox's demo key: the debugger uses it when nothing is stored
const EP = '/api/v1/integration/payment/void';

async function open(page: Page): Promise<FrameLocator> {
  await runCommand(page, 'Prakerja: Open Signature Debugger');
  const frame = debuggerFrame(page);
  await frame.locator('#signature').filter({ hasText: /^[0-9a-f]{40}$/ }).waitFor({ timeout: 20_000 });
  return frame;
}

async function inputs(frame: FrameLocator) {
  const value = (id: string) => frame.locator(`#${id}`).inputValue();
  return { clientCode: await value('clientCode'), timestamp: await value('timestamp'), method: await value('method'), endpoint: await value('endpoint'), body: await value('body') };
}

const hmac = (message: string, key = KEY, algorithm = 'sha1') => createHmac(algorithm, key).update(message, 'utf8').digest('hex');

async function expectFinding(frame: FrameLocator, signature: string, finding: string): Promise<void> {
  await frame.locator('#theirSignature').fill(signature);
  await frame.locator(`#findings li[data-finding="${finding}"]`).waitFor({ timeout: 10_000 });
}

/** The class VS Code gives a webview's body for each kind of theme. */
const THEME_KIND: Record<string, string> = { 'Dark Modern': 'vscode-dark', 'Light Modern': 'vscode-light', 'Dark High Contrast': 'vscode-high-contrast' };

/** Ctrl+K Ctrl+T, the theme's name, Enter: as a person switches themes; done when the webview has the theme's kind. */
async function setTheme(page: Page, theme: string): Promise<void> {
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+T');
  await waitForQuickInput(page);
  await answerQuickInput(page, theme);
  await expect(debuggerFrame(page).locator('body')).toHaveClass(new RegExp(`\\b${THEME_KIND[theme]}\\b`));
  await expect(page.locator('.monaco-workbench')).toHaveClass(new RegExp(`\\b${theme === 'Light Modern' ? 'vs' : theme === 'Dark Modern' ? 'vs-dark' : 'hc-black'}\\b`));
}

test.describe.serial('Signature debugger', () => {
  test('opens from the palette with the raw_signature in coloured segments and a live HMAC', async ({ page, shot }) => {
    const frame = await open(page);
    const legend = await frame.locator('#legend span').allTextContents();
    for (const name of ['client_code', 'timestamp', 'method', 'endpoint', 'body']) {
      if (!legend.some((l) => l.startsWith(name))) throw new Error(`legend lacks ${name}: ${legend.join(', ')}`);
    }
    const v = await inputs(frame);
    const expected = hmac(`${v.clientCode}${v.timestamp}${v.method}${v.endpoint}${v.body}`);
    const shown = await frame.locator('#signature').textContent();
    if (shown !== expected) throw new Error(`HMAC shown ${shown}, expected ${expected}`);
    if (!/\d{2}:\d{2}:\d{2} WIB/.test((await frame.locator('#timestampDates').textContent()) ?? '')) throw new Error('no WIB date beside the timestamp');
    await shot('debugger-dark');
  });

  test('editing the body changes the raw_signature and the HMAC at once', async ({ page }) => {
    const frame = debuggerFrame(page);
    const before = await frame.locator('#signature').textContent();
    const body = '{"invoice_code":"INV/é","transaction_code":"TRX-OK-UI"}';
    await frame.locator('#body').fill(body);
    await frame.locator('#raw').filter({ hasText: 'TRX-OK-UI' }).waitFor({ timeout: 10_000 });
    const v = await inputs(frame);
    await frame.locator('#signature').filter({ hasText: hmac(`${v.clientCode}${v.timestamp}${v.method}${v.endpoint}${body}`) }).waitFor({ timeout: 10_000 });
    if ((await frame.locator('#signature').textContent()) === before) throw new Error('the HMAC did not change');
    // Invisible characters: é shows as \u00e9 when asked.
    await frame.locator('#invisibles').check();
    await frame.locator('#raw .escape').filter({ hasText: '\\u00e9' }).waitFor({ timeout: 5_000 });
    await frame.locator('#invisibles').uncheck();
  });

  test('a wrong signature from each family of mistakes gets the right diagnosis', async ({ page, shot }) => {
    const frame = debuggerFrame(page);
    const body = '{"invoice_code":"INV-1","transaction_code":"TRX-1"}';
    await frame.locator('#body').fill(body);
    const v = { ...(await inputs(frame)), body };
    const raw = (c: Partial<typeof v> = {}) => {
      const x = { ...v, ...c };
      return `${x.clientCode}${x.timestamp}${x.method}${x.endpoint}${x.body}`;
    };
    await expectFinding(frame, hmac(raw({ body: '{"invoice_code": "INV-1", "transaction_code": "TRX-1"}' })), 'body.python');
    await frame.locator('#verdict').scrollIntoViewIfNeeded();
    await shot('debugger-diagnosis');
    await expectFinding(frame, hmac(raw({ timestamp: `${v.timestamp}123` })), 'timestamp.milliseconds');
    await expectFinding(frame, hmac(raw({ method: 'post' })), 'method.lowercase');
    await expectFinding(frame, hmac(raw({ endpoint: `https://api.prakerja.go.id${EP}` })), 'endpoint.fullUrl');
    await expectFinding(frame, hmac(raw(), `${KEY}\n`), 'key.whitespace');
    await expectFinding(frame, hmac(raw()).toUpperCase(), 'output.upperHex');
    await expectFinding(frame, hmac(raw(), KEY, 'sha256'), 'output.sha256');
    await expectFinding(frame, createHash('sha1').update(raw()).digest('hex'), 'output.plainSha1');
    await frame.locator('#theirSignature').fill(hmac(raw()));
    await frame.locator('#verdict.match').waitFor({ timeout: 10_000 });
    // Their raw string: the first differing byte is named.
    await frame.locator('#theirRaw').fill(raw({ body: '{"invoice_code":"INV-2","transaction_code":"TRX-1"}' }));
    await frame.locator('#firstDifference').filter({ hasText: 'body' }).waitFor({ timeout: 10_000 });
    await frame.locator('#raw mark').waitFor({ timeout: 5_000 });
  });

  test('snippets for six languages, keyboard-selectable', async ({ page }) => {
    const frame = debuggerFrame(page);
    await frame.locator('#tab-node').click();
    await frame.locator('#snippet').filter({ hasText: 'createHmac' }).waitFor();
    await page.keyboard.press('ArrowRight');
    await frame.locator('#snippet').filter({ hasText: 'hmac.new' }).waitFor();
    await frame.locator('#tab-go').click();
    await frame.locator('#snippet').filter({ hasText: 'SetEscapeHTML(false)' }).waitFor();
  });

  test('the sign_key appears nowhere in the page', async ({ page }) => {
    const frame = debuggerFrame(page);
    const dom = await frame.locator('html').evaluate((html) => html.outerHTML + Array.from(html.querySelectorAll('input, textarea')).map((e) => (e as HTMLInputElement).value).join('\n'));
    if (dom.includes(KEY)) throw new Error('the sign_key is in the webview DOM');
    if ((await page.content()).includes(KEY)) throw new Error('the sign_key is in the workbench DOM');
    const fingerprint = await frame.locator('#fingerprint').textContent();
    if (!/[0-9a-f]{8}/.test(fingerprint ?? '')) throw new Error(`no key fingerprint shown: ${fingerprint}`);
  });

  test('looks native in a light theme and in high contrast', async ({ page, shot }) => {
    await debuggerFrame(page).locator('#raw').scrollIntoViewIfNeeded();
    await setTheme(page, 'Dark Modern');
    await shot('debugger-dark');
    await setTheme(page, 'Light Modern');
    await shot('debugger-light');
    await setTheme(page, 'Dark High Contrast');
    await shot('debugger-high-contrast');
    await setTheme(page, 'Light Modern');
  });

  test('stays readable at a narrow width', async ({ page, shot }) => {
    const size = page.viewportSize() ?? { width: 1280, height: 800 };
    const frame = debuggerFrame(page);
    const width = () => frame.locator('body').evaluate(() => window.innerWidth);
    const wide = await width();
    await page.setViewportSize({ width: 760, height: size.height });
    try {
      // The webview has taken the new width (its layout follows the window's resize event).
      await expect.poll(width).toBeLessThan(wide);
      await frame.locator('#request-heading').scrollIntoViewIfNeeded();
      // One column: labels sit above their inputs, nothing scrolls sideways.
      const overflow = await frame.locator('body').evaluate((body) => body.scrollWidth - body.clientWidth);
      if (overflow > 0) throw new Error(`the page scrolls sideways by ${overflow}px`);
      await shot('debugger-narrow');
    } finally {
      await page.setViewportSize(size);
    }
  });

  test('is restored, with what was typed, after the window reloads', async ({ page }) => {
    const frame = debuggerFrame(page);
    const body = '{"invoice_code":"INV-RELOAD","transaction_code":"TRX-OK-RELOAD"}';
    await frame.locator('#body').fill(body);
    await frame.locator('#raw').filter({ hasText: 'TRX-OK-RELOAD' }).waitFor({ timeout: 10_000 });
    await runCommand(page, 'Developer: Reload Window');
    const restored = debuggerFrame(page);
    await restored.locator('#signature').filter({ hasText: /^[0-9a-f]{40}$/ }).waitFor({ timeout: 30_000 });
    const value = await restored.locator('#body').inputValue();
    if (value !== body) throw new Error(`after the reload the body is ${value}`);
  });
});
