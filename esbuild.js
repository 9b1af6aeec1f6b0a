// Builds every bundle the project ships or tests with. The extension's main bundle only registers; what commands
// and views do (dist/features.js, with the node:http client), the signature debugger (dist/debugger.js) and the
// sandbox (dist/sandbox.js) are bundles of their own that the extension requires on first use. The debugger's page
// (script, HTML, CSS, all in src/features/debugger/) goes to dist/webview/.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Entry points of the shipped extension (dist/). */
const productEntries = {
  extension: 'src/extension.ts',
  features: 'src/platform/composition.ts',
  debugger: 'src/features/debugger/debuggerPanel.ts',
  sandbox: 'src/sandbox/main.ts',
};

/** Test and tooling entry points (dist-test/), never packaged. */
function testEntries() {
  const entries = {};
  // The workbench suites (test/ui, test/packaged, test/durability) are compiled by @playwright/test itself.
  for (const dir of ['test/harness', 'test/integration', 'test/bench']) {
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir)) {
      if (!file.endsWith('.ts') || file.endsWith('.d.ts')) continue;
      entries[path.join(dir.replace(/^test\//, ''), file.replace(/\.ts$/, ''))] = path.join(dir, file);
    }
  }
  return entries;
}

const shared = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
};

/**
 * The webview's static files: its HTML and CSS from beside its script, and codicons from the extension itself (the
 * packaged extension has no node_modules).
 */
function copyWebviewFiles() {
  const to = path.join('dist', 'webview');
  fs.mkdirSync(to, { recursive: true });
  const codicons = path.join('node_modules', '@vscode', 'codicons', 'dist');
  for (const file of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(codicons, file), path.join(to, file));
  for (const ext of ['html', 'css']) fs.copyFileSync(path.join('src', 'features', 'debugger', `page.${ext}`), path.join(to, `debugger.${ext}`));
}

async function main() {
  const product = {
    ...shared,
    entryPoints: productEntries,
    outdir: 'dist',
    minify: production,
    // `vscode` is provided by the extension host. The lazily used bundles are required by path (src/platform/bundles.ts).
    external: ['vscode'],
    alias: { 'graceful-fs': './scripts/shims/graceful-fs.js' },
    metafile: true,
  };
  const tests = {
    ...shared,
    entryPoints: testEntries(),
    outdir: 'dist-test',
    // Test code runs from the repository, so its dependencies resolve from node_modules at run time.
    packages: 'external',
    external: ['vscode'],
  };
  // The signature debugger's page script runs in the webview (a browser), not in Node.
  const webview = {
    ...shared,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    entryPoints: { debugger: 'src/features/debugger/page.ts' },
    outdir: 'dist/webview',
    minify: production,
  };
  if (watch) {
    copyWebviewFiles();
    const contexts = await Promise.all([esbuild.context(product), esbuild.context(tests), esbuild.context(webview)]);
    await Promise.all(contexts.map((c) => c.watch()));
    console.log('[esbuild] watching for changes');
    return;
  }
  // Both, so a deleted source file leaves no bundle behind (a removed test would otherwise still run).
  for (const dir of ['dist', 'dist-test']) fs.rmSync(dir, { recursive: true, force: true });
  const [result] = await Promise.all([esbuild.build(product), esbuild.build(tests), esbuild.build(webview)]);
  fs.writeFileSync(path.join('dist', 'meta.json'), JSON.stringify(result.metafile));
  copyWebviewFiles();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
