// What makes VS Code Indonesian, asked of a real workbench: code-server started with `--locale id`, with or without
// an Indonesian language pack, reports vscode.env.language, the manifest's command title and the walkthrough pages
// it resolved, and screenshots the walkthrough. `node esbuild.js && node dist-test/harness/localeProbe.js [--pack]`.
// Found with code-server 4.100.3 (VS Code 1.100.3): without a pack, `--locale id` resolves to English everywhere;
// with one, the manifest, the walkthrough and (under prakerja.language `auto`) the extension's own text are Indonesian.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { installVsix } from './packaged';
import { openSession } from './session';
import { REPO_ROOT, RESULTS_DIR } from './util';

const EXTENSION = 'prakerja-toolkit.prakerja-api-toolkit';

/** Runs in the extension host (extensionTestsPath): records what it sees, opens the walkthrough, waits to be told to end. */
const PROBE_MODULE = `
const vscode = require('vscode');
const fs = require('fs');
exports.run = async function () {
  const extension = vscode.extensions.getExtension('${EXTENSION}');
  await extension.activate();
  const { commands, walkthroughs } = extension.packageJSON.contributes;
  const title = commands.find((c) => c.command === 'prakerja.voidTransaction').title;
  await vscode.commands.executeCommand('workbench.action.openWalkthrough', '${EXTENSION}#prakerja.gettingStarted', false);
  fs.writeFileSync(process.env.PROBE_OUT, JSON.stringify({
    envLanguage: vscode.env.language,
    voidTitle: typeof title === 'string' ? title : title.value,
    walkthroughPages: walkthroughs[0].steps.map((s) => s.media.markdown),
  }, null, 2));
  await new Promise((resolve) => { const timer = setInterval(() => { if (fs.existsSync(process.env.PROBE_OUT + '.done')) { clearInterval(timer); resolve(); } }, 100); });
};
`;

/** A language pack with no translations of VS Code itself: enough for VS Code to resolve the display language `id`. */
async function packVsix(dir: string): Promise<string> {
  const pack = path.join(dir, 'pack');
  fs.mkdirSync(path.join(pack, 'translations'), { recursive: true });
  fs.writeFileSync(path.join(pack, 'translations', 'main.i18n.json'), JSON.stringify({ version: '1.0.0', contents: {} }));
  fs.writeFileSync(path.join(pack, 'README.md'), '# Probe\n');
  fs.writeFileSync(path.join(pack, 'LICENSE'), 'MIT\n');
  fs.writeFileSync(
    path.join(pack, 'package.json'),
    JSON.stringify({
      name: 'vscode-language-pack-id', publisher: 'probe', version: '0.0.1', license: 'MIT', engines: { vscode: '^1.100.0' }, categories: ['Language Packs'],
      contributes: { localizations: [{ languageId: 'id', languageName: 'Indonesian', localizedLanguageName: 'Bahasa Indonesia', translations: [{ id: 'vscode', path: './translations/main.i18n.json' }] }] },
    }),
  );
  const vsix = path.join(dir, 'pack.vsix');
  await promisify(execFile)(path.join(REPO_ROOT, 'node_modules', '.bin', 'vsce'), ['package', '--allow-missing-repository', '--no-dependencies', '-o', vsix], { cwd: pack });
  return vsix;
}

async function main(): Promise<void> {
  const withPack = process.argv.includes('--pack');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'prakerja-locale-probe-'));
  const out = path.join(scratch, 'probe.json');
  const probeModule = path.join(scratch, 'probe.js');
  fs.writeFileSync(probeModule, PROBE_MODULE);
  const vsix = withPack ? await packVsix(scratch) : undefined;
  const session = await openSession({
    name: 'locale-probe',
    extensionTestsPath: probeModule,
    args: ['--locale', 'id'],
    env: { PROBE_OUT: out },
    prepare: async (dirs) => {
      if (!vsix) return;
      const [folder] = await installVsix([vsix], dirs);
      // What VS Code's language pack service writes once a running server has seen the pack: without it, the first
      // start after installing a pack is still English (a user restarts when VS Code asks to).
      fs.writeFileSync(
        path.join(dirs.userDataDir, 'languagepacks.json'),
        JSON.stringify({ id: { hash: 'probe', extensions: [{ extensionIdentifier: { id: 'probe.vscode-language-pack-id' }, version: '0.0.1' }], translations: { vscode: path.join(folder!, 'translations', 'main.i18n.json') }, label: 'Bahasa Indonesia' } }),
      );
    },
  });
  try {
    const deadline = Date.now() + 60_000;
    while (!fs.existsSync(out) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    await session.page.locator('.gettingStartedContainer').waitFor({ state: 'visible', timeout: 20_000 });
    const screenshot = path.join(RESULTS_DIR, `locale-probe-${withPack ? 'pack' : 'no-pack'}.png`);
    await session.page.screenshot({ path: screenshot });
    console.log(fs.readFileSync(out, 'utf8'));
    console.log(`screenshot: ${screenshot}`);
  } finally {
    fs.writeFileSync(`${out}.done`, '');
    await session.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
