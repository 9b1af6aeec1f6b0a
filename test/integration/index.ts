// Entry point the extension host loads as extensionTestsPath (code-server via `npm test`, or desktop VS Code via
// `npm run test:electron`): runs every bundled *.test.js next to it with mocha. Mocha's own JSON reporter writes the
// results to the file the runner names, because the extension host's exit code is not visible to the code-server
// runner.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** Set by the runner: where mocha's JSON report goes, and (optionally) which tests to run. */
export const REPORT_ENV = 'PRAKERJA_TEST_REPORT';
export const GREP_ENV = 'PRAKERJA_TEST_GREP';

export async function run(): Promise<void> {
  const output = process.env[REPORT_ENV] ?? path.resolve(__dirname, '..', '..', 'test-results', 'integration.json');
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000, reporter: 'json', reporterOptions: { output } });
  const grep = process.env[GREP_ENV];
  if (grep) mocha.grep(new RegExp(grep));
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, file));
  // A test file that throws while loading rejects here, before any report is written: the runner counts that.
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
