// `npm start`: try the extension with nothing to configure. With desktop VS Code (`code` on PATH) it opens an
// Extension Development Host; otherwise it serves the workbench from the cached code-server (installing it the first
// time), prints the URL to open, and runs until Ctrl-C. `--code-server` forces the latter; `--port N` sets the port
// (default 8790, so an open tab survives a restart; a free one when that is taken, said in one line).
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { CACHE_ROOT, CODE_SERVER_VERSION, ensureCodeServer, startCodeServer, type CodeServer } from '../test/harness/codeServer';
import { workbenchUrl } from '../test/harness/session';
import { REPO_ROOT, ensureDir, log } from '../test/harness/util';

/** The port `npm start` serves code-server on unless `--port` says otherwise. */
export const DEFAULT_PORT = 8790;

/**
 * The development profile's workbench settings: no "Setup VS Code Web" walkthrough or welcome page (which would take
 * the focus, so the first keys typed into an input box went to it), no "git repository in the parent folders" toast
 * (the workspace lives inside this repository's .vscode-test). Written under the person's own settings: theirs win.
 */
export const START_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'git.openRepositoryInParentFolders': 'never',
  'workbench.tips.enabled': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
};

/** Adds the START_SETTINGS a settings.json does not set yet; a file that is not plain JSON is left as it is. */
export function withStartSettings(text: string | undefined): string | undefined {
  let current: Record<string, unknown> = {};
  if (text !== undefined && text.trim()) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
      current = parsed as Record<string, unknown>;
    } catch {
      return undefined; // comments or a typo: the person's file, not ours to rewrite
    }
  }
  const missing = Object.entries(START_SETTINGS).filter(([key]) => !(key in current));
  if (missing.length === 0) return undefined;
  return `${JSON.stringify({ ...Object.fromEntries(missing), ...current }, null, 2)}\n`;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

export interface DevelopmentServer {
  server: CodeServer;
  /** The workbench URL to open: the profile's workspace, this repository as the development extension. */
  url: string;
}

/**
 * What `npm start` serves, and all of it (the UI suite's test/ui/npmStart.test.ts starts the same): code-server on
 * the development profile under `state` (its settings.json given the START_SETTINGS it lacks), on `port` (a free one
 * when absent), with this repository as the development extension in the profile's `workspace` folder.
 */
export async function startDevelopmentServer(options: { state: string; port?: number; env?: NodeJS.ProcessEnv }): Promise<DevelopmentServer> {
  const { state } = options;
  const workspace = ensureDir(path.join(state, 'workspace'));
  const userDataDir = path.join(state, 'user-data');
  const settingsFile = path.join(ensureDir(path.join(userDataDir, 'User')), 'settings.json');
  const settings = withStartSettings(fs.existsSync(settingsFile) ? fs.readFileSync(settingsFile, 'utf8') : undefined);
  if (settings !== undefined) fs.writeFileSync(settingsFile, settings);
  const server = await startCodeServer({
    userDataDir,
    extensionsDir: path.join(state, 'extensions'),
    logFile: path.join(state, 'code-server.log'),
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  return { server, url: workbenchUrl(server, workspace, [REPO_ROOT]) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'code-server': { type: 'boolean', default: false },
      port: { type: 'string' },
    },
  });
  if (!values['code-server'] && onPath('code')) {
    log('opening desktop VS Code with the extension under development');
    const code = spawn('code', [`--extensionDevelopmentPath=${REPO_ROOT}`], { stdio: 'inherit' });
    await new Promise((resolve) => code.once('exit', resolve));
    return;
  }

  // Ctrl-C: exit through process.exit, so code-server's process group is killed (test/harness/util.ts).
  process.on('SIGINT', () => process.exit(130));
  process.on('SIGTERM', () => process.exit(143));
  log(`code-server: ${await ensureCodeServer()}`);
  // A stable profile, so settings, credentials and history survive restarts.
  const state = path.join(CACHE_ROOT, 'start');
  const asked = values.port === undefined ? undefined : Number(values.port);
  if (asked !== undefined && !(Number.isInteger(asked) && asked > 0 && asked < 65536)) throw new Error(`--port must be 1-65535, got "${values.port}"`);
  // The fixed default keeps the URL from one start to the next; taken (another `npm start`?), a free port instead.
  let port = asked;
  if (port === undefined) {
    if (await portIsFree(DEFAULT_PORT)) port = DEFAULT_PORT;
    else log(`port ${DEFAULT_PORT} is in use (another \`npm start\`?); using a free port instead, so this URL is new (\`npm start -- --port N\` picks one)`);
  }
  const { server, url } = await startDevelopmentServer({ state, ...(port !== undefined ? { port } : {}) });
  console.log(`\nPrakerja API Toolkit is loaded as a development extension in code-server ${CODE_SERVER_VERSION}. Open:\n\n  ${url}\n`);
  console.log(`After changing the code: \`npm run build\` (or \`npm run watch\`), then "Developer: Reload Window" in the workbench.`);
  console.log(`Server log: ${path.relative(process.cwd(), server.logFile)}. Press Ctrl-C to stop.`);
  const code = await server.process.exited;
  log(`code-server exited (${code}); see ${server.logFile}`);
  process.exit(1);
}

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
