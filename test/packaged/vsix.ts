// The extension as users get it: `npm run package` builds the .vsix (production bundles, .vscodeignore's
// whitelist), which must hold exactly the run-time files and stay within budget; code-server installs it as a user
// would. Used by the packaged suite and by `npm run bench`.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { CODE_SERVER_DIR } from '../harness/codeServer';
import { REPO_ROOT, ensureDir } from '../harness/util';

const run = promisify(execFile);

export const KIB = 1024;
export const MIB = 1024 * 1024;
/** Budgets of the issue "ship-ready" (and of /work/shared/PERFORMANCE.md). */
export const VSIX_LIMIT_BYTES = 1 * MIB;
export const MAIN_BUNDLE_LIMIT_BYTES = 150 * KIB;
export const EXTENSION_ID = 'prakerja-toolkit.prakerja-api-toolkit';

/** Top-level entries of the repository that are not copied into the staging directory. */
const NOT_STAGED = new Set(['.git', 'node_modules', '.vscode-test', 'test-results', 'dist', 'dist-test']);

export interface VsixEntry {
  name: string;
  /** Uncompressed size. */
  size: number;
  data: Buffer;
}

export interface PackageResult {
  vsix: string;
  /** Size of the .vsix file. */
  bytes: number;
  entries: VsixEntry[];
  durationMs: number;
}

export async function readVsix(file: string): Promise<VsixEntry[]> {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  const entries: VsixEntry[] = [];
  for (const f of Object.values(zip.files).filter((f) => !f.dir)) {
    const data = await f.async('nodebuffer');
    entries.push({ name: f.name, size: data.length, data });
  }
  return entries;
}

/**
 * Runs the project's own `npm run package` in a throw-away copy of the repository (node_modules linked, build output
 * rebuilt), so the production build never replaces the development build in dist/ that other suites use.
 */
export async function packageExtension(outDir: string): Promise<PackageResult> {
  const started = performance.now();
  ensureDir(outDir);
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'prakerja-package-'));
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
    return { vsix, bytes: fs.statSync(vsix).size, entries: await readVsix(vsix), durationMs: performance.now() - started };
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

/**
 * Every entry the .vsix must hold, and nothing else: vsce's manifest and content types, and under `extension/` the
 * files the extension reads at run time (.vscodeignore's list). vsce renames README.md → readme.md, CHANGELOG.md →
 * changelog.md, LICENSE → LICENSE.txt. Translations are whatever locales the repository has.
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
    'media/prakerja.svg',
    'media/icon.png',
    ...list('media/walkthrough', /\.md$/),
    ...list('media/walkthrough/id', /\.md$/),
    'dist/extension.js',
    'dist/features.js',
    'dist/debugger.js',
    'dist/sandbox.js',
    'dist/webview/debugger.js',
    'dist/webview/debugger.html',
    'dist/webview/debugger.css',
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
  const bundles = ['extension.js', 'features.js', 'debugger.js', 'sandbox.js', 'webview/debugger.js'].map((b) => `extension/dist/${b}`);
  for (const entry of result.entries.filter((e) => bundles.includes(e.name))) {
    const text = entry.data.toString('utf8');
    if (/\/\/# sourceMappingURL=/.test(text)) problems.push(`${entry.name} references a source map: not a production build`);
    // A minified bundle has few, long lines; esbuild's development output has one statement per line.
    const lines = text.split('\n').length;
    if (lines > text.length / 200) problems.push(`${entry.name} is not minified (${lines} lines for ${text.length} bytes)`);
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

/** `code-server --install-extension <vsix>` for each, as a user installs a downloaded one; returns their folders. */
export async function installVsix(vsixes: string[], dirs: { extensionsDir: string; userDataDir: string }): Promise<string[]> {
  const entry = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const args = [entry, ...vsixes.flatMap((v) => ['--install-extension', v]), '--extensions-dir', dirs.extensionsDir, '--user-data-dir', dirs.userDataDir];
  const { stdout, stderr } = await run(process.execPath, args, { timeout: 120_000, maxBuffer: 16 * MIB });
  const output = `${stdout}${stderr}`;
  return Promise.all(
    vsixes.map(async (vsix) => {
      if (!output.includes(`'${path.basename(vsix)}' was successfully installed`)) throw new Error(`code-server --install-extension ${path.basename(vsix)} did not succeed:\n${output}`);
      const packageJson = (await readVsix(vsix)).find((e) => e.name === 'extension/package.json')!;
      const manifest = JSON.parse(packageJson.data.toString('utf8')) as { publisher: string; name: string; version: string };
      const folder = path.join(dirs.extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`.toLowerCase());
      if (!fs.existsSync(path.join(folder, 'package.json'))) throw new Error(`no ${folder} after installing ${path.basename(vsix)}:\n${output}`);
      return folder;
    }),
  );
}
