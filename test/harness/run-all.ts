// `npm test`: type-checking and lint, then the unit suites (node's runner), the integration suites (mocha in code-server's
// extension host), and the workbench suites (@playwright/test: ui, packaged, durability). Each runner reports as it
// goes; the summary is computed from their JSON reports and ends with one line `N passed, N failed`. Exits non-zero
// when anything failed or no test ran. `--only KIND` runs one kind; `--grep RE` the tests whose title matches.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { launchOptions } from '../../playwright.config';
import { ensureCodeServer } from './codeServer';
import { runIntegration } from './integration';
import { REPO_ROOT, RESULTS_DIR, ensureDir, log } from './util';

const KINDS = ['check', 'unit', 'integration', 'ui', 'packaged', 'durability'] as const;
type Kind = (typeof KINDS)[number];
interface Result {
  passed: number;
  failed: number;
  skipped: number;
  seconds: number;
}

const { values } = parseArgs({ options: { only: { type: 'string' }, grep: { type: 'string' } } });
const grep = values.grep;
if (values.only !== undefined && !KINDS.includes(values.only as Kind)) throw new Error(`--only takes ${KINDS.join(', ')}; got "${values.only}"`);
// Ctrl-C: exit through process.exit, so the code-servers' process groups are killed (test/harness/util.ts).
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));
ensureDir(RESULTS_DIR);

/** Runs a command with the terminal as its output; returns its exit status. */
const sh = (command: string, args: string[], env: NodeJS.ProcessEnv = {}) => spawnSync(command, args, { cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, ...env } }).status;
const readJson = <T>(file: string): T | undefined => (fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as T) : undefined);
const noReport = (what: string): Omit<Result, 'seconds'> => (console.log(`✘ ${what}`), { passed: 0, failed: 1, skipped: 0 });

const suites: Record<Kind, () => Promise<Omit<Result, 'seconds'>>> = {
  // Not a test: type-checking and lint add no pass, but either failing fails the run.
  check: async () => (sh('npm', ['run', '--silent', 'check']) === 0 ? { passed: 0, failed: 0, skipped: 0 } : noReport('the typecheck or lint failed')),
  unit: async () => {
    const files = (fs.readdirSync(path.join(REPO_ROOT, 'test', 'unit'), { recursive: true }) as string[]).filter((f) => f.endsWith('.test.ts')).sort();
    const report = path.join(RESULTS_DIR, 'unit.json');
    fs.rmSync(report, { force: true });
    // Node 20's --test takes no globs, hence the file list.
    const reporters = ['--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=./test/harness/unitReporter.mjs', `--test-reporter-destination=${report}`];
    sh(process.execPath, ['--import', 'tsx', '--test', ...reporters, ...(grep ? [`--test-name-pattern=${grep}`] : []), ...files.map((f) => path.join('test', 'unit', f))]);
    return readJson<Result>(report) ?? noReport('node --test wrote no report');
  },
  integration: async () => {
    const browser = await chromium.launch(launchOptions);
    try {
      const report = await runIntegration(browser, { grep, timeoutMs: Number(process.env.PRAKERJA_TEST_TIMEOUT_MS ?? 300_000) });
      if (typeof report === 'string') return noReport(report);
      for (const { fullTitle, err } of report.failures) console.log(`✘ ${fullTitle}\n${(err.stack ?? err.message ?? '').replace(/^/gm, '    ')}`);
      console.log(`mocha: ${report.stats.passes} passing, ${report.stats.failures} failing, ${report.stats.pending} pending (test-results/integration.json)`);
      return { passed: report.stats.passes, failed: report.stats.failures, skipped: report.stats.pending };
    } finally {
      await browser.close();
    }
  },
  ...Object.fromEntries(
    (['ui', 'packaged', 'durability'] as const).map((project) => [
      project,
      async () => {
        const report = path.join(RESULTS_DIR, `${project}.json`);
        fs.rmSync(report, { force: true });
        const args = ['test', `--project=${project}`, '--reporter=list,json', ...(grep ? ['--grep', grep, '--pass-with-no-tests'] : [])];
        sh(path.join(REPO_ROOT, 'node_modules', '.bin', 'playwright'), args, { PLAYWRIGHT_JSON_OUTPUT_FILE: report });
        const json = readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number }; errors: unknown[] }>(report);
        if (!json) return noReport(`playwright wrote no report for ${project}`);
        // Errors outside any test (a fixture that could not start code-server, …) each count as a failure.
        return { passed: json.stats.expected + json.stats.flaky, failed: json.stats.unexpected + json.errors.length, skipped: json.stats.skipped };
      },
    ]),
  ) as Record<'ui' | 'packaged' | 'durability', () => Promise<Omit<Result, 'seconds'>>>,
};

async function main(): Promise<number> {
  const kinds = values.only ? [values.only as Kind] : KINDS.filter((k) => k !== 'check' || grep === undefined);
  const results: Array<[Kind, Result]> = [];
  if (kinds.some((k) => ['integration', 'ui', 'packaged', 'durability'].includes(k))) log(`code-server: ${await ensureCodeServer()}`);
  for (const kind of kinds) {
    console.log(`\n━━ ${kind} ━━`);
    const started = performance.now();
    const result = await suites[kind]().catch((error: unknown) => noReport(`${kind}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
    results.push([kind, { ...result, seconds: (performance.now() - started) / 1000 }]);
  }
  console.log('\n━━ results ━━');
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const [kind, r] of results) {
    const counts = kind === 'check' ? (r.failed ? 'failed' : 'ok') : `${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}`;
    console.log(`${kind.padEnd(12)} ${counts} (${r.seconds.toFixed(1)} s)`);
    total.passed += r.passed;
    total.failed += r.failed;
    total.skipped += r.skipped;
  }
  log('reports, logs, traces and screenshots: test-results/ (a failed UI test: npx playwright show-trace test-results/ui/<test>/trace.zip)');
  if (total.passed + total.failed === 0) total.failed = 1; // nothing ran: that is a failure too
  console.log(`\n${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
  return total.failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(2);
  },
);
