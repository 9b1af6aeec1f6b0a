// Integration suites: the extension host of a real VS Code (code-server) runs dist-test/integration/index.js, whose
// mocha writes a JSON report. Done when the extension host exits (code-server logs it); a page crash, code-server
// exiting or the deadline end the wait too. No report counts as a failure.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from '@playwright/test';
import { GREP_ENV, REPORT_ENV } from '../integration/index';
import { openSession } from './session';
import { DIST_TEST, RESULTS_DIR, log } from './util';

/** Mocha's JSON reporter output (the parts we read). */
export interface MochaReport {
  stats: { tests: number; passes: number; pending: number; failures: number };
  failures: Array<{ fullTitle: string; err: { message?: string; stack?: string } }>;
  passes: Array<{ fullTitle: string; duration?: number }>;
}

export async function runIntegration(browser: Browser, options: { grep?: string; timeoutMs: number }): Promise<MochaReport | string> {
  const reportPath = path.join(RESULTS_DIR, 'integration.json');
  fs.rmSync(reportPath, { force: true });
  const testsModule = path.join(DIST_TEST, 'integration', 'index.js');
  const session = await openSession(browser, {
    name: 'integration',
    extensionTestsPath: testsModule,
    env: { [REPORT_ENV]: reportPath, ...(options.grep ? { [GREP_ENV]: options.grep } : {}) },
  });
  try {
    const ended = await new Promise<string>((resolve) => {
      const timer = setTimeout(() => resolve(`no report within ${options.timeoutMs / 1000} s`), options.timeoutMs);
      const done = (why: string) => (clearTimeout(timer), resolve(why));
      session.server.onLine((line) => /Extension Host Process exited with code: (\S+?),? signal: (\S+?)\.?$/.test(line) && done(`the extension host exited: ${line}`));
      session.page.once('crash', () => done('the workbench page crashed'));
      void session.server.process.exited.then((code) => done(`code-server exited (${code}) during the tests`));
    });
    // Mocha writes the report synchronously before run() returns, so it is there once the extension host exited.
    if (fs.existsSync(reportPath)) return JSON.parse(fs.readFileSync(reportPath, 'utf8')) as MochaReport;
    await session.page.screenshot({ path: path.join(RESULTS_DIR, 'integration-failure.png') }).catch(() => undefined);
    log('see test-results/integration-code-server.log, integration-browser-console.log and integration-failure.png');
    return `${ended}, without a report`;
  } finally {
    await session.close();
  }
}
