// Runs a short program with a real language runtime (the wrong signatures of the diagnosis tests come from the real
// encoders, not from our imitation of them). CI installs every runtime (.ci/run); elsewhere a missing one is skipped.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Runtime = 'python' | 'php' | 'ruby' | 'node' | 'go' | 'java';

const TOOLS: Record<Runtime, string> = { python: 'python3', php: 'php', ruby: 'ruby', node: 'node', go: 'go', java: 'java' };

export function hasRuntime(runtime: Runtime): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${TOOLS[runtime]}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** `skip` option for node:test: a missing runtime is skipped with a note, except under CI where it must fail. */
export const skipWithout = (runtime: Runtime): string | false => (!hasRuntime(runtime) && !process.env.CI ? `${TOOLS[runtime]} is not installed (.ci/run installs it)` : false);

interface Invocation {
  command: string;
  args: string[];
  env: Record<string, string>;
  /** Removes what the invocation needed on disk (Go and Java run from a source file). */
  cleanup(): void;
}

/** How each runtime runs a program given as text. */
function invocation(runtime: Runtime, code: string): Invocation {
  const inline = (command: string, flag: string): Invocation => ({ command, args: [flag, code], env: {}, cleanup: () => undefined });
  switch (runtime) {
    case 'python':
      return inline('python3', '-c');
    case 'php':
      return inline('php', '-r');
    case 'ruby':
      return inline('ruby', '-e');
    case 'node':
      return inline('node', '-e');
    case 'go':
    case 'java': {
      const dir = mkdtempSync(join(tmpdir(), 'prakerja-runtime-'));
      const file = join(dir, runtime === 'go' ? 'main.go' : 'Main.java');
      writeFileSync(file, code);
      const cleanup = () => rmSync(dir, { recursive: true, force: true });
      return runtime === 'go'
        ? { command: 'go', args: ['run', file], env: { GOCACHE: join(tmpdir(), 'prakerja-go-cache'), GOFLAGS: '-mod=mod', GO111MODULE: 'off' }, cleanup }
        : { command: 'java', args: [file], env: {}, cleanup };
    }
  }
}

const lines = (stdout: string) => stdout.replace(/\n$/, '').split('\n');

/** Runs `code` and returns its standard output's lines. */
export function runProgram(runtime: Runtime, code: string): string[] {
  const run = invocation(runtime, code);
  try {
    return lines(execFileSync(run.command, run.args, { env: { ...process.env, ...run.env }, encoding: 'utf8', timeout: 120_000 }));
  } finally {
    run.cleanup();
  }
}

/** Runs a program without blocking this process: for programs that talk to a server in this process or beside it. */
export async function runProgramAsync(runtime: Runtime, code: string, env: Record<string, string> = {}): Promise<string[]> {
  const run = invocation(runtime, code);
  try {
    return await new Promise<string[]>((resolve, reject) => {
      execFile(run.command, run.args, { encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env, ...run.env } }, (error, stdout, stderr) => {
        if (error) reject(new Error(`${run.command} failed: ${error.message}\n${stderr}`));
        else resolve(lines(stdout));
      });
    });
  } finally {
    run.cleanup();
  }
}
