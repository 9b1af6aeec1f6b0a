// The extension as users get it: `npm run package` builds the .vsix (production bundles, .vscodeignore's whitelist),
// which must hold exactly the run-time files and stay ≤ 1 MB; code-server installs it like a user would
// (`--install-extension`), and a workbench with no development extension runs a Void and the Signature Debugger from
// the installed copy. Packaging happens in a staging copy of the repository, so the production build never replaces
// the development build in dist/ that other suites (and other runs in this checkout) are using.
import { execFile } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { FrameLocator, Page } from 'playwright-core';
import { CODE_SERVER_DIR } from './codeServer';
import { runHarnessSuite } from './harnessSuite';
import type { SuiteReport } from './report';
import { openSession, type Session } from './session';
import { REPO_ROOT, RESULTS_DIR, ensureDir, log, onCleanup } from './util';
import { notifications, runCommand, waitForNotification, waitForQuickInput } from './workbench';
import { readZipEntries, readZipEntry, type ZipEntry } from './zip';

const run = promisify(execFile);

export const KIB = 1024;
export const MIB = 1024 * 1024;
/** Budgets of the issue "ship-ready" (and of /work/shared/PERFORMANCE.md). */
export const VSIX_LIMIT_BYTES = 1 * MIB;
export const MAIN_BUNDLE_LIMIT_BYTES = 150 * KIB;

export const EXTENSION_ID = 'prakerja-toolkit.prakerja-api-toolkit';

// ---- packaging --------------------------------------------------------------------------------------------------

/** Top-level entries of the repository that are not copied into the staging directory. */
const NOT_STAGED = new Set(['.git', 'node_modules', '.vscode-test', 'test-results', 'dist', 'dist-test']);

export interface PackageResult {
  vsix: string;
  /** Size of the .vsix file. */
  bytes: number;
  entries: ZipEntry[];
  durationMs: number;
}

/**
 * Runs the project's own `npm run package` (production build, then `vsce package --no-dependencies`) in a throw-away
 * copy of the repository (everything but node_modules, which is linked, and build output, which is rebuilt), and
 * puts the .vsix in `outDir`.
 */
export async function packageExtension(outDir: string): Promise<PackageResult> {
  const started = performance.now();
  ensureDir(outDir);
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'prakerja-package-'));
  const removeStage = () => fs.rmSync(stage, { recursive: true, force: true });
  const unregister = onCleanup(removeStage);
  const logFile = path.join(outDir, 'package.log');
  try {
    for (const name of fs.readdirSync(REPO_ROOT)) {
      if (NOT_STAGED.has(name) || name.endsWith('.vsix')) continue;
      fs.cpSync(path.join(REPO_ROOT, name), path.join(stage, name), { recursive: true, filter: (source) => !source.endsWith('.vsix') });
    }
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
    const manifest = JSON.parse(fs.readFileSync(path.join(stage, 'package.json'), 'utf8')) as { name: string; version: string };
    const vsix = path.join(outDir, `${manifest.name}-${manifest.version}.vsix`);
    fs.rmSync(vsix, { force: true });
    const env = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false' };
    try {
      const { stdout, stderr } = await run('npm', ['run', 'package', '--', '--out', vsix], { cwd: stage, env, timeout: 180_000, maxBuffer: 16 * MIB });
      fs.writeFileSync(logFile, `${stdout}\n${stderr}`);
    } catch (error) {
      const { stdout = '', stderr = '', message } = error as { stdout?: string; stderr?: string; message: string };
      fs.writeFileSync(logFile, `${stdout}\n${stderr}`);
      throw new Error(`npm run package failed: ${message}\n${`${stdout}\n${stderr}`.trim().split('\n').slice(-30).join('\n')}`);
    }
    if (!fs.existsSync(vsix)) throw new Error(`npm run package wrote no ${vsix}; see ${logFile}`);
    return { vsix, bytes: fs.statSync(vsix).size, entries: readZipEntries(vsix), durationMs: performance.now() - started };
  } finally {
    removeStage();
    unregister();
  }
}

