// Shared plumbing of the test harness: paths, phase timings, free ports, and stopping every process we start,
// whether the run passes, fails or is interrupted.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

/** The harness runs bundled from dist-test/harness/, so the repository is two levels up (same from test/harness/). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');
export const DIST_TEST = path.join(REPO_ROOT, 'dist-test');

export function log(message: string): void {
  console.log(`[harness] ${message}`);
}

export interface Timing {
  name: string;
  seconds: number;
}

export const timings: Timing[] = [];

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Runs one phase of the run and records how long it took (printed as it ends and again in the final table). */
export async function phase<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    const elapsed = performance.now() - started;
    timings.push({ name, seconds: elapsed / 1000 });
    log(`${name}: ${seconds(elapsed)}`);
  }
}

/** Adds a phase measured elsewhere (e.g. inside another phase). */
export function recordTiming(name: string, elapsedMs: number): void {
  timings.push({ name, seconds: elapsedMs / 1000 });
  log(`${name}: ${seconds(elapsedMs)}`);
}

export function printTimings(): void {
  if (timings.length === 0) return;
  const width = Math.max(...timings.map((t) => t.name.length));
  console.log('\nPhase timings:');
  for (const t of timings) console.log(`  ${t.name.padEnd(width)}  ${t.seconds.toFixed(1).padStart(6)} s`);
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

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---- cleanup ----------------------------------------------------------------------------------------------------

type Cleanup = () => Promise<void> | void;
const cleanups: Cleanup[] = [];
/** Process groups still alive; killed synchronously on exit as a last resort. */
const liveGroups = new Set<number>();

/** Registers work to undo; runs in reverse order of registration. Returns a function that unregisters it. */
export function onCleanup(fn: Cleanup): () => void {
  cleanups.push(fn);
  return () => {
    const index = cleanups.indexOf(fn);
    if (index >= 0) cleanups.splice(index, 1);
  };
}

export async function runCleanups(): Promise<void> {
  while (cleanups.length > 0) {
    const fn = cleanups.pop()!;
    try {
      await fn();
    } catch (error) {
      log(`cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

let signalled = false;

/** True once Ctrl-C / SIGTERM started the shutdown. */
export function isStopping(): boolean {
  return signalled;
}

/** Ctrl-C / SIGTERM: stop everything we started, then exit with the conventional code. */
export function installSignalHandlers(): void {
  const handle = (signal: NodeJS.Signals, code: number) => {
    if (signalled) {
      // Second Ctrl-C: stop waiting for graceful shutdown.
      killLiveGroups('SIGKILL');
      process.exit(code);
    }
    signalled = true;
    log(`${signal}: stopping every process started by this run…`);
    void runCleanups().finally(() => process.exit(code));
  };
  process.on('SIGINT', () => handle('SIGINT', 130));
  process.on('SIGTERM', () => handle('SIGTERM', 143));
  process.on('SIGHUP', () => handle('SIGHUP', 129));
  process.on('exit', () => killLiveGroups('SIGKILL'));
}

function killLiveGroups(signal: NodeJS.Signals): void {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, signal);
    } catch {
      // Already gone.
    }
  }
}

export interface GroupProcess {
  child: ChildProcess;
  /** Resolves with the exit code (or signal name) once the leader exits. */
  exited: Promise<number | string>;
  /** Stops the whole process tree: SIGTERM to the group, SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Spawns a command as the leader of a new process group, so stopping it also stops what it started
 * (code-server forks extension hosts, file watchers and pty hosts).
 */
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
  const stop = (graceMs = 5_000) => {
    stopping ??= (async () => {
      const signalGroup = (signal: NodeJS.Signals) => {
        try {
          process.kill(-pid, signal);
          return true;
        } catch {
          return false;
        }
      };
      if (signalGroup('SIGTERM')) {
        const deadline = Date.now() + graceMs;
        // The group outlives its leader when children linger, so poll the group rather than the leader.
        while (Date.now() < deadline && groupAlive(pid)) await sleep(100);
        if (groupAlive(pid)) signalGroup('SIGKILL');
      }
      await Promise.race([exited, sleep(1_000)]);
      liveGroups.delete(pid);
    })();
    return stopping;
  };
  // Registered until the run ends: the group may outlive its leader (orphaned children), and stop() is idempotent.
  onCleanup(() => stop());
  return { child, exited, stop };
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Calls `onLine` for each complete line of a stream, and tees the raw text into `file` when given. */
export function followLines(stream: NodeJS.ReadableStream | null | undefined, onLine: (line: string) => void, file?: fs.WriteStream): void {
  if (!stream) return;
  let buffer = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    if (file?.writable) file.write(chunk); // Output may trail the process's exit, after the log was closed.
    buffer += chunk;
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      onLine(buffer.slice(0, newline).replace(/\r$/, ''));
      buffer = buffer.slice(newline + 1);
    }
  });
  stream.on('end', () => {
    if (buffer) onLine(buffer);
    buffer = '';
  });
}

/** Last lines of a text file, for failure messages. */
export function tail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return `(no ${file})`;
  }
}

export function ensureDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Writes JSON so that a reader polling for the file never sees it half-written. */
export function writeJsonAtomic(file: string, value: unknown): void {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(value, null, 2));
  fs.renameSync(temporary, file);
}

/** A file-system-safe name for a test title. */
export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80) || 'test';
}
