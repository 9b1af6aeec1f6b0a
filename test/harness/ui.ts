// UI suites: Playwright drives the workbench of a code-server with the extension loaded as a development extension,
// the way a person would. A tiny runner: suites from dist-test/ui/*.test.js, run in order on one shared page.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runWithDeadline, type SuiteReport } from './report';
import { openSession } from './session';
import type { UiSuite } from './uiApi';
import { closeQuickInput } from './workbench';
import { DIST_TEST, RESULTS_DIR, ensureDir, isStopping, log, slug } from './util';

const DEFAULT_TIMEOUT_MS = 60_000;

export function loadUiSuites(): Array<{ file: string; suite: UiSuite }> {
  const dir = path.join(DIST_TEST, 'ui');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.test.js'))
    .sort()
    .map((file) => {
      const loaded = require(path.join(dir, file)) as { default?: UiSuite };
      const suite = loaded.default;
      if (!suite || !Array.isArray(suite.tests)) throw new Error(`test/ui/${file.replace(/\.js$/, '.ts')} must \`export default defineUiSuite({...})\``);
      return { file, suite };
    });
}

export async function runUi(options: { grep?: string }): Promise<SuiteReport> {
  const started = performance.now();
  const report: SuiteReport = { kind: 'ui', tests: [], harnessErrors: [], durationMs: 0 };
  const grep = options.grep ? new RegExp(options.grep) : undefined;
  const suites = loadUiSuites();
  if (suites.length === 0) {
    // Not a failure by itself; a run in which no test of any kind ran fails as a whole.
    console.log('  (no test/ui/*.test.ts files)');
    return report;
  }
  const selected = suites
    .map(({ suite }) => ({ suite, tests: suite.tests.filter((t) => !grep || grep.test(`${suite.name} › ${t.name}`)) }))
    .filter((s) => s.tests.length > 0);
  if (selected.length === 0) {
    report.harnessErrors.push(`no UI test matches ${grep}`);
    return report;
  }
  const shots = ensureDir(path.join(RESULTS_DIR, 'ui'));
  for (const old of fs.readdirSync(shots)) fs.rmSync(path.join(shots, old), { force: true });

  const session = await openSession({ name: 'ui' });
  try {
    const { page } = session;
    for (const { suite, tests } of selected) {
      console.log(`  ${suite.name}`);
      for (const test of tests) {
        if (isStopping()) return report;
        const title = `${suite.name} › ${test.name}`;
        if (test.skip) {
          report.tests.push({ title, state: 'skipped', durationMs: 0 });
          console.log(`    - ${test.name} (skipped)`);
          continue;
        }
        const base = `${slug(suite.name)}--${slug(test.name)}`;
        const context = {
          page,
          workspace: session.workspace,
          screenshot: async (name: string) => {
            const file = path.join(shots, `${base}--${slug(name)}.png`);
            await page.screenshot({ path: file });
            return file;
          },
        };
        const result = await runWithDeadline(title, () => test.run(context), test.timeoutMs ?? DEFAULT_TIMEOUT_MS);
        // The screenshot shows the workbench as the test left it; on a failure, what went wrong.
        await page.screenshot({ path: path.join(shots, `${base}.png`) }).catch(() => undefined);
        console.log(`    ${result.state === 'passed' ? '✔' : '✘'} ${test.name} (${Math.round(result.durationMs)} ms)`);
        if (result.error) console.log(result.error.replace(/^/gm, '      '));
        report.tests.push(result);
        // Next test starts from a plain workbench.
        await closeQuickInput(page).catch(() => undefined);
      }
    }
    log(`UI screenshots: ${path.relative(process.cwd(), shots)}/`);
  } finally {
    await session.close();
  }
  report.durationMs = performance.now() - started;
  return report;
}
