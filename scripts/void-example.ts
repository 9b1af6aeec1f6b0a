// A void made with nothing but src/core (and the sandbox to talk to): `npx tsx scripts/void-example.ts`.
import { PrakerjaClient } from '../src/core/http/client';
import { DEMO_CREDENTIALS } from '../src/core/environments';
import { startSandbox } from '../src/sandbox/server';

async function main(): Promise<void> {
  const sandbox = await startSandbox({ port: 0 });
  const client = new PrakerjaClient();
  try {
    for (const transactionCode of ['TRX-OK-001', 'TRX-OK-001', 'TRX-PAID']) {
      const outcome = await client.voidTransaction({ id: 'local', baseUrl: sandbox.url }, DEMO_CREDENTIALS, { invoiceCode: 'INV-1', transactionCode });
      const code = outcome.kind === 'apiError' ? ` ${outcome.code}` : '';
      console.log(`${transactionCode}: ${outcome.kind}${code}  raw_signature=${outcome.request.rawSignature}  signature=${outcome.request.signature}`);
    }
  } finally {
    await client.close();
    await sandbox.close();
  }
}

void main();