/**
 * Every entry the .vsix must hold, and nothing else: vsce's own manifest and content types, and under `extension/`
 * the files the extension reads at run time. vsce renames three of them: README.md → readme.md, CHANGELOG.md →
 * changelog.md, LICENSE → LICENSE.txt. Translations are whatever locales the repository has
 * (package.nls.<locale>.json, README.<locale>.md, l10n/bundle.l10n.<locale>.json).
 */
export function expectedVsixEntries(root = REPO_ROOT): string[] {
  const list = (dir: string, pattern: RegExp) =>
    fs.existsSync(path.join(root, dir)) ? fs.readdirSync(path.join(root, dir)).filter((f) => pattern.test(f)).map((f) => (dir ? `${dir}/${f}` : f)) : [];
  const locale = '[a-z]{2,3}(?:-[a-z]{2,4})?';
  const runtime = [
    'package.json',
    'package.nls.json',
    ...list('', new RegExp(`^package\\.nls\\.${locale}\\.json$`)),
    'readme.md',
    ...list('', new RegExp(`^README\\.${locale}\\.md$`)),
    'changelog.md',
    'LICENSE.txt',
    ...list('l10n', new RegExp(`^bundle\\.l10n\\.${locale}\\.json$`)),
    'media/debugger.html',
    'media/debugger.css',
    'media/prakerja.svg',
    'media/icon.png',
    ...list('media/walkthrough', /\.md$/),
    ...list('media/walkthrough/id', /\.md$/),
    'dist/extension.js',
    'dist/features.js',
    'dist/debugger.js',
    'dist/sandbox.js',
    'dist/webview/debugger.js',
    'dist/webview/codicon.css',
    'dist/webview/codicon.ttf',
  ];
  return ['extension.vsixmanifest', '[Content_Types].xml', ...runtime.map((f) => `extension/${f}`)].sort();
}

