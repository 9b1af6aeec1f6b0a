// Builds every bundle the project ships or tests with. The extension's main bundle only registers; what commands
// and views do (dist/features.js, with the node:http client), the signature debugger (dist/debugger.js) and the
// sandbox (dist/sandbox.js) are bundles of their own that the extension requires on first use.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Entry points of the shipped extension (dist/). */
const productEntries = {
  extension: 'src/extension.ts',
  features: 'src/features.ts',
  debugger: 'src/debugger.ts',
  sandbox: 'src/sandbox/main.ts',
};

/** Test and tooling entry points (dist-test/), never packaged. */
function testEntries() {
  const entries = {};
  for (const dir of ['test/harness', 'test/integration', 'test/ui', 'test/bench']) {
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
 * `import * as x from 'vscode'` (or from a `node:` module) becomes `require()` as it is: esbuild would wrap these
 * external CommonJS modules in `__toESM`, which copies every one of the API's hundreds of members into a new object,
 * once per importing file (14 times in dist/features.js: about 2 ms of a first command), and puts a getter in front
 * of every later use.
 */
const plainExternalRequire = {
  name: 'plain-external-require',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      const contents = source.replace(/^import \* as (\w+) from '(vscode|node:[\w/]+)';$/gm, "import $1 = require('$2');");
      return { contents, loader: 'ts' };
    });
  },
};

/** The webview loads codicons from the extension itself (the packaged extension has no node_modules). */
function copyCodicons() {
  const from = path.join('node_modules', '@vscode', 'codicons', 'dist');
  const to = path.join('dist', 'webview');
  fs.mkdirSync(to, { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(from, file), path.join(to, file));
}

async function main() {
  const product = {
    ...shared,
    entryPoints: productEntries,
    outdir: 'dist',
    minify: production,
    // `vscode` is provided by the extension host. The lazily used bundles are loaded by path (src/bundleLoader.ts).
    external: ['vscode'],
    plugins: [plainExternalRequire],
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
    entryPoints: { debugger: 'src/webview/debugger.ts' },
    outdir: 'dist/webview',
    minify: production,
  };
  if (watch) {
    copyCodicons();
    const contexts = await Promise.all([esbuild.context(product), esbuild.context(tests), esbuild.context(webview)]);
    await Promise.all(contexts.map((c) => c.watch()));
    console.log('[esbuild] watching for changes');
    return;
  }
  fs.rmSync('dist', { recursive: true, force: true });
  const [result] = await Promise.all([esbuild.build(product), esbuild.build(tests), esbuild.build(webview)]);
  fs.writeFileSync(path.join('dist', 'meta.json'), JSON.stringify(result.metafile));
  copyCodicons();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
