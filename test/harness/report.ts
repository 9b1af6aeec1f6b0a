// The results every suite kind hands to the runner, and the env var that tells the extension tests where to write
// theirs. Kept free of runtime dependencies: the extension-host side imports it too.

export type TestState = 'passed' | 'failed' | 'skipped';

export interface TestResult {
  /** Suite titles and test title joined with " › ". */
  title: string;
  state: TestState;
  durationMs: number;
  error?: string;
}

export interface SuiteReport {
  kind: 'unit' | 'integration' | 'ui';
  tests: TestResult[];
  /** Failures outside any test: a crash, a timeout, no report. Each counts as one failed test. */
  harnessErrors: string[];
  durationMs: number;
}

/** Set by the runner for the extension host: absolute path of the JSON report the integration suite writes. */
export const REPORT_ENV = 'PRAKERJA_TEST_REPORT';
/** Optional: only tests whose full title matches this regular expression run. */
export const GREP_ENV = 'PRAKERJA_TEST_GREP';

export interface IntegrationReport {
  tests: TestResult[];
  /** Set when mocha itself could not run (e.g. a test file failed to load). */
  error?: string;
  durationMs: number;
}

export function counts(report: SuiteReport): { passed: number; failed: number; skipped: number } {
  const count = (state: TestState) => report.tests.filter((t) => t.state === state).length;
  return { passed: count('passed'), failed: count('failed') + report.harnessErrors.length, skipped: count('skipped') };
}

export function printResults(report: SuiteReport): void {
  const marks: Record<TestState, string> = { passed: '✔', failed: '✘', skipped: '-' };
  for (const test of report.tests) {
    console.log(`  ${marks[test.state]} ${test.title}${test.state === 'skipped' ? ' (skipped)' : ` (${Math.round(test.durationMs)} ms)`}`);
    if (test.error) console.log(indent(test.error, 6));
  }
  for (const error of report.harnessErrors) console.log(`  ✘ [harness] ${indent(error, 4).trimStart()}`);
}

function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text.split('\n').map((line) => pad + line).join('\n');
}

/** Runs one test body with a deadline and returns its result: passed, or failed with the error. */
export async function runWithDeadline(title: string, run: () => Promise<void>, timeoutMs: number): Promise<TestResult> {
  const result: TestResult = { title, state: 'passed', durationMs: 0 };
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      run(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    result.state = 'failed';
    result.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
  } finally {
    clearTimeout(timer);
  }
  result.durationMs = performance.now() - started;
  return result;
}
