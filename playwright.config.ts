// Workbench suites on @playwright/test: `ui` (test/ui, one shared workbench per worker), `packaged` (the .vsix as
// users get it) and `durability` (two windows, a killed extension host). code-server is installed once before the
// run (globalSetup) and started by the suites' fixtures. Browser: Debian's Chromium, never a Playwright download.
import { defineConfig, type LaunchOptions } from '@playwright/test';

/** Also used by the integration runner (test/harness/run-all.ts), which drives the same Chromium. */
export const launchOptions: LaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: process.env.HEADED !== '1',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
};

export default defineConfig({
  testMatch: '**/*.test.ts',
  globalSetup: './test/harness/codeServer.ts',
  // The suites share one workbench and the machine has two cores: one test at a time, in file order.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    headless: launchOptions.headless,
    launchOptions,
    // DOM snapshots of every action, kept when a test fails; no screencast, which doubles the suites' time here.
    trace: { mode: 'retain-on-failure', screenshots: false },
    screenshot: 'only-on-failure',
    actionTimeout: 15_000,
  },
  projects: [
    { name: 'ui', testDir: 'test/ui', outputDir: 'test-results/ui' },
    { name: 'packaged', testDir: 'test/packaged', outputDir: 'test-results/packaged', timeout: 180_000 },
    { name: 'durability', testDir: 'test/durability', outputDir: 'test-results/durability', timeout: 180_000 },
  ],
});
