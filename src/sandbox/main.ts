// `npm run sandbox`: starts the local Prakerja sandbox and prints its URL, demo credentials and scenarios.
import { parseArgs } from 'node:util';
import { DEMO_CREDENTIALS } from '../core/environments';
import { SCENARIOS } from './scenarios';
import { DEFAULT_TIMESTAMP_WINDOW_SECONDS, startSandbox } from './server';

export { startSandbox } from './server';
export { SCENARIOS } from './scenarios';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.PRAKERJA_SANDBOX_PORT ?? '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      window: { type: 'string', default: String(DEFAULT_TIMESTAMP_WINDOW_SECONDS) },
      quiet: { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  const window = Number(values.window);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got "${values.port}"`);
  if (!Number.isFinite(window) || window <= 0) throw new Error(`--window must be a positive number of seconds, got "${values.window}"`);

  const sandbox = await startSandbox({
    host: values.host,
    port,
    timestampWindowSeconds: window,
    onRequest: values.quiet ? undefined : (e) => console.log(`${new Date().toISOString()}  ${e.method} ${e.path} → ${e.status}${e.code ? ` ${e.code}` : ''}`),
  }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE') {
      throw new Error(`Port ${port} on ${values.host} is already in use (another sandbox?). Stop it, or pick another port: \`npm run sandbox -- --port 0\` takes a free one, \`--port N\` a given one.`);
    }
    throw error;
  });
  const width = Math.max(...SCENARIOS.map((s) => s.transactionCode.length));
  console.log(`Local Prakerja sandbox listening on ${sandbox.url}`);
  console.log(`  endpoint      POST ${sandbox.url}/api/v1/integration/payment/void`);
  console.log(`  client_code   ${DEMO_CREDENTIALS.clientCode}`);
  console.log(`  sign_key      ${DEMO_CREDENTIALS.signKey}   (demo key of this sandbox only)`);
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
