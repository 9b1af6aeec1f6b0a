// The signature debugger for keyboard and screen-reader users, in every kind of theme: axe-core (WCAG 2.1 AA) inside
// the webview's own document in Light, Dark, High Contrast and High Contrast Light, in its default state and with a
// mismatch and warnings shown; every control reached by Tab in order, named as the accessibility tree names it; the
// verdict's live region there before the first result and changed once per change.
import fs from 'node:fs';
import path from 'node:path';
import axe from 'axe-core';
import type { Frame, FrameLocator, Page } from '@playwright/test';
import { expect, test } from '../harness/fixtures';
import { fillQuickInput, retypeQuickInput, runCommand, waitForQuickInput } from '../harness/workbench';
import { debuggerFrame, setColorTheme, startFromPlainWorkbench, THEMES } from './prakerja';

async function open(page: Page): Promise<FrameLocator> {
  await runCommand(page, 'Prakerja: Open Signature Debugger');
  const frame = debuggerFrame(page);
  await frame.locator('#signature').filter({ hasText: /^[0-9a-f]{40}$/ }).waitFor({ timeout: 20_000 });
  return frame;
}


/** The webview's inner document as a Frame, for evaluating axe in it. */
async function innerFrame(frame: FrameLocator): Promise<Frame> {
  const handle = await frame.locator('body').elementHandle();
  const owner = await handle?.ownerFrame();
  if (!owner) throw new Error('the webview frame was not found');
  return owner;
}

interface Violation {
  id: string;
  impact: string | null | undefined;
  help: string;
  nodes: Array<{ target: string; summary: string | undefined }>;
}

/** axe-core from npm, injected into the frame (through the debugger protocol, so the page's CSP does not apply). */
async function runAxe(frame: FrameLocator): Promise<Violation[]> {
  const inner = await innerFrame(frame);
  if (!(await inner.evaluate(() => 'axe' in window))) await inner.evaluate(axe.source);
  return inner.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })) }));
  });
}

