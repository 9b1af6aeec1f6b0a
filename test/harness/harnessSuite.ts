// Harness-level suites: tests that need more than the shared UI page gives (their own code-server, a packaged
// extension, two windows, killing the extension host). Run by run-all as their own phases and counted in the summary
// like every other suite. Tests of a suite run in order and may build on each other: when one fails, the tests that
// declared it in `needs` are skipped (the failure itself already fails the run).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { runWithDeadline, type SuiteReport, type TestResult } from './report';
import { RESULTS_DIR, ensureDir, isStopping, slug } from './util';

export interface HarnessTestContext {
  /** Saves a screenshot of `page` under test-results/<suite>/ and returns its path. */
  screenshot(page: Page, name: string): Promise<string>;
  /** test-results/<suite>/ */
  resultsDir: string;
}

export interface HarnessTest {
  name: string;
  run(context: HarnessTestContext): Promise<void>;
  /** Names of earlier tests of the suite this one builds on. */
  needs?: string[];
  /** Default 120 s. */
  timeoutMs?: number;
}

export interface HarnessSuite {
  name: string;
  /** Directory name under test-results/. */
  id: string;
  tests: HarnessTest[];
  /** Runs once after the tests (also after a failure), e.g. to close sessions the tests opened. */
  after?: () => Promise<void>;
}

/** Runs the tests whose full title (`Suite › test`) matches `grep`; none matching is an empty report, not an error. */
export async function runHarnessSuite(suite: HarnessSuite, options: { grep?: string }): Promise<SuiteReport> {
  const started = performance.now();
  // The kind is the closest existing one (these drive a workbench like the UI suites); run-all names the phase.
  const report: SuiteReport = { kind: 'ui', tests: [], harnessErrors: [], durationMs: 0 };
  const grep = options.grep ? new RegExp(options.grep) : undefined;
  const title = (test: HarnessTest) => `${suite.name} › ${test.name}`;
  const selected = new Set(suite.tests.filter((t) => !grep || grep.test(title(t))).map((t) => t.name));
  // A selected test also runs what it needs.
  for (const test of [...suite.tests].reverse()) if (selected.has(test.name)) for (const need of test.needs ?? []) selected.add(need);
  if (selected.size === 0) {
    console.log(`  (no test matches ${grep})`);
    return report;
  }
  const resultsDir = ensureDir(path.join(RESULTS_DIR, suite.id));
  for (const old of fs.readdirSync(resultsDir)) if (old.endsWith('.png')) fs.rmSync(path.join(resultsDir, old), { force: true });
  const states = new Map<string, TestResult['state']>();
  console.log(`  ${suite.name}`);
  try {
    for (const test of suite.tests) {
      if (!selected.has(test.name) || isStopping()) continue;
      const failedNeed = (test.needs ?? []).find((n) => states.get(n) !== 'passed');
      if (failedNeed) {
        states.set(test.name, 'skipped');
        report.tests.push({ title: title(test), state: 'skipped', durationMs: 0 });
        console.log(`    - ${test.name} (skipped: needs "${failedNeed}")`);
        continue;
      }
      const context: HarnessTestContext = {
        resultsDir,
        screenshot: async (page, name) => {
          const file = path.join(resultsDir, `${slug(test.name)}--${slug(name)}.png`);
          await page.screenshot({ path: file });
          return file;
        },
      };
      const result = await runWithDeadline(title(test), () => test.run(context), test.timeoutMs ?? 120_000);
      states.set(test.name, result.state);
      report.tests.push(result);
      console.log(`    ${result.state === 'passed' ? '✔' : '✘'} ${test.name} (${Math.round(result.durationMs)} ms)`);
      if (result.error) console.log(result.error.replace(/^/gm, '      '));
    }
  } finally {
    await suite.after?.().catch((error: unknown) => report.harnessErrors.push(`${suite.name}: cleanup failed: ${error instanceof Error ? error.message : String(error)}`));
  }
  report.durationMs = performance.now() - started;
  return report;
}
