// Shared plumbing of the harness: paths, free ports, and process groups that are stopped however the run ends.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

/** Two levels up from test/harness/ (and from dist-test/harness/, where esbuild puts the bundled scripts). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');
export const DIST_TEST = path.join(REPO_ROOT, 'dist-test');

export function log(message: string): void {
  console.log(`[harness] ${message}`);
}

export function ensureDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** A port that was free a moment ago on 127.0.0.1 (the OS picks it, so concurrent runs do not collide). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Process groups still alive: killed synchronously when this process exits, however it exits. */
const liveGroups = new Set<number>();
process.on('exit', () => {
  for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
});

function killGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // already gone
  }
}

export interface GroupProcess {
  child: ChildProcess;
  /** Resolves with the exit code (or signal name) once the leader exits. */
  exited: Promise<number | string>;
  /** SIGTERM to the whole group; SIGKILL to what is left once the leader exited or after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Spawns a command as the leader of a new process group: code-server forks extension hosts, watchers, pty hosts. */
export function spawnGroup(command: string, args: string[], options: SpawnOptions = {}): GroupProcess {
  const child = spawn(command, args, { ...options, detached: true });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${command}`);
  liveGroups.add(pid);
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    child.once('error', () => resolve('spawn-error'));
  });
  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 5_000) =>
    (stopping ??= (async () => {
      if (killGroup(pid, 'SIGTERM')) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
        clearTimeout(timer);
        killGroup(pid, 'SIGKILL'); // children that outlive their leader
      }
      liveGroups.delete(pid);
    })());
  return { child, exited, stop };
}

/** Calls `onLine` for each complete line of a stream, and tees the raw text into `file` when given. */
export function followLines(stream: NodeJS.ReadableStream | null | undefined, onLine: (line: string) => void, file?: fs.WriteStream): void {
  if (!stream) return;
  let buffer = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    if (file?.writable) file.write(chunk); // output may trail the process's exit, after the log was closed
    buffer += chunk;
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      onLine(buffer.slice(0, newline).replace(/\r$/, ''));
      buffer = buffer.slice(newline + 1);
    }
  });
  stream.on('end', () => buffer && onLine(buffer));
}

/** Last lines of a text file, for failure messages. */
export function tail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return `(no ${file})`;
  }
}
