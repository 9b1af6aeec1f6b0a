// One workbench session: a code-server with throw-away state, and a page of the given browser on the workbench URL
// that loads the extension under development (and, for extension tests, the tests module).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { startCodeServer, type CodeServer } from './codeServer';
import { REPO_ROOT, RESULTS_DIR, ensureDir } from './util';

/** A quiet, deterministic workbench: no welcome page, tips, update or gallery traffic. */
const WORKBENCH_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  // One Output panel line per logical line, so UI tests can read what a channel printed.
  '[Log]': { 'editor.wordWrap': 'off' },
  // A free port for the local sandbox: other test windows may run beside this one (the default port, 8787, and its
  // "in use" case are tested in the integration suite).
  'prakerja.localSandbox.port': 0,
};

export interface Session {
  server: CodeServer;
  page: Page;
  url: string;
  /** The (empty, throw-away) folder open in the workbench. */
  workspace: string;
  /** code-server's user data (User/settings.json, User/globalStorage/…) and extensions directories. */
  userDataDir: string;
  extensionsDir: string;
  close(): Promise<void>;
}

export interface SessionOptions {
  /** Names the log files under test-results/: `<name>-code-server.log`, `<name>-browser-console.log`. */
  name: string;
  extensionTestsPath?: string;
  /** Development extensions to load; default: the repository. `[]`: none (only installed extensions run). */
  extensionDevelopmentPaths?: string[];
  /** User settings added to the quiet defaults. */
  settings?: Record<string, unknown>;
  /** Runs before code-server starts, e.g. to install a .vsix into the session's extensions directory. */
  prepare?: (dirs: { userDataDir: string; extensionsDir: string }) => Promise<void>;
  env?: NodeJS.ProcessEnv;
  /** More code-server options, e.g. `--locale id`. */
  args?: string[];
}

export async function openSession(browser: Browser, options: SessionOptions): Promise<Session> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `prakerja-${options.name}-`));
  const workspace = ensureDir(path.join(scratch, 'workspace'));
  const userDataDir = path.join(scratch, 'user-data');
  ensureDir(path.join(userDataDir, 'User'));
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...WORKBENCH_SETTINGS, ...options.settings }, null, 2));
  const extensionsDir = path.join(scratch, 'extensions');
  await options.prepare?.({ userDataDir, extensionsDir });
  const server = await startCodeServer({
    userDataDir,
    extensionsDir,
    logFile: path.join(RESULTS_DIR, `${options.name}-code-server.log`),
    // VS Code and its git extension leave IPC sockets in the temp dir; keep them in the scratch that is removed.
    env: { TMPDIR: ensureDir(path.join(scratch, 'tmp')), ...options.env },
    ...(options.args ? { args: options.args } : {}),
  });
  const url = workbenchUrl(server, workspace, options.extensionDevelopmentPaths ?? [REPO_ROOT], options.extensionTestsPath);
  const opened = await openWorkbenchPage(browser, url, options.name);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await opened.close();
    await server.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  };
  return { server, page: opened.page, url, workspace, userDataDir, extensionsDir, close };
}

/**
 * A browser page on a workbench URL, as the suites use it (1280×800, clipboard allowed), once the workbench shows;
 * its console goes to `test-results/<name>-browser-console.log`. `close` closes the page's context and the log.
 */
export async function openWorkbenchPage(browser: Browser, url: string, name: string): Promise<{ page: Page; close(): Promise<void> }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    // vscode.env.clipboard in the web workbench is the browser's clipboard, which needs these (and focus).
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  const page = await context.newPage();
  const consoleLog = fs.createWriteStream(path.join(ensureDir(RESULTS_DIR), `${name}-browser-console.log`));
  // The workbench's console, with the extension host's (forwarded to the page): what to read when a session fails.
  page.on('console', (message) => consoleLog.writable && consoleLog.write(`[${message.type()}] ${message.text()}\n`));
  page.on('pageerror', (error) => consoleLog.writable && consoleLog.write(`[pageerror] ${error.stack ?? error.message}\n`));
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
  return {
    page,
    close: async () => {
      await context.close().catch(() => undefined);
      consoleLog.end();
    },
  };
}

/**
 * The workbench URL of a folder, loading any number of development extensions (none: only installed ones run).
 * Paths are `vscode-remote://` URIs of this server: with plain `file://` the web workbench finds "no extension host
 * that can launch the test runner".
 */
export function workbenchUrl(server: Pick<CodeServer, 'origin'>, folder: string, developmentPaths: string[], testsPath?: string): string {
  const authority = new URL(server.origin).host;
  const remote = (p: string) => `vscode-remote://${authority}${p.split(path.sep).map(encodeURIComponent).join('/')}`;
  const payload: Array<[string, string]> = developmentPaths.map((p) => ['extensionDevelopmentPath', remote(p)]);
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  return `${server.origin}/?folder=${encodeURIComponent(folder)}${payload.length ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`;
}
