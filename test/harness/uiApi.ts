// How a UI suite is written: one file per feature in test/ui/<feature>.test.ts, default-exporting defineUiSuite(...).
// Each test gets the shared workbench page (extension loaded as a development extension); the runner screenshots
// it after every test into test-results/ui/. No runtime imports here: every UI bundle includes this file.
import type { Page } from 'playwright-core';

export interface UiContext {
  page: Page;
  /** The folder open in the workbench (empty, throw-away). */
  workspace: string;
  /** Saves an extra screenshot under test-results/ui/ and returns its path. */
  screenshot(name: string): Promise<string>;
}

export interface UiTest {
  name: string;
  run(context: UiContext): Promise<void>;
  skip?: boolean;
  /** Default 60 s. */
  timeoutMs?: number;
}

export interface UiSuite {
  name: string;
  tests: UiTest[];
}

export function defineUiSuite(suite: UiSuite): UiSuite {
  return suite;
}
