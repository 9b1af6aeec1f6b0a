// A person starts the local sandbox from the command palette.
import { defineUiSuite } from '../harness/uiApi';
import { filterOutput, notifications, quickInputRows, runCommand, showOutputChannel, waitForNotification, waitForOutput, waitForQuickInput } from '../harness/workbench';

const TITLE = 'Prakerja: Start Local Sandbox';

export default defineUiSuite({
  name: 'Local sandbox',
  tests: [
    {
      name: 'the command palette runs "Prakerja: Start Local Sandbox", which tells its URL',
      async run({ page, screenshot }) {
        await runCommand(page, TITLE, { beforeEnter: () => screenshot('palette') });
        // The toast tells where the sandbox listens (matched on the URL only, so wording and language may change).
        const toast = await waitForNotification(page, /http:\/\/127\.0\.0\.1:\d+/);
        if (toast.severity !== 'info') throw new Error(`expected an information toast, got ${toast.severity}: ${toast.text}`);
        const errors = (await notifications(page)).filter((n) => n.severity === 'error');
        if (errors.length > 0) throw new Error(`error notifications: ${errors.map((n) => n.text).join(' | ')}`);
      },
    },
    {
      name: 'the extension host log shows the command activated the extension',
      async run({ page }) {
        await showOutputChannel(page, 'Extension Host (Remote)');
        await filterOutput(page, 'prakerja-toolkit.prakerja-api-toolkit');
        await waitForOutput(page, /_doActivateExtension prakerja-toolkit\.prakerja-api-toolkit.*onCommand:prakerja\.startLocalSandbox/s);
      },
    },
    {
      name: 'the palette offers the command again under "recently used"',
      async run({ page }) {
        await page.keyboard.press('F1');
        await waitForQuickInput(page);
        const rows = await quickInputRows(page);
        // Rows of the "recently used" group come before the first row labelled "…, other commands".
        const others = rows.findIndex((r) => r.endsWith(', other commands'));
        const recent = rows.slice(0, others < 0 ? rows.length : others);
        if (!recent.some((r) => r.startsWith(TITLE))) throw new Error(`"${TITLE}" is not under "recently used": ${recent.join(' | ')}`);
        await page.keyboard.press('Escape');
      },
    },
  ],
});
