// code-server from npm: VS Code's own server build, our real VS Code on machines that reach only npm and Debian
// (see /work/shared/REAL-VSCODE.md). Installed once into .vscode-test/ and reused; started per suite on a free port.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, ensureDir, followLines, freePort, log, spawnGroup, tail, type GroupProcess } from './util';

/** The newest code-server whose install accepts Node 20 (4.104+ want Node 22). */
export const CODE_SERVER_VERSION = '4.100.3';
export const CACHE_ROOT = path.join(REPO_ROOT, '.vscode-test');
export const CODE_SERVER_DIR = path.join(CACHE_ROOT, `code-server-${CODE_SERVER_VERSION}`);
const MARKER = path.join(CODE_SERVER_DIR, '.installed.json');
const PACKAGE_DIR = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server');

/**
 * The ripgrep release each @vscode/ripgrep version's postinstall downloads from GitHub (its `VERSION` constant).
 * code-server 4.100.3's shrinkwrap pins 1.15.11; the others are what `^1.15.11` resolves to today. 1.18+ ship rg in
 * per-platform npm packages and have no postinstall, so they need no seed.
 */
const RIPGREP_RELEASES: Record<string, string> = {
  '1.15.11': 'v13.0.0-10',
  '1.15.13': 'v13.0.0-13',
  '1.15.14': 'v13.0.0-13',
  '1.17.0': 'v15.0.0',
  '1.17.1': 'v15.0.1',
};
const RIPGREP_TARGET = 'x86_64-unknown-linux-musl';

/** Files a complete install has; each comes from an install script that npm could have skipped. */
const INSTALL_PRODUCTS = [
  'lib/vscode/node_modules/@vscode/ripgrep/bin/rg',
  'lib/vscode/node_modules/node-pty/build/Release/pty.node',
  'lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node',
  'lib/vscode/node_modules/kerberos/build/Release/kerberos.node',
  'lib/vscode/node_modules/native-watchdog/build/Release/watchdog.node',
  'lib/vscode/node_modules.asar',
];

interface Marker {
  version: string;
  /** Native modules are built for one Node ABI; another Node needs a fresh install. */
  nodeModules: string;
  installedAt: string;
}

function cacheHit(): boolean {
  try {
    const marker = JSON.parse(fs.readFileSync(MARKER, 'utf8')) as Marker;
    return marker.version === CODE_SERVER_VERSION && marker.nodeModules === process.versions.modules && fs.existsSync(entryScript());
  } catch {
    return false;
  }
}

function entryScript(): string {
  return path.join(PACKAGE_DIR, 'out', 'node', 'entry.js');
}

/**
 * Installs code-server into the cache unless a complete install of the same version is there. Returns whether it
 * installed. Also Playwright's globalSetup (playwright.config.ts): installed once, before any workbench suite.
 */
