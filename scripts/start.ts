// `npm start`: try the extension with nothing to configure. With desktop VS Code (`code` on PATH) it opens an
// Extension Development Host; otherwise it serves the workbench from the cached code-server (installing it the first
// time), prints the URL to open, and runs until Ctrl-C. `--code-server` forces the latter; `--port N` fixes the port.
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { CACHE_ROOT, CODE_SERVER_VERSION, ensureCodeServer, startCodeServer } from '../test/harness/codeServer';
import { workbenchUrl } from '../test/harness/session';
import { REPO_ROOT, ensureDir, log } from '../test/harness/util';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'code-server': { type: 'boolean', default: false },
      port: { type: 'string' },
    },
  });
  if (!values['code-server'] && onPath('code')) {
    log('opening desktop VS Code with the extension under development');
    const code = spawn('code', [`--extensionDevelopmentPath=${REPO_ROOT}`], { stdio: 'inherit' });
    await new Promise((resolve) => code.once('exit', resolve));
    return;
  }

  // Ctrl-C: exit through process.exit, so code-server's process group is killed (test/harness/util.ts).
  process.on('SIGINT', () => process.exit(130));
  process.on('SIGTERM', () => process.exit(143));
  log(`code-server: ${await ensureCodeServer()}`);
  // A stable profile, so settings, credentials and history survive restarts.
  const state = path.join(CACHE_ROOT, 'start');
  const workspace = ensureDir(path.join(state, 'workspace'));
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) throw new Error(`--port must be 1-65535, got "${values.port}"`);
  const server = await startCodeServer({
    userDataDir: path.join(state, 'user-data'),
    extensionsDir: path.join(state, 'extensions'),
    logFile: path.join(state, 'code-server.log'),
    ...(port !== undefined ? { port } : {}),
  });
  const url = workbenchUrl(server, workspace, [REPO_ROOT]);
  console.log(`\nPrakerja API Toolkit is loaded as a development extension in code-server ${CODE_SERVER_VERSION}. Open:\n\n  ${url}\n`);
  console.log(`After changing the code: \`npm run build\` (or \`npm run watch\`), then "Developer: Reload Window" in the workbench.`);
  console.log(`Server log: ${path.relative(process.cwd(), server.logFile)}. Press Ctrl-C to stop.`);
  const code = await server.process.exited;
  log(`code-server exited (${code}); see ${server.logFile}`);
  process.exit(1);
}

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
