// The UI suites' fixtures: one code-server workbench per worker, whose page every test of the worker drives in
// turn (like a person's session, later tests see what earlier ones left), and screenshots a test takes on purpose.
import { test as base } from '@playwright/test';
import { openSession, type Session } from './session';

export { expect } from '@playwright/test';

export const test = base.extend<{ shot: (name: string) => Promise<void> }, { workbench: Session }>({
  workbench: [
    async ({ browser }, use) => {
      const session = await openSession(browser, { name: 'ui' });
      await use(session);
      await session.close();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  page: async ({ workbench }, use) => use(workbench.page),
  /** Saves a screenshot into the test's output folder and attaches it to the report (animations run to their end). */
  shot: async ({ page }, use, testInfo) => {
    await use(async (name) => {
      const file = testInfo.outputPath(`${name}.png`);
      await page.screenshot({ path: file, animations: 'disabled' });
      await testInfo.attach(name, { path: file, contentType: 'image/png' });
    });
  },
});