async function expectNoViolations(frame: FrameLocator, what: string): Promise<void> {
  const violations = await runAxe(frame);
  expect(violations, `axe WCAG 2.1 AA violations ${what}:\n${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

/** A wrong signature, a raw_signature that differs, notes (lower-case method, a body not as JSON.stringify writes it), invisibles shown. */
async function showMismatchAndWarnings(frame: FrameLocator): Promise<void> {
  await frame.locator('#method').fill('post');
  await frame.locator('#body').fill('{"invoice_code": "INV/é", "transaction_code": "TRX-1"}');
  await frame.locator('#theirSignature').fill('0'.repeat(40));
  await frame.locator('#theirRaw').fill('x');
  await frame.locator('#invisibles').check();
  await expect(frame.locator('#verdict.mismatch #firstDifference')).toBeVisible();
  await expect(frame.locator('#raw mark')).toBeVisible();
  await expect(frame.locator('#raw .escape').first()).toBeVisible();
  await expect(frame.locator('#notes li')).not.toHaveCount(0);
}

async function resetInputs(frame: FrameLocator): Promise<void> {
  await frame.locator('#invisibles').uncheck();
  await frame.locator('#theirRaw').fill('');
  await frame.locator('#theirSignature').fill('');
  await frame.locator('#method').fill('POST');
  await frame.locator('#body').fill('{"invoice_code":"INV-1","transaction_code":"TRX-1"}');
  await expect(frame.locator('#verdict')).toBeEmpty();
  // Only the local sandbox's note may stay (the sandbox is not started here).
  await expect(frame.locator('#notes li')).toHaveCount((await frame.locator('#notes li', { hasText: 'sandbox' }).count()) > 0 ? 1 : 0);
}

test.describe.serial('Accessibility of the signature debugger', () => {
  test.beforeAll(async ({ workbench }) => {
    await startFromPlainWorkbench(workbench.page);
  });

  for (const theme of THEMES) {
    test(`axe finds no WCAG 2.1 AA violation in ${theme.id}`, async ({ page, workbench, shot }, testInfo) => {
      const frame = (await debuggerFrame(page).locator('#signature').count()) ? debuggerFrame(page) : await open(page);
      await setColorTheme(page, theme, debuggerFrame(page));
      await resetInputs(frame);
      await expectNoViolations(frame, `in ${theme.id}, default state`);
      await showMismatchAndWarnings(frame);
      await expectNoViolations(frame, `in ${theme.id}, with a mismatch and warnings`);
      // No sign_key for another environment: its warning and button.
      await frame.locator('#environment').selectOption('production');
      await expect(frame.locator('#noKey').or(frame.locator('#signature').filter({ hasText: /^[0-9a-f]{40}$/ })).first()).toBeVisible();
      if (await frame.locator('#noKey').isVisible()) await expectNoViolations(frame, `in ${theme.id}, without a sign_key`);
      await frame.locator('#environment').selectOption('local');
      await expect(frame.locator('#signature')).toHaveText(/^[0-9a-f]{40}$/);
      await frame.locator('#raw-heading').scrollIntoViewIfNeeded();
      await shot(`debugger-${theme.file}`);
      fs.mkdirSync('docs/screenshots', { recursive: true });
      fs.copyFileSync(testInfo.outputPath(`debugger-${theme.file}.png`), path.join('docs', 'screenshots', `debugger-${theme.file}.png`));
      await resetInputs(frame);
    });
  }

  test('axe finds no violation with a response shown after Send, in every theme', async ({ page }) => {
    const frame = (await debuggerFrame(page).locator('#signature').count()) ? debuggerFrame(page) : await open(page);
    await resetInputs(frame);
    await frame.locator('#endpoint').fill('/api/v1/integration/payment/status');
    await frame.locator('#body').fill('{"invoice_code":"INV-A11Y"}');
    await frame.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(frame.locator('#sendStatus')).toHaveText(/^Signature accepted; this endpoint is not simulated here/, { timeout: 15_000 });
    await expect(frame.locator('#responseBody')).toContainText('SANDBOX-NOT-SIMULATED');
    for (const theme of THEMES) {
      await setColorTheme(page, theme, debuggerFrame(page));
      await expectNoViolations(frame, `in ${theme.id}, with a response shown`);
    }
    // The response's two blocks are Tab stops now (between Send and the raw_signature): the next test starts from a
    // fresh panel.
    await runCommand(page, 'View: Close All Editors');
    await expect(page.locator('iframe.webview')).toHaveCount(0);
  });

  test('every control is reached by Tab in order, with its name; the tabs follow the WAI-ARIA pattern', async ({ page, workbench }) => {
    const frame = (await debuggerFrame(page).locator('#signature').count()) ? debuggerFrame(page) : await open(page);
    await setColorTheme(page, THEMES[1], debuggerFrame(page));
    await frame.locator('#environment').selectOption('local');
    await expect(frame.locator('#noKey')).toBeHidden();
    const order: Array<[Parameters<FrameLocator['getByRole']>[0], string]> = [
      ['combobox', 'Environment'],
      ['textbox', 'client_code'],
      ['textbox', 'timestamp'],
      ['button', 'Now'],
      ['textbox', 'Method'],
      ['textbox', 'Endpoint'],
      ['textbox', 'Extra segment'],
      ['textbox', 'Body'],
      ['button', 'Send'],
      ['checkbox', 'Show invisible characters'],
      ['button', 'Copy raw_signature'],
      ['group', 'raw_signature'],
      ['button', 'Copy HMAC-SHA1'],
      ['textbox', 'Paste a request (optional)'],
      ['button', 'Fill from request'],
      ['textbox', 'Your signature'],
      ['textbox', 'Your raw_signature (optional)'],
      ['textbox', 'Body your application sent (optional)'],
      ['textbox', 'timestamp header your application sent (optional)'],
      ['button', 'Copy Node.js code'],
      ['button', 'Copy as cURL'],
      ['tab', 'Node.js'],
      ['tabpanel', 'Node.js'],
    ];
    await frame.locator('#tab-node').click();
    await frame.getByRole('combobox', { name: 'Environment', exact: true }).focus();
    for (const [index, [role, name]] of order.entries()) {
      if (index > 0) await page.keyboard.press('Tab');
      await expect(frame.getByRole(role, { name, exact: true }), `Tab stop ${index + 1}: ${role} "${name}"`).toBeFocused();
    }
    // The HMAC value is read, not a tab stop; the section names it.
    await expect(frame.locator('#signature')).not.toHaveAttribute('tabindex');
    await frame.getByRole('tab', { name: 'Node.js', exact: true }).focus();
    await page.keyboard.press('End');
    await expect(frame.getByRole('tab', { name: 'Java', exact: true })).toBeFocused();
    await expect(frame.getByRole('tab', { name: 'Java', exact: true })).toHaveAttribute('aria-selected', 'true');
    await expect(frame.getByRole('tabpanel', { name: 'Java', exact: true })).toContainText('Mac');
    await expect(frame.getByRole('button', { name: 'Copy Java code', exact: true })).toBeVisible();
    await page.keyboard.press('Home');
    await expect(frame.getByRole('tab', { name: 'Node.js', exact: true })).toBeFocused();
    await page.keyboard.press('ArrowLeft');
    await expect(frame.getByRole('tab', { name: 'Java', exact: true })).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await expect(frame.getByRole('tabpanel', { name: 'Node.js', exact: true })).toContainText('createHmac');
    // The legend gives every segment's byte range as text.
    await expect(frame.getByRole('list', { name: 'Segments of the raw_signature' }).getByRole('listitem').filter({ hasText: /^\s*body \(\d+\): bytes \d+–\d+$/ })).toHaveCount(1);
  });

  test("the verdict's live region is there before the first result and changes once per change", async ({ page }) => {
    await runCommand(page, 'View: Close All Editors');
    await expect(page.locator('iframe.webview')).toHaveCount(0);
    await runCommand(page, 'Prakerja: Open Signature Debugger');
    const frame = debuggerFrame(page);
    // Present in the accessibility tree from the start (not hidden), empty until there is something to say.
    const verdict = frame.locator('#verdict');
    await expect(verdict).toBeAttached();
    await expect(verdict).toHaveAttribute('role', 'status');
    await expect(verdict).toHaveAttribute('aria-live', 'polite');
    await expect(verdict).not.toHaveAttribute('hidden');
    await frame.locator('#signature').filter({ hasText: /^[0-9a-f]{40}$/ }).waitFor({ timeout: 20_000 });
    await expect(verdict).toBeEmpty();
    const dates = frame.locator('#timestampDates');
    const start = await dates.evaluate((element) => {
      const counted = (target: Element, key: string) => {
        let last = target.textContent;
        const w = window as unknown as Record<string, number>;
        w[key] = 0;
        new MutationObserver(() => {
          if (target.textContent !== last) w[key] = (w[key] ?? 0) + 1;
          last = target.textContent;
        }).observe(target, { childList: true, subtree: true, characterData: true });
      };
      counted(document.getElementById('verdict')!, 'verdictChanges');
      counted(element, 'dateChanges');
      const w = window as unknown as Record<string, number>;
      w.verdictMutations = 0;
      new MutationObserver((records) => (w.verdictMutations! += records.length)).observe(document.getElementById('verdict')!, { childList: true, subtree: true, characterData: true, attributes: true });
      return true;
    });
    expect(start).toBe(true);
    const count = (key: string) => dates.evaluate((_, k) => (window as unknown as Record<string, number>)[k], key);
    await frame.getByRole('textbox', { name: 'Your signature', exact: true }).fill('0'.repeat(40));
    await expect(verdict).toContainText('Mismatch');
    await expect.poll(() => count('verdictChanges')).toBe(1);
    const mutations = await count('verdictMutations');
    // Key by key edits of the body: each is a new result, none changes what the verdict says.
    const body = frame.getByRole('textbox', { name: 'Body', exact: true });
    await body.focus();
    await page.keyboard.press('End');
    for (const key of ['a', 'b', 'c']) {
      await page.keyboard.type(key);
      await expect(frame.locator('#raw')).toContainText(`}${'abc'.slice(0, 'abc'.indexOf(key) + 1)}`);
    }
    expect(await count('verdictChanges')).toBe(1);
    expect(await count('verdictMutations'), 'the verdict was not rebuilt by edits that leave its text as it was').toBe(mutations);
    expect(await count('dateChanges'), 'the dates did not change, so they were not rewritten').toBe(0);
    // What the verdict says changes: one change.
    const expected = (await frame.locator('#signature').textContent()) ?? '';
    await frame.getByRole('textbox', { name: 'Your signature', exact: true }).fill(expected);
    await expect(verdict).toContainText('Match');
    await expect.poll(() => count('verdictChanges')).toBe(2);
  });
});

test.describe.serial('Accessibility of the Void input boxes', () => {
  test('each box is named by its field, and an invalid value becomes its accessible description', async ({ page }) => {
    await runCommand(page, 'Prakerja: Void Transaction');
    const box = page.locator('.quick-input-widget input.input');
    await expect(box).toHaveAccessibleName(/^invoice_code\b/);
    const prompt = await page.locator('.quick-input-widget .quick-input-message').innerText();
    await retypeQuickInput(page, 'INV-');
    await page.keyboard.insertText('\u200b');
    await page.keyboard.type('1');
    // The workbench shows the validation message under the box and makes it the box's aria-describedby.
    const message = /^invoice_code contains an invisible or control character .* at position 5; remove it\.$/;
    await expect(page.locator('.quick-input-widget .quick-input-message')).toHaveText(message);
    expect(prompt).not.toMatch(message);
    await expect(box).toHaveAccessibleDescription(message);
    await retypeQuickInput(page, 'INV-A11Y-1');
    await page.keyboard.press('Enter');
    await expect(page.locator('.quick-input-widget .quick-input-title')).toContainText('(2/2)');
    await expect(box).toHaveAccessibleName(/^transaction_code\b/);
    await page.keyboard.press('Escape');
    await expect(page.locator('.quick-input-widget')).toBeHidden();
  });
});
