// What the bundles get for `require('graceful-fs')` (proper-lockfile's file system): Node's own fs. graceful-fs
// replaces the process-wide fs.close and fs.closeSync when it loads, and the extension host is shared by every
// extension, so the extension does not load it; its other gift, retrying on EMFILE, we do not want (nothing is
// retried). Unit tests, outside the bundles, use the real package.
module.exports = require('node:fs');
