// `npm run test:electron`: the integration suites in desktop VS Code through @vscode/test-electron. It downloads
// VS Code from Microsoft's update servers, so it needs internet (our CI machines have none: they run the same
// suites in code-server through `npm test`). On Linux without a display: `xvfb-run -a npm run test:electron`.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { runTests } from '@vscode/test-electron';
import { GREP_ENV, REPORT_ENV, counts, printResults, type IntegrationReport, type SuiteReport } from './report';
import { DIST_TEST, REPO_ROOT, RESULTS_DIR, ensureDir, log } from './util';

/** The oldest VS Code that package.json's engines accept (also what code-server 4.100.3 is); `--vscode-version stable` for the newest. */
const DEFAULT_VERSION = '1.100.3';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'vscode-version': { type: 'string', default: process.env.VSCODE_VERSION ?? DEFAULT_VERSION },
      grep: { type: 'string' },
    },
  });
  const testsModule = path.join(DIST_TEST, 'integration', 'index.js');
  if (!fs.existsSync(testsModule)) throw new Error(`${testsModule} is missing: run \`npm run build\` first`);
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    log('no DISPLAY: desktop VS Code needs one on Linux; run `xvfb-run -a npm run test:electron`');
  }
  const reportPath = path.join(ensureDir(RESULTS_DIR), 'electron-integration-report.json');
  fs.rmSync(reportPath, { force: true });
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'prakerja-electron-'));
  const workspace = ensureDir(path.join(scratch, 'workspace'));

  let exitError: string | undefined;
  try {
    await runTests({
      version: values['vscode-version'],
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: testsModule,
      extensionTestsEnv: { [REPORT_ENV]: reportPath, ...(values.grep ? { [GREP_ENV]: values.grep } : {}) },
      // Only the extension under development: no installed extensions, throw-away profile.
      launchArgs: [workspace, '--disable-extensions', '--user-data-dir', path.join(scratch, 'user-data'), '--extensions-dir', path.join(scratch, 'extensions')],
    });
  } catch (error) {
    // Failing tests make VS Code exit non-zero; the report says which. Anything else (no download) is reported as is.
    exitError = error instanceof Error ? error.message : String(error);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }

  const report: SuiteReport = { kind: 'integration', tests: [], harnessErrors: [], durationMs: 0 };
  if (fs.existsSync(reportPath)) {
    const result = JSON.parse(fs.readFileSync(reportPath, 'utf8')) as IntegrationReport;
    report.tests = result.tests;
    report.durationMs = result.durationMs;
    if (result.error) report.harnessErrors.push(result.error);
    else if (result.tests.length === 0) report.harnessErrors.push('no integration test ran');
  } else {
    report.harnessErrors.push(`VS Code ended without a report${exitError ? `: ${exitError}` : ''}`);
  }
  printResults(report);
  const c = counts(report);
  console.log(`\n${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ''}`);
  return c.failed > 0 || c.passed === 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
