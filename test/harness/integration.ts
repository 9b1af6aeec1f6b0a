// Integration suites: the extension host of a real VS Code (code-server) runs dist-test/integration/index.js, which
// runs the mocha suites and writes a JSON report. The report is the only result channel, so this side fails the run
// on a crash, an extension host that exits without a report, a suite where no test ran, or a timeout.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GREP_ENV, REPORT_ENV, type IntegrationReport, type SuiteReport } from './report';
import { openSession } from './session';
import { DIST_TEST, RESULTS_DIR, isStopping, log, onCleanup, seconds, sleep } from './util';

export interface IntegrationOptions {
  grep?: string;
  /** Whole-suite deadline. */
  timeoutMs: number;
  /** Echo the page's console as it runs: the workbench's log and the extension host's (mocha's spec output). */
  verbose: boolean;
}

/** How long a report may still take to appear after the extension host exited. */
const REPORT_GRACE_MS = 5_000;

export async function runIntegration(options: IntegrationOptions): Promise<SuiteReport> {
  const started = performance.now();
  const report: SuiteReport = { kind: 'integration', tests: [], harnessErrors: [], durationMs: 0 };
  // Per run, so two runs in one checkout cannot read each other's report; copied to test-results/ afterwards.
  const reportPath = path.join(os.tmpdir(), `prakerja-integration-report-${process.pid}-${Date.now()}.json`);
  onCleanup(() => fs.rmSync(reportPath, { force: true }));
  fs.rmSync(path.join(RESULTS_DIR, 'integration-failure.png'), { force: true });
  const testsModule = path.join(DIST_TEST, 'integration', 'index.js');
  if (!fs.existsSync(testsModule)) throw new Error(`${testsModule} is missing: run \`npm run build\` first`);

  let hostExit: string | undefined;
  let hostExitAt = 0;
  const session = await openSession({
    name: 'integration',
    extensionTestsPath: testsModule,
    env: { [REPORT_ENV]: reportPath, ...(options.grep ? { [GREP_ENV]: options.grep } : {}) },
    onConsole: options.verbose ? (line) => console.log(`    [workbench] ${line}`) : undefined,
  });
  try {
    session.server.onLine((line) => {
      const exit = /Extension Host Process exited with code: (\S+?),? signal: (\S+?)\.?$/.exec(line);
      if (exit && hostExit === undefined) {
        hostExit = `code ${exit[1]}, signal ${exit[2]}`;
        hostExitAt = Date.now();
      }
    });
    let pageCrashed = false;
    session.page.on('crash', () => (pageCrashed = true));

    const deadline = Date.now() + options.timeoutMs;
    let result: IntegrationReport | undefined;
    for (;;) {
      if (isStopping()) return report;
      if (fs.existsSync(reportPath)) {
        result = JSON.parse(fs.readFileSync(reportPath, 'utf8')) as IntegrationReport;
        fs.copyFileSync(reportPath, path.join(RESULTS_DIR, 'integration-report.json'));
        break;
      }
      if (hostExit !== undefined && Date.now() - hostExitAt > REPORT_GRACE_MS) {
        report.harnessErrors.push(`the extension host exited (${hostExit}) without writing a report; see test-results/integration-code-server.log and integration-browser-console.log`);
        break;
      }
      if (pageCrashed) {
        report.harnessErrors.push('the workbench page crashed');
        break;
      }
      const { exitCode, signalCode } = session.server.process.child;
      if (exitCode !== null || signalCode !== null) {
        report.harnessErrors.push(`code-server exited (${exitCode ?? signalCode}) during the tests`);
        break;
      }
      if (Date.now() > deadline) {
        report.harnessErrors.push(`no report within ${seconds(options.timeoutMs)} (set PRAKERJA_TEST_TIMEOUT_MS to change)`);
        break;
      }
      await sleep(200);
    }
    if (result) {
      report.tests = result.tests;
      if (result.error) report.harnessErrors.push(result.error);
      else if (result.tests.length === 0) report.harnessErrors.push(`no integration test ran${options.grep ? ` (grep: ${options.grep})` : ''}`);
    }
    if (report.harnessErrors.length > 0 || report.tests.some((t) => t.state === 'failed')) {
      const shot = path.join(RESULTS_DIR, 'integration-failure.png');
      await session.page.screenshot({ path: shot }).catch(() => undefined);
      log(`workbench at the failure: ${path.relative(process.cwd(), shot)}`);
    }
  } finally {
    await session.close();
  }
  report.durationMs = performance.now() - started;
  return report;
}
