// `npm test`: unit, integration and UI suites in that order, then the packaged extension (.vsix contents and size,
// installed into code-server and used) and the durability tests (two windows, a killed extension host), then one
// summary line `N passed, N failed[, N skipped]`. Exits non-zero when anything failed or no test ran.
// `--only unit|integration|ui|packaged|durability` runs one kind; `--grep RE` runs the tests whose full title matches;
// `--verbose` echoes the extension host's console during integration suites.
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureCodeServer } from './codeServer';
import { runDurability } from './durability';
import { runIntegration } from './integration';
import { runPackaged } from './packaged';
import { counts, printResults, type SuiteReport } from './report';
import { runUi } from './ui';
import { runUnit } from './unit';
import { RESULTS_DIR, installSignalHandlers, isStopping, log, phase, printTimings, runCleanups, seconds } from './util';

type Kind = SuiteReport['kind'] | 'packaged' | 'durability';
const KINDS: Kind[] = ['unit', 'integration', 'ui', 'packaged', 'durability'];
/** Kinds that need code-server. */
const WORKBENCH_KINDS = ['integration', 'ui', 'packaged', 'durability'] as const;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      grep: { type: 'string' },
      verbose: { type: 'boolean', default: false },
    },
  });
  const only = values.only as Kind | undefined;
  if (only !== undefined && !KINDS.includes(only)) throw new Error(`--only takes ${KINDS.join(', ')}; got "${only}"`);
  const kinds = only ? [only] : KINDS;
  const timeoutMs = Number(process.env.PRAKERJA_TEST_TIMEOUT_MS ?? 5 * 60_000);
  installSignalHandlers();

  const reports: Array<{ kind: Kind; report: SuiteReport }> = [];
  const run = async (kind: Kind, fn: () => Promise<SuiteReport>) => {
    console.log(`\n━━ ${kind} ━━`);
    let report: SuiteReport;
    try {
      report = await phase(`suite ${kind}`, fn);
    } catch (error) {
      // A harness failure (code-server would not start, …) fails this kind but not the ones after it.
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      report = { kind: kind === 'unit' || kind === 'integration' ? kind : 'ui', tests: [], harnessErrors: [message], durationMs: 0 };
    }
    reports.push({ kind, report });
  };

  if (kinds.includes('unit')) await run('unit', () => runUnit({ grep: values.grep }));
  if (WORKBENCH_KINDS.some((kind) => kinds.includes(kind))) {
    let installError: unknown;
    await phase('code-server install', async () => {
      try {
        log(`code-server: ${await ensureCodeServer()}`);
      } catch (error) {
        installError = error;
      }
    });
    for (const kind of WORKBENCH_KINDS) {
      if (!kinds.includes(kind)) continue;
      if (installError) {
        const message = `code-server is not installed: ${installError instanceof Error ? installError.message : String(installError)}`;
        reports.push({ kind, report: { kind: kind === 'integration' ? kind : 'ui', tests: [], harnessErrors: [message], durationMs: 0 } });
        continue;
      }
      if (kind === 'integration') await run(kind, () => runIntegration({ grep: values.grep, timeoutMs, verbose: values.verbose }));
      else if (kind === 'ui') await run(kind, () => runUi({ grep: values.grep }));
      else if (kind === 'packaged') await run(kind, () => runPackaged({ grep: values.grep }));
      else await run(kind, () => runDurability({ grep: values.grep }));
    }
  }
  // After Ctrl-C the suites end early; the signal handler reports and exits, not this summary.
  if (isStopping()) return new Promise<number>(() => undefined);
  await runCleanups();

  console.log('\n━━ results ━━');
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const { kind, report } of reports) {
    const c = counts(report);
    passed += c.passed;
    failed += c.failed;
    skipped += c.skipped;
    console.log(`${kind}: ${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ''} (${seconds(report.durationMs)})`);
    if (kind === 'unit') {
      // node's spec reporter printed the details above.
      printResults({ ...report, tests: report.tests.filter((t) => t.state === 'failed').map(({ error: _, ...t }) => t) });
    } else {
      printResults(report);
    }
  }
  printTimings();
  log(`logs, reports and screenshots: ${path.relative(process.cwd(), RESULTS_DIR) || '.'}/`);
  if (passed + failed === 0) {
    failed += 1;
    console.log('no test ran');
  }
  console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    await runCleanups();
    process.exit(2);
  },
);
