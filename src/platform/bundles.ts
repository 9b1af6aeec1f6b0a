// The lazily used bundles (dist/features.js, dist/debugger.js, dist/sandbox.js) sit beside dist/extension.js and are
// required the first time they are needed, so activation loads only what registers.
import * as path from 'node:path';

export type BundleName = 'features' | 'debugger' | 'sandbox';

/** The exports of `dist/<name>.js` (Node caches them: each is loaded once). */
export function loadBundle<T>(name: BundleName): T {
  // A plain require: the extension host then resolves `vscode` for the bundle as for any of the extension's files.
  return require(path.join(__dirname, `${name}.js`)) as T;
}
