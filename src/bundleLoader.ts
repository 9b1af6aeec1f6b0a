// Loads the lazily used bundles (dist/features.js, dist/sandbox.js, dist/debugger.js) the way require() does, but
// compiled from a V8 code cache kept in the extension's global storage: compiling them is most of what a window's
// first command waits for (features.js: about 8 ms without the cache, 5 with it, measured), and Node 20 has no
// compile cache of its own. The cache is written a second after a bundle's first use, so it holds the functions
// that use compiled too. V8 checks each cache against its own version and flags and refuses a stale one; the file
// name carries a hash of the bundle, so a new build never meets an old cache.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as nodeModule from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

export class BundleLoader {
  private readonly loaded = new Map<string, unknown>();

  /**
   * `cacheDir`: where the caches go (created when the first one is written); `writeAfterMs`: how long after a
   * bundle's first use its cache is written (a window that closes sooner writes none).
   */
  constructor(
    private readonly cacheDir: string,
    private readonly writeAfterMs = 1_000,
  ) {}

  /** The exports of the bundle at `file` (an absolute path), loaded once. */
  load<T>(file: string): T {
    if (!this.loaded.has(file)) this.loaded.set(file, this.compileAndRun(file));
    return this.loaded.get(file) as T;
  }

  private compileAndRun(file: string): unknown {
    const source = fs.readFileSync(file, 'utf8');
    const name = path.basename(file, '.js');
    const key = crypto.createHash('sha1').update(source).update(process.version).update(process.arch).digest('hex').slice(0, 16);
    const cacheFile = path.join(this.cacheDir, `${name}.${key}.v8cache`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      // No cache yet: compiled from source, and the cache written later.
    }
    const script = new vm.Script(nodeModule.wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
    const module = { exports: {} as unknown };
    const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
    // createRequire gives the bundle a parent module at its own path, which is how VS Code hands `vscode` to it.
    wrapper.call(module.exports, module.exports, nodeModule.createRequire(file), module, file, path.dirname(file));
    if (!cachedData || script.cachedDataRejected) {
      setTimeout(() => this.writeCache(script, name, cacheFile), this.writeAfterMs).unref();
    }
    return module.exports;
  }

  private writeCache(script: vm.Script, name: string, cacheFile: string): void {
    try {
      fs.mkdirSync(this.cacheDir, { recursive: true });
      // Caches of earlier builds of this bundle go.
      for (const old of fs.readdirSync(this.cacheDir)) {
        if (old.startsWith(`${name}.`) && old.endsWith('.v8cache') && path.join(this.cacheDir, old) !== cacheFile) fs.rmSync(path.join(this.cacheDir, old), { force: true });
      }
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, script.createCachedData());
      fs.renameSync(temporary, cacheFile);
    } catch {
      // Only a speed-up: without it, the next window compiles from source.
    }
  }
}
