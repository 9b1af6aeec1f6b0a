// `npm run sandbox`: starts the local Prakerja sandbox and prints its URL, demo credentials and scenarios.
import { parseArgs } from 'node:util';
import { DEMO_CREDENTIALS } from '../core/environments';
import { SCENARIOS } from './scenarios';
import type { Credentials } from '../core/signing/request';
import { DEFAULT_TIMESTAMP_WINDOW_SECONDS, INTEGRATION_PREFIX, startSandbox, type SandboxExchange } from './server';

export { startSandbox } from './server';
export { SCENARIOS } from './scenarios';

export interface SandboxArgs {
  port: number;
  host: string;
  windowSeconds: number;
  quiet: boolean;
  clients: Credentials[];
}

/** Reads the command line: `--client CODE=KEY` (repeatable) adds a client; the demo pair stays unless `--no-demo`. */
export function parseSandboxArgs(args: string[], env: NodeJS.ProcessEnv = process.env): SandboxArgs {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string', default: env.PRAKERJA_SANDBOX_PORT ?? '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      window: { type: 'string', default: String(DEFAULT_TIMESTAMP_WINDOW_SECONDS) },
      quiet: { type: 'boolean', default: false },
      client: { type: 'string', multiple: true, default: [] },
      'no-demo': { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  const windowSeconds = Number(values.window);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got "${values.port}"`);
  if (!Number.isFinite(windowSeconds) || windowSeconds <= 0) throw new Error(`--window must be a positive number of seconds, got "${values.window}"`);
  const clients: Credentials[] = values['no-demo'] ? [] : [{ ...DEMO_CREDENTIALS }];
  for (const pair of values.client) {
    const at = pair.indexOf('=');
    // The key is never echoed back, not even in this error: it may be a real one.
    if (at <= 0 || at === pair.length - 1) throw new Error('--client must be CODE=KEY, with a non-empty client_code and sign_key');
    const clientCode = pair.slice(0, at);
    const existing = clients.findIndex((c) => c.clientCode === clientCode);
    if (existing >= 0) clients.splice(existing, 1);
    clients.push({ clientCode, signKey: pair.slice(at + 1) });
  }
  if (clients.length === 0) throw new Error('--no-demo needs at least one --client CODE=KEY');
  return { port, host: values.host, windowSeconds, quiet: values.quiet, clients };
}

/** One line per request for the console: time, method and path, status, code, and for a refused signature every cause. */
export function requestLine(e: SandboxExchange): string {
  const cause = e.diagnosis.length
    ? e.diagnosis.map((d) => d.message).join(' ')
    : e.diagnosisSkipped
      ? 'Not diagnosed: the sandbox was diagnosing too many requests at once (the Signature Debugger finds the cause).'
      : e.status >= 400 && e.message
        ? e.message
        : undefined;
  return `${new Date(e.at).toISOString()}  ${e.method} ${e.url} → ${e.status}${e.code ? ` ${e.code}` : ''}${cause ? ` — ${cause}` : ''}`;
}

async function main(): Promise<void> {
  const args = parseSandboxArgs(process.argv.slice(2));
  const window = args.windowSeconds;
  const sandbox = await startSandbox({
    host: args.host,
    port: args.port,
    timestampWindowSeconds: window,
    clients: args.clients,
    observe: args.quiet ? undefined : (e) => console.log(requestLine(e)),
  }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE') {
      throw new Error(`Port ${args.port} on ${args.host} is already in use (another sandbox?). Stop it, or pick another port: \`npm run sandbox -- --port 0\` takes a free one, \`--port N\` a given one.`);
    }
    throw error;
  });
  const width = Math.max(...SCENARIOS.map((s) => s.transactionCode.length));
  console.log(`Local Prakerja sandbox listening on ${sandbox.url}`);
  console.log(`  endpoint      POST ${sandbox.url}/api/v1/integration/payment/void`);
  console.log(`  signatures    checked on every POST under ${INTEGRATION_PREFIX} (only Void is simulated)`);
  for (const client of args.clients) {
    const demo = client.clientCode === DEMO_CREDENTIALS.clientCode && client.signKey === DEMO_CREDENTIALS.signKey;
    // Keys given with --client are the user's own: never printed.
    console.log(`  client_code   ${client.clientCode}${demo ? `   sign_key ${DEMO_CREDENTIALS.signKey}   (demo key of this sandbox only)` : '   (sign_key from --client)'}`);
  }
  console.log(`  timestamp     within ±${window} s of this machine's clock`);
  console.log('\nScenarios (any invoice_code):');
  for (const s of SCENARIOS) console.log(`  ${s.transactionCode.padEnd(width)}  ${s.outcome.padEnd(11)}  ${s.description}`);
  console.log('\nPress Ctrl-C to stop.');

  const stop = () => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