export async function ensureCodeServer(): Promise<'cache hit' | 'installed'> {
  if (cacheHit()) return 'cache hit';
  checkPrerequisites();
  ensureDir(CACHE_ROOT);
  removeStaleStaging();
  // Install beside the cache and rename into place, so an interrupted install never looks complete and two
  // concurrent cold runs cannot corrupt each other (the loser of the rename discards its copy).
  const staging = fs.mkdtempSync(path.join(CACHE_ROOT, `code-server-${CODE_SERVER_VERSION}.staging-`));
  fs.chmodSync(staging, 0o755); // mkdtemp makes it private; the cache is not.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'prakerja-code-server-install-'));
  const logFile = path.join(CACHE_ROOT, `code-server-${CODE_SERVER_VERSION}-install.log`);
  try {
    seedRipgrepCache(tmp);
    fs.writeFileSync(
      path.join(staging, 'package.json'),
      JSON.stringify({ name: 'prakerja-code-server-cache', private: true, dependencies: { 'code-server': CODE_SERVER_VERSION } }, null, 2),
    );
    log(`installing code-server@${CODE_SERVER_VERSION} into ${path.relative(REPO_ROOT, CODE_SERVER_DIR)} (about a minute; log: ${path.relative(REPO_ROOT, logFile)})`);
    await npmInstall(staging, tmp, logFile);
    const stagedPackage = path.join(staging, 'node_modules', 'code-server');
    const missing = INSTALL_PRODUCTS.filter((file) => !fs.existsSync(path.join(stagedPackage, file)));
    if (missing.length > 0) throw new Error(`code-server installed without ${missing.join(', ')}: an install script did not run. See ${logFile}.`);
    const marker: Marker = { version: CODE_SERVER_VERSION, nodeModules: process.versions.modules, installedAt: new Date().toISOString() };
    fs.writeFileSync(path.join(staging, '.installed.json'), JSON.stringify(marker, null, 2));
    if (cacheHit()) return 'installed'; // A concurrent run finished first; keep its copy.
    fs.rmSync(CODE_SERVER_DIR, { recursive: true, force: true }); // An incomplete or outdated install.
    try {
      fs.renameSync(staging, CODE_SERVER_DIR);
    } catch (error) {
      if (!cacheHit()) throw error;
    }
    return 'installed';
  } finally {
    // A run killed during the install leaves the staging copy; removeStaleStaging() takes it later.
    fs.rmSync(staging, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
export default ensureCodeServer;

/** Staging directories of installs that were killed outright (an hour is far longer than an install takes). */
function removeStaleStaging(): void {
  for (const name of fs.readdirSync(CACHE_ROOT)) {
    const dir = path.join(CACHE_ROOT, name);
    if (name.includes('.staging-') && Date.now() - fs.statSync(dir).mtimeMs > 3_600_000) fs.rmSync(dir, { recursive: true, force: true });
  }
}

function checkPrerequisites(): void {
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 20) throw new Error(`code-server@${CODE_SERVER_VERSION} installs only on Node 20; this is Node ${process.versions.node}.`);
  const missing: string[] = [];
  if (!fs.existsSync('/usr/bin/rg')) missing.push('ripgrep');
  if (!commandExists('pkg-config')) missing.push('pkg-config');
  if (!fs.existsSync('/usr/include/gssapi/gssapi.h') && !commandExists('krb5-config')) missing.push('libkrb5-dev');
  if (!commandExists('make') || !commandExists('g++') || !commandExists('python3')) missing.push('make g++ python3');
  if (missing.length > 0) throw new Error(`installing code-server needs Debian packages: apt-get install ${missing.join(' ')} (.ci/run installs them)`);
}

const commandExists = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

/**
 * @vscode/ripgrep's postinstall downloads rg from GitHub (unreachable here) unless `$TMPDIR/vscode-ripgrep-cache-<its
 * version>/ripgrep-<release>-<target>.tar.gz` exists: seed it with Debian's rg.
 */
function seedRipgrepCache(tmp: string): void {
  const versions = new Set(['1.15.11', ...ripgrepVersionsInRange()]);
  const archiveSource = fs.mkdtempSync(path.join(tmp, 'rg-'));
  fs.copyFileSync('/usr/bin/rg', path.join(archiveSource, 'rg'));
  fs.chmodSync(path.join(archiveSource, 'rg'), 0o755);
  for (const version of versions) {
    const release = RIPGREP_RELEASES[version];
    if (!release) {
      if (version.startsWith('1.15.') || version.startsWith('1.16.') || version.startsWith('1.17.')) {
        log(`note: @vscode/ripgrep@${version} is not in RIPGREP_RELEASES (test/harness/codeServer.ts); not seeded`);
      }
      continue;
    }
    const dir = ensureDir(path.join(tmp, `vscode-ripgrep-cache-${version}`));
    execFileSync('tar', ['-czf', path.join(dir, `ripgrep-${release}-${RIPGREP_TARGET}.tar.gz`), '-C', archiveSource, 'rg']);
  }
}

function ripgrepVersionsInRange(): string[] {
  try {
    const out = execFileSync('npm', ['view', '@vscode/ripgrep@^1.15.11', 'version', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 });
    const parsed = JSON.parse(out) as string | string[];
    return Array.isArray(parsed) ? parsed : [parsed];
  } catch {
    return Object.keys(RIPGREP_RELEASES);
  }
}

async function npmInstall(cwd: string, tmp: string, logFile: string): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TMPDIR: tmp,
    // A nested `npx node-gyp` in the install otherwise asks (and fails without a terminal).
    npm_config_yes: 'true',
    // code-server's postinstall refuses to run as root without it; set in the environment too because npm 11
    // no longer knows the flag and may stop forwarding it.
    npm_config_unsafe_perm: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  // node-gyp downloads Node's headers from nodejs.org unless told where installed ones are.
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  if (!env.npm_config_nodedir && fs.existsSync(path.join(prefix, 'include', 'node', 'node.h'))) env.npm_config_nodedir = prefix;
  else if (!env.npm_config_nodedir) log(`note: no Node headers under ${prefix}/include/node; node-gyp will try to download them from nodejs.org`);
  // npm 11 skips dependencies' install scripts unless allowed, and code-server needs them (native modules, ripgrep,
  // and a postinstall that runs two more `npm install`s inside lib/vscode). An allowScripts list cannot reach those
  // nested installs: npm forwards an .npmrc `allow-scripts` to them as an environment setting, which project
  // installs reject (EALLOWSCRIPTS). So this one install, whose whole tree is pinned by code-server's three
  // npm-shrinkwrap.json files, runs with every script allowed.
  const args = ['install', '--unsafe-perm', '--dangerously-allow-all-scripts', '--loglevel=warn'];
  const out = fs.createWriteStream(logFile);
  out.write(`$ npm ${args.join(' ')}   (in ${cwd})\n`);
  // A process group, so Ctrl-C also stops the nested installs and compilers.
  const npm = spawnGroup('npm', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const drained = new Promise((resolve) => npm.child.once('close', resolve));
  npm.child.stdout?.pipe(out, { end: false });
  npm.child.stderr?.pipe(out, { end: false });
  const code = await npm.exited;
  await drained;
  await new Promise<void>((resolve) => out.end(resolve));
  if (code !== 0) throw new Error(`npm install of code-server failed (exit ${code}). Last lines of ${logFile}:\n${tail(logFile, 30)}`);
}

// ---- running --------------------------------------------------------------------------------------------------

export interface CodeServer {
  port: number;
  origin: string;
  process: GroupProcess;
  logFile: string;
  /** Called with every line code-server prints (its log includes extension host exits). */
  onLine(listener: (line: string) => void): void;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Throw-away directories for this server's state. */
  userDataDir: string;
  extensionsDir: string;
  logFile: string;
  host?: string;
  port?: number;
  env?: NodeJS.ProcessEnv;
  /** More command-line options, e.g. `--locale id`. */
  args?: string[];
}

/** Starts code-server and waits until it answers HTTP. Retries on another port if the chosen one was taken meanwhile. */
export async function startCodeServer(options: StartOptions): Promise<CodeServer> {
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      return await startOn(port, options);
    } catch (error) {
      if (options.port !== undefined || attempt >= 3 || !(error instanceof PortTakenError)) throw error;
      log(`port ${port} was taken meanwhile; trying another`);
    }
  }
}

