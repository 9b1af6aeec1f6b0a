// `npm run test:electron`: the integration suites in desktop VS Code through @vscode/test-electron, for contributors
// with internet: it downloads VS Code from Microsoft's update servers, which our CI machines cannot reach (they run
// the same suites in code-server through `npm test`). On Linux without a display: `xvfb-run -a npm run test:electron`.
// `--vscode-version stable` for the newest VS Code; `--grep RE` for some tests. Results: test-results/electron-integration.json.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { runTests } from '@vscode/test-electron';
import { GREP_ENV, REPORT_ENV } from '../integration/index';
import type { MochaReport } from './integration';
import { DIST_TEST, REPO_ROOT, RESULTS_DIR, ensureDir } from './util';

async function main(): Promise<number> {
  // The oldest VS Code that package.json's engines accept (also what code-server 4.100.3 is).
  const { values } = parseArgs({ options: { 'vscode-version': { type: 'string', default: process.env.VSCODE_VERSION ?? '1.100.3' }, grep: { type: 'string' } } });
  const report = path.join(ensureDir(RESULTS_DIR), 'electron-integration.json');
  fs.rmSync(report, { force: true });
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'prakerja-electron-'));
  try {
    await runTests({
      version: values['vscode-version'],
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: path.join(DIST_TEST, 'integration', 'index.js'),
      extensionTestsEnv: { [REPORT_ENV]: report, ...(values.grep ? { [GREP_ENV]: values.grep } : {}) },
      // Only the extension under development: no installed extensions, throw-away profile.
      launchArgs: [ensureDir(path.join(scratch, 'workspace')), '--disable-extensions', '--user-data-dir', path.join(scratch, 'user-data'), '--extensions-dir', path.join(scratch, 'extensions')],
    });
  } catch (error) {
    // Failing tests make VS Code exit non-zero (the report says which); anything else (no download) is shown as is.
    console.error(error instanceof Error ? error.message : error);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  if (!fs.existsSync(report)) return console.log('\n0 passed, 1 failed (VS Code ended without a report)'), 1;
  const { stats, failures } = JSON.parse(fs.readFileSync(report, 'utf8')) as MochaReport;
  for (const { fullTitle, err } of failures) console.log(`✘ ${fullTitle}\n${(err.stack ?? err.message ?? '').replace(/^/gm, '    ')}`);
  console.log(`\n${stats.passes} passed, ${stats.failures} failed${stats.pending ? `, ${stats.pending} skipped` : ''}`);
  return stats.failures > 0 || stats.passes === 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(2);
  },
);
