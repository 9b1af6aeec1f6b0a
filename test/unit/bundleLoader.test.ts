import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BundleLoader } from '../../src/bundleLoader';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const TSX = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');

/**
 * What a new window does: loads the bundle in a process of its own (V8 keeps compiled scripts per process, so a
 * second load here would never read the cache), lets the cache be written, and prints what `answer()` returns.
 */
function loadInNewWindow(cacheDir: string, file: string): unknown {
  const code = `const { BundleLoader } = require(${JSON.stringify(path.join(__dirname, '..', '..', 'src', 'bundleLoader.ts'))});
    const m = new BundleLoader(${JSON.stringify(cacheDir)}, 10).load(${JSON.stringify(file)});
    setTimeout(() => console.log(JSON.stringify(m.answer())), 150);`;
  return JSON.parse(execFileSync(TSX, ['-e', code], { encoding: 'utf8' }));
}

describe('BundleLoader', () => {
  let dir: string;
  let cacheDir: string;
  const bundle = (name: string, body: string) => {
    const file = path.join(dir, `${name}.js`);
    fs.writeFileSync(file, body);
    return file;
  };
  const caches = () => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).sort() : []);

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prakerja-bundles-'));
    cacheDir = path.join(dir, 'code-cache');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('loads a CommonJS bundle like require(): exports, require relative to it, __dirname, once', () => {
    bundle('helper', 'module.exports = { twice: (n) => 2 * n };');
    const file = bundle('main', "exports.loads = (globalThis.__loads = (globalThis.__loads ?? 0) + 1); exports.six = require('./helper.js').twice(3); exports.dir = __dirname;");
    const loader = new BundleLoader(cacheDir, 60_000);
    const first = loader.load<{ loads: number; six: number; dir: string }>(file);
    assert.deepEqual([first.six, first.dir], [6, dir]);
    assert.equal(loader.load(file), first, 'loaded once');
  });

  it('writes a code cache after first use, uses it in the next window, and drops caches of earlier builds', () => {
    const file = bundle('features', 'exports.answer = function answer() { return 42; }; exports.answer();');
    assert.equal(loadInNewWindow(cacheDir, file), 42);
    const written = caches().filter((f) => f.startsWith('features.'));
    assert.equal(written.length, 1, `caches: ${caches().join(', ')}`);
    const cacheFile = path.join(cacheDir, written[0]!);
    const mtime = fs.statSync(cacheFile).mtimeMs;

    // The next window compiles from the cache, which V8 accepts: nothing to rewrite.
    assert.equal(loadInNewWindow(cacheDir, file), 42);
    assert.equal(fs.statSync(cacheFile).mtimeMs, mtime, 'the cache was accepted, not rewritten');

    // A new build of the bundle: its own cache replaces the old one.
    fs.writeFileSync(file, 'exports.answer = function answer() { return 43; };');
    assert.equal(loadInNewWindow(cacheDir, file), 43);
    const now = caches().filter((f) => f.startsWith('features.'));
    assert.equal(now.length, 1);
    assert.notEqual(now[0], written[0]);
  });

  it('ignores a damaged cache and rewrites it', () => {
    const file = bundle('sandbox', 'exports.answer = () => "still works";');
    loadInNewWindow(cacheDir, file);
    const cacheFile = path.join(cacheDir, caches().find((f) => f.startsWith('sandbox.'))!);
    fs.writeFileSync(cacheFile, Buffer.from('not a V8 code cache'));
    assert.equal(loadInNewWindow(cacheDir, file), 'still works');
    assert.notEqual(fs.readFileSync(cacheFile).toString(), 'not a V8 code cache');
  });

  it('still loads when the cache cannot be written', async () => {
    const blocked = path.join(dir, 'not-a-directory');
    fs.writeFileSync(blocked, '');
    const file = bundle('debugger', 'exports.ok = true;');
    assert.equal(new BundleLoader(path.join(blocked, 'code-cache'), 10).load<{ ok: boolean }>(file).ok, true);
    await sleep(100);
  });
});
