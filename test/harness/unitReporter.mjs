// A node:test reporter that writes the run's counts as JSON (node 20 has no JSON reporter of its own). It reads
// node's test events, not TAP text: tests count, suites only when they fail by themselves (a failing hook). Plain
// JavaScript because node loads reporters before `--import tsx` can compile TypeScript.

/** @param {AsyncIterable<{ type: string, data: { name: string, skip?: unknown, todo?: unknown, details?: { type?: string, error?: { failureType?: string, message?: string } } } }>} source */
export default async function* unitReporter(source) {
  const counts = { passed: 0, failed: 0, skipped: 0, failures: /** @type {string[]} */ ([]) };
  for await (const { type, data } of source) {
    const suite = data.details?.type === 'suite';
    if (type === 'test:pass' && !suite) {
      if (data.skip !== undefined || data.todo !== undefined) counts.skipped++;
      else counts.passed++;
    } else if (type === 'test:fail' && (!suite || data.details?.error?.failureType !== 'subtestsFailed')) {
      if (data.todo !== undefined) continue; // a failing todo does not fail the run
      counts.failed++;
      counts.failures.push(`${data.name}: ${data.details?.error?.message ?? ''}`);
    }
  }
  yield `${JSON.stringify(counts)}\n`;
}
