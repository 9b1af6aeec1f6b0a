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

/** Runs `code` and returns its standard output's lines. */
export function runProgram(runtime: Runtime, code: string): string[] {
  const exec = (command: string, args: string[], env: Record<string, string> = {}) =>
    execFileSync(command, args, { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 }).replace(/\n$/, '').split('\n');
  switch (runtime) {
    case 'python':
      return exec('python3', ['-c', code]);
    case 'php':
      return exec('php', ['-r', code]);
    case 'ruby':
      return exec('ruby', ['-e', code]);
    case 'node':
      return exec('node', ['-e', code]);
    case 'go':
    case 'java': {
      const dir = mkdtempSync(join(tmpdir(), 'prakerja-runtime-'));
      try {
        const file = join(dir, runtime === 'go' ? 'main.go' : 'Main.java');
        writeFileSync(file, code);
        return runtime === 'go'
          ? exec('go', ['run', file], { GOCACHE: join(tmpdir(), 'prakerja-go-cache'), GOFLAGS: '-mod=mod', GO111MODULE: 'off' })
          : exec('java', [file]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
}

/** Runs a program without blocking this process: for programs that talk to a server in this process or beside it. */
export async function runProgramAsync(runtime: Runtime, code: string, env: Record<string, string> = {}): Promise<string[]> {
  const run = (command: string, args: string[], extraEnv: Record<string, string> = {}) =>
    new Promise<string[]>((resolve, reject) => {
      execFile(command, args, { encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env, ...extraEnv } }, (error, stdout, stderr) => {
        if (error) reject(new Error(`${command} failed: ${error.message}\n${stderr}`));
        else resolve(stdout.replace(/\n$/, '').split('\n'));
      });
    });
  switch (runtime) {
    case 'python':
      return run('python3', ['-c', code]);
    case 'php':
      return run('php', ['-r', code]);
    case 'ruby':
      return run('ruby', ['-e', code]);
    case 'node':
      return run('node', ['-e', code]);
    case 'go':
    case 'java': {
      const dir = mkdtempSync(join(tmpdir(), 'prakerja-runtime-'));
      try {
        const file = join(dir, runtime === 'go' ? 'main.go' : 'Main.java');
        writeFileSync(file, code);
        return await (runtime === 'go'
          ? run('go', ['run', file], { GOCACHE: join(tmpdir(), 'prakerja-go-cache'), GOFLAGS: '-mod=mod', GO111MODULE: 'off' })
          : run('java', [file]));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
}
