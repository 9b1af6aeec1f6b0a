// Before any workbench suite: code-server installed into .vscode-test/ (about a minute the first time, then cached).
import { ensureCodeServer } from './codeServer';
import { log } from './util';

export default async function globalSetup(): Promise<void> {
  log(`code-server: ${await ensureCodeServer()}`);
}
