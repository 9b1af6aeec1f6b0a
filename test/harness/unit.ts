// Unit suites: node:test over test/unit/**/*.test.ts through tsx. Spec output goes to the terminal and TAP to
// test-results/unit.tap, which is what gets counted.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SuiteReport, TestResult } from './report';
import { REPO_ROOT, RESULTS_DIR, ensureDir, onCleanup } from './util';

export function unitTestFiles(): string[] {
  const dir = path.join(REPO_ROOT, 'test', 'unit');
  if (!fs.existsSync(dir)) return [];
  // Node 20's --test takes no globs, so list the files here.
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.test.ts'))
    .sort()
    .map((file) => path.join('test', 'unit', file));
}

export async function runUnit(options: { grep?: string }): Promise<SuiteReport> {
  const started = performance.now();
  const report: SuiteReport = { kind: 'unit', tests: [], harnessErrors: [], durationMs: 0 };
  const files = unitTestFiles();
  if (files.length === 0) {
    // Not a failure by itself; a run in which no test of any kind ran fails as a whole.
    console.log('  (no test/unit/**/*.test.ts files)');
    return report;
  }
  // Per run (two runs may share a checkout); copied to test-results/unit.tap afterwards.
  const tapFile = path.join(os.tmpdir(), `prakerja-unit-${process.pid}-${Date.now()}.tap`);
  onCleanup(() => fs.rmSync(tapFile, { force: true }));
  const args = [
    '--import', 'tsx',
    '--test',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
    ...(options.grep ? [`--test-name-pattern=${options.grep}`] : []),
    ...files,
  ];
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    // Ctrl-C reaches the child through the terminal's process group; this covers SIGTERM to the runner alone.
    const unregister = onCleanup(() => void child.kill('SIGTERM'));
    child.once('error', reject);
    child.once('exit', (code) => {
      unregister();
      resolve(code);
    });
  });

  const tap = fs.existsSync(tapFile) ? fs.readFileSync(tapFile, 'utf8') : '';
  fs.writeFileSync(path.join(ensureDir(RESULTS_DIR), 'unit.tap'), tap);
  report.tests = parseTap(tap);
  const summary = tapSummary(tap);
  if (!summary) report.harnessErrors.push(`node --test wrote no TAP summary (exit ${exitCode})`);
  else if (summary.tests === 0) report.harnessErrors.push(`no unit test ran${options.grep ? ` (grep: ${options.grep})` : ''}`);
  else if (exitCode !== 0 && !report.tests.some((t) => t.state === 'failed')) report.harnessErrors.push(`node --test exited ${exitCode} with no failing test`);
  report.durationMs = performance.now() - started;
  return report;
}

/**
 * Test points of node's TAP: `ok N - title` / `not ok N - title # SKIP`, indented by nesting. `describe` blocks are
 * test points too, marked `type: 'suite'` in their YAML; they are not counted, matching node's own `# tests`.
 */
export function parseTap(tap: string): TestResult[] {
  const lines = tap.split('\n');
  const results: TestResult[] = [];
  const names: string[] = []; // enclosing `# Subtest:` names by depth
  for (let i = 0; i < lines.length; i++) {
    const subtest = /^( *)# Subtest: (.*)$/.exec(lines[i]!);
    if (subtest) {
      names.length = subtest[1]!.length / 4;
      names.push(unescape(subtest[2]!));
      continue;
    }
    const match = /^( *)(not ok|ok) \d+ - (.*?)(?: # (SKIP|TODO)\b.*)?$/.exec(lines[i]!);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    const yaml = readYamlBlock(lines, i + 1);
    if (/^ *type: 'suite'$/m.test(yaml)) continue;
    const directive = match[4];
    const failed = match[2] === 'not ok' && directive !== 'TODO';
    results.push({
      title: [...names.slice(0, depth), unescape(match[3]!)].join(' › '),
      state: directive ? 'skipped' : failed ? 'failed' : 'passed',
      durationMs: Number(/duration_ms: ([\d.]+)/.exec(yaml)?.[1] ?? 0),
      ...(failed ? { error: dedent(yaml.replace(/^ *(duration_ms|type|location):.*\n?/gm, '')) } : {}),
    });
  }
  return results;
}

function dedent(text: string): string {
  const lines = text.trimEnd().split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

function unescape(title: string): string {
  return title.replace(/\\#/g, '#').replace(/\\\\/g, '\\');
}

function readYamlBlock(lines: string[], start: number): string {
  if (!/^ *---$/.test(lines[start] ?? '')) return '';
  const block: string[] = [];
  for (let i = start + 1; i < lines.length && !/^ *\.\.\.$/.test(lines[i]!); i++) block.push(lines[i]!);
  return block.join('\n');
}

function tapSummary(tap: string): { tests: number } | undefined {
  const tests = /^# tests (\d+)$/m.exec(tap);
  return tests ? { tests: Number(tests[1]) } : undefined;
}
