// `npm start`'s first minutes (issue 16), in the workbench as scripts/start.ts serves it: its own function starts
// code-server on its development profile (the same settings, the same arguments), in a scratch state folder inside
// this repository, as `.vscode-test/start` is. Nothing of code-server's own comes first: no "Setup VS Code Web"
// walkthrough, no "git repository in the parent folders" toast, and the first keys typed into a Prakerja input box
// are in that box.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test, expect } from '@playwright/test';
import { startDevelopmentServer } from '../../scripts/start';
import { openWorkbenchPage } from '../harness/session';
import { RESULTS_DIR, ensureDir } from '../harness/util';
import { closeQuickInput, notifications, runCommand } from '../harness/workbench';

const QUICK_INPUT = '.quick-input-widget';

test('npm start: no walkthrough or git toast, and the first keys typed reach the Prakerja input boxes', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const state = fs.mkdtempSync(path.join(ensureDir(RESULTS_DIR), 'npm-start-'));
  // VS Code's git extension and the extension host leave IPC sockets in the temp dir: keep them in the scratch.
  const { server, url } = await startDevelopmentServer({ state, env: { TMPDIR: ensureDir(path.join(state, 'tmp')) } });
  const opened = await openWorkbenchPage(browser, url, 'npm-start').catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  const { page } = opened;
  const shot = async (name: string) => {
    const file = testInfo.outputPath(`${name}.png`);
    await page.screenshot({ path: file, animations: 'disabled' });
    await testInfo.attach(name, { path: file, contentType: 'image/png' });
  };
  let passed = false;
  try {
    // What a person waits for: the extension's icon in the activity bar (it activates on its first command).
    await expect(page.locator('.part.activitybar a.action-label[aria-label="Prakerja"]')).toBeVisible({ timeout: 60_000 });

    /** Opens a Prakerja command's box and types into it at once, without waiting for its focus. */
    const box = page.locator(`${QUICK_INPUT} input.input`);
    const title = page.locator(`${QUICK_INPUT} .quick-input-title`);
    const typeAhead = async (command: string, shown: () => Promise<void>, keys: string) => {
      await runCommand(page, command);
      await shown();
      await page.keyboard.type(keys);
      await expect(box, `the first keys typed into "${command}" reach its box`).toHaveValue(keys);
    };
    await typeAhead('Prakerja: Void Transaction', () => expect(title).toContainText('(1/2)'), 'INV-START-1');
    await shot('npm-start-void');
    await closeQuickInput(page);
    await typeAhead('Prakerja: Set Credentials', () => expect(title).toContainText('Set Credentials'), 'Local');
    await closeQuickInput(page);
    await typeAhead('Prakerja: Select Environment', () => expect(box).toHaveAttribute('placeholder', 'Send Prakerja requests to which environment?'), 'Local');
    await closeQuickInput(page);

    // By now, seconds after load, code-server's walkthrough and the git extension's prompt would both be showing.
    await expect(page.locator('.part.editor .tabs-container .tab'), 'an editor (the walkthrough, a welcome page) opened').toHaveCount(0);
    await expect(page.locator('.gettingStartedContainer'), 'a walkthrough is shown').toHaveCount(0);
    const toasts = (await notifications(page)).map((n) => n.text);
    expect(toasts.filter((text) => /git repository/i.test(text)), 'the parent-folder git toast').toEqual([]);
    await shot('npm-start');
    passed = true;
  } finally {
    await opened.close();
    await server.stop();
    if (passed) fs.rmSync(state, { recursive: true, force: true }); // else its code-server.log, to read
  }
});