/** What is wrong with the .vsix's contents: extra entries, missing ones, bundles that are not production builds. */
export function vsixProblems(result: PackageResult): string[] {
  const actual = result.entries.map((e) => e.name);
  const expected = expectedVsixEntries();
  const problems: string[] = [];
  const extra = actual.filter((n) => !expected.includes(n));
  const missing = expected.filter((n) => !actual.includes(n));
  if (extra.length) problems.push(`unexpected entries (not run-time files): ${extra.join(', ')}`);
  if (missing.length) problems.push(`missing entries: ${missing.join(', ')}`);
  const duplicates = actual.filter((n, i) => actual.indexOf(n) !== i);
  if (duplicates.length) problems.push(`duplicate entries: ${duplicates.join(', ')}`);
  for (const bundle of ['extension/dist/extension.js', 'extension/dist/features.js', 'extension/dist/debugger.js', 'extension/dist/sandbox.js', 'extension/dist/webview/debugger.js']) {
    if (!actual.includes(bundle)) continue;
    const text = readZipEntry(result.vsix, bundle).toString('utf8');
    if (/\/\/# sourceMappingURL=/.test(text)) problems.push(`${bundle} references a source map: not a production build`);
    // A minified bundle has few, long lines; esbuild's development output has one statement per line.
    const lines = text.split('\n').length;
    if (lines > text.length / 200) problems.push(`${bundle} is not minified (${lines} lines for ${text.length} bytes)`);
    // esbuild's interop wrapper copies a whole module per import (esbuild.js, plainExternalRequire).
    const wrapped = /[\w$]+\(require\("(vscode|node:[\w/]+)"\)\)/.exec(text);
    if (wrapped) problems.push(`${bundle} wraps require("${wrapped[1]}") in an interop helper: import it with \`import * as x from\` only`);
  }
  return problems;
}

export function entrySize(result: PackageResult, name: string): number {
  const entry = result.entries.find((e) => e.name === name);
  if (!entry) throw new Error(`${path.basename(result.vsix)} has no ${name}`);
  return entry.size;
}

export function describePackage(result: PackageResult): string {
  const total = result.entries.reduce((sum, e) => sum + e.size, 0);
  return `${path.relative(process.cwd(), result.vsix)}: ${(result.bytes / KIB).toFixed(1)} KB (${result.entries.length} entries, ${(total / KIB).toFixed(1)} KB uncompressed; dist/extension.js ${(entrySize(result, 'extension/dist/extension.js') / KIB).toFixed(1)} KB)`;
}

/**
 * `code-server --install-extension <vsix>` for each .vsix, as a user installs a downloaded one. Returns the folder
 * each was installed into.
 */
export async function installVsix(vsixes: string[], dirs: { extensionsDir: string; userDataDir: string }): Promise<string[]> {
  const entry = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const args = [entry, ...vsixes.flatMap((v) => ['--install-extension', v]), '--extensions-dir', dirs.extensionsDir, '--user-data-dir', dirs.userDataDir];
  const { stdout, stderr } = await run(process.execPath, args, { timeout: 120_000, maxBuffer: 16 * MIB });
  const output = `${stdout}${stderr}`;
  return vsixes.map((vsix) => {
    if (!output.includes(`'${path.basename(vsix)}' was successfully installed`)) throw new Error(`code-server --install-extension ${path.basename(vsix)} did not succeed:\n${output}`);
    const manifest = JSON.parse(readZipEntry(vsix, 'extension/package.json').toString('utf8')) as { publisher: string; name: string; version: string };
    const folder = path.join(dirs.extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`.toLowerCase());
    if (!fs.existsSync(path.join(folder, 'package.json'))) throw new Error(`no ${folder} after installing ${path.basename(vsix)}:\n${output}`);
    return folder;
  });
}

// ---- UI helpers -------------------------------------------------------------------------------------------------

/** Waits for the input box whose prompt mentions `prompt`, types `text` and presses Enter. */
export async function answerInputBox(page: Page, prompt: string, text: string, options: { enter?: boolean } = {}): Promise<void> {
  await waitForQuickInput(page);
  await page.locator('.quick-input-widget').filter({ hasText: prompt }).waitFor({ state: 'visible', timeout: 10_000 });
  await waitForQuickInput(page);
  await page.keyboard.type(text);
  await page.waitForFunction((value) => document.querySelector<HTMLInputElement>('.quick-input-widget input.input')?.value === value, text, { timeout: 5_000 });
  if (options.enter !== false) await page.keyboard.press('Enter');
}

/**
 * Waits until the workbench knows the extension's contributions (its activity bar item shows), so the palette lists
 * its commands at the first try (a fresh workbench learns them a moment after it shows).
 */
export async function waitForContributions(page: Page, timeout = 30_000): Promise<void> {
  await page.locator('.part.activitybar .action-label[aria-label^="Prakerja"]').waitFor({ state: 'visible', timeout });
}

/** F1 → "Prakerja: Void Transaction" → invoice_code → transaction_code (Enter on the last one unless told not to). */
export async function voidFromPalette(page: Page, invoiceCode: string, transactionCode: string, options: { enter?: boolean } = {}): Promise<void> {
  await waitForContributions(page);
  await runCommand(page, 'Prakerja: Void Transaction');
  await answerInputBox(page, 'invoice_code', invoiceCode);
  await answerInputBox(page, 'transaction_code', transactionCode, options);
}

export function debuggerFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

export async function noErrorNotifications(page: Page): Promise<void> {
  const errors = (await notifications(page)).filter((n) => n.severity === 'error');
  if (errors.length > 0) throw new Error(`error notifications: ${errors.map((n) => n.text).join(' | ')}`);
}

export const randomCode = () => randomBytes(4).toString('hex').toUpperCase();

// ---- the suite --------------------------------------------------------------------------------------------------

export async function runPackaged(options: { grep?: string }): Promise<SuiteReport> {
  const outDir = path.join(RESULTS_DIR, 'packaged');
  let packaged: PackageResult | undefined;
  let session: Session | undefined;
  return runHarnessSuite(
    {
      name: 'Packaged extension',
      id: 'packaged',
      after: async () => session?.close(),
      tests: [
        {
          name: 'npm run package builds a .vsix with exactly the run-time files',
          async run() {
            packaged = await packageExtension(outDir);
            log(`packaged in ${(packaged.durationMs / 1000).toFixed(1)} s: ${describePackage(packaged)}`);
            const problems = vsixProblems(packaged);
            if (problems.length) throw new Error(`${path.basename(packaged.vsix)}:\n${problems.join('\n')}`);
          },
        },
        {
          name: 'the .vsix is at most 1 MB',
          needs: ['npm run package builds a .vsix with exactly the run-time files'],
          async run() {
            const { bytes } = packaged!;
            if (bytes > VSIX_LIMIT_BYTES) throw new Error(`the .vsix is ${(bytes / MIB).toFixed(2)} MB (${bytes} bytes), over the 1 MB budget`);
          },
        },
        {
          name: 'code-server installs the .vsix and opens a workbench that runs only the installed copy',
          needs: ['npm run package builds a .vsix with exactly the run-time files'],
          async run() {
            let installedAt = '';
            session = await openSession({
              name: 'packaged',
              extensionDevelopmentPaths: [],
              prepare: async (dirs) => {
                installedAt = (await installVsix([packaged!.vsix], dirs))[0]!;
              },
            });
            const installedMain = path.join(installedAt, 'dist', 'extension.js');
            if (!fs.existsSync(installedMain)) throw new Error(`the installed extension has no ${installedMain}`);
            if (session.url.includes('payload=')) throw new Error(`the workbench URL loads a development extension: ${session.url}`);
          },
        },
        {
          name: 'installed: "Prakerja: Void Transaction" from the palette with typed codes says Voided',
          needs: ['code-server installs the .vsix and opens a workbench that runs only the installed copy'],
          async run({ screenshot }) {
            const { page } = session!;
            const transactionCode = `TRX-OK-${randomCode()}`;
            await voidFromPalette(page, 'INV-PKG-1', transactionCode);
            const toast = await waitForNotification(page, new RegExp(`${transactionCode}.*Voided`), 30_000);
            if (toast.severity !== 'info') throw new Error(`expected an information toast, got ${toast.severity}: ${toast.text}`);
            await screenshot(page, 'voided');
            await noErrorNotifications(page);
          },
        },
        {
          name: 'installed: "Prakerja: Open Signature Debugger" shows a 40-hex HMAC',
          needs: ['code-server installs the .vsix and opens a workbench that runs only the installed copy'],
          async run({ screenshot }) {
            const { page } = session!;
            await runCommand(page, 'Prakerja: Open Signature Debugger');
            const frame = debuggerFrame(page);
            const signature = frame.locator('#signature').filter({ hasText: /^[0-9a-f]{40}$/ });
            await signature.waitFor({ timeout: 30_000 });
            // The HMAC is the one of what the page shows, with the sandbox's demo key (nothing stored).
            const value = (id: string) => frame.locator(`#${id}`).inputValue();
            const raw = `${await value('clientCode')}${await value('timestamp')}${await value('method')}${await value('endpoint')}${await value('body')}`;
            const expected = createHmac('sha1', 'sandbox-sign-key').update(raw, 'utf8').digest('hex');
            const shown = await signature.textContent();
            if (shown !== expected) throw new Error(`the debugger shows ${shown}; HMAC-SHA1 of its raw_signature is ${expected}`);
            await screenshot(page, 'debugger');
            await noErrorNotifications(page);
          },
        },
      ],
    },
    options,
  );
}
