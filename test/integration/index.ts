// Entry point the extension host loads as extensionTestsPath (code-server via run-all, or desktop VS Code via
// run-electron): runs every bundled *.test.js next to it with mocha and writes a JSON report for the runner,
// because the extension host's exit code is not visible to the code-server runner.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { GREP_ENV, REPORT_ENV, type IntegrationReport, type TestResult } from '../harness/report';

export async function run(): Promise<void> {
  const started = performance.now();
  const reportPath = process.env[REPORT_ENV] ?? path.resolve(__dirname, '..', '..', 'test-results', 'integration-report.json');
  const tests: TestResult[] = [];
  const write = (error?: string) => {
    const report: IntegrationReport = { tests, durationMs: performance.now() - started, ...(error ? { error } : {}) };
    fs.mkdirSync(path.dirname(reportPath), { recursive: true });
    const temporary = `${reportPath}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify(report, null, 2));
    fs.renameSync(temporary, reportPath);
  };

  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000, reporter: 'spec' });
  const grep = process.env[GREP_ENV];
  if (grep) mocha.grep(new RegExp(grep));
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  for (const file of files) mocha.addFile(path.join(__dirname, file));

  let failures: number;
  try {
    failures = await new Promise<number>((resolve) => {
      const runner = mocha.run(resolve);
      const title = (t: Mocha.Runnable) => t.titlePath().join(' › ');
      runner.on('pass', (t) => tests.push({ title: title(t), state: 'passed', durationMs: t.duration ?? 0 }));
      runner.on('pending', (t) => tests.push({ title: title(t), state: 'skipped', durationMs: 0 }));
      // Also fires for failing hooks, which then count as failed tests.
      runner.on('fail', (t, err: Error) => tests.push({ title: title(t), state: 'failed', durationMs: t.duration ?? 0, error: err.stack ?? String(err) }));
    });
  } catch (error) {
    // A test file that throws while loading ends up here, before any test runs.
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    write(`mocha could not run: ${message}`);
    throw error;
  }
  write();
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