class PortTakenError extends Error {}

async function startOn(port: number, options: StartOptions): Promise<CodeServer> {
  const host = options.host ?? '127.0.0.1';
  ensureDir(options.userDataDir);
  ensureDir(options.extensionsDir);
  ensureDir(path.dirname(options.logFile));
  const args = [
    entryScript(),
    '--auth', 'none',
    '--bind-addr', `${host}:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', options.userDataDir,
    '--extensions-dir', options.extensionsDir,
    ...(options.args ?? []),
  ];
  const logStream = fs.createWriteStream(options.logFile);
  const processGroup = spawnGroup(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const listeners: Array<(line: string) => void> = [];
  let taken = false;
  const onLine = (line: string) => {
    if (/EADDRINUSE/.test(line)) taken = true;
    for (const listener of listeners) listener(line);
  };
  followLines(processGroup.child.stdout, onLine, logStream);
  followLines(processGroup.child.stderr, onLine, logStream);
  const origin = `http://${host}:${port}`;
  const server: CodeServer = {
    port,
    origin,
    process: processGroup,
    logFile: options.logFile,
    onLine: (listener) => listeners.push(listener),
    stop: async () => {
      await processGroup.stop();
      logStream.end();
    },
  };
  // Ready when it says so; a port taken meanwhile or a crash ends the wait too (both are events, no polling).
  const outcome = await new Promise<'ready' | 'exited' | 'timeout'>((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), 60_000);
    listeners.push((line) => /HTTP server listening on/.test(line) && (clearTimeout(timer), resolve('ready')));
    void processGroup.exited.then(() => (clearTimeout(timer), resolve('exited')));
  });
  if (outcome === 'ready') return server;
  await server.stop();
  if (taken) throw new PortTakenError(`port ${port} in use`);
  throw new Error(`code-server ${outcome === 'exited' ? 'exited before it listened' : `did not listen on ${origin} within 60 s`}. Last lines of ${options.logFile}:\n${tail(options.logFile)}`);
}
