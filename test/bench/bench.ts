// `npm run bench`: performance figures, each a ratio against a baseline measured in the same run on the same machine
// (our machines are noisy; absolute times are printed for context only and never asserted). The package, activation
// and first-request figures need code-server and Chromium: see activation.ts.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HISTORY_PAGE_SIZE, HistoryCache } from '../../src/core/history/historyCache';
import { HistoryFile } from '../../src/core/history/historyFile';
import { entryFromOutcome } from '../../src/core/history/records';
import { type HistoryEntry } from '../../src/core/history/schema';
import { groupByDay } from '../../src/core/history/groups';
import { Agent, request } from 'undici';
import { buildVoidRequest } from '../../src/core/signing/request';
import { signRequest } from '../../src/core/signing/signing';
import { PrakerjaClient } from '../../src/core/http/client';
import { searchSignature } from '../../src/core/diagnosis/signatureSearch';
import { plainEnglish } from '../../src/core/translate';
import { DEMO_CREDENTIALS } from '../../src/core/environments';
import { computeDebugResult, voidDebugState } from '../../src/features/debugger/model';
import { benchPackageAndActivation } from './activation';
import { startSandbox } from '../../src/sandbox/server';
import { ReceivedRequestFile, receivedRecord } from '../../src/core/sandboxRequests';

let recorded = 0;

/** The sandbox in its own process (dist/sandbox.js), as a real server would be: its work does not share our thread. */
async function spawnSandbox(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, [join(__dirname, '..', '..', 'dist', 'sandbox.js'), '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.setEncoding('utf8');
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (text: string) => {
      output += text;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${output}`)));
  });
  return { url, stop: () => child.kill() };
}

export interface Figure {
  name: string;
  ratio: number;
  target: number;
  detail: string;
  /** Printed for comparison only: not a budget, never counted as failed. */
  reference?: boolean;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

/** Runs `a` and `b` alternately in rounds and returns the median per-call time of each, in microseconds. */
async function alternate(rounds: number, perRound: number, a: () => unknown, b: () => unknown): Promise<[number, number]> {
  const ta: number[] = [];
  const tb: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const [fn, sink] of r % 2 ? ([[b, tb], [a, ta]] as const) : ([[a, ta], [b, tb]] as const)) {
      const start = performance.now();
      for (let i = 0; i < perRound; i++) await fn();
      sink.push(((performance.now() - start) * 1000) / perRound);
    }
  }
  return [median(ta), median(tb)];
}

/** p50 latency (µs) of `a` and `b`, timed one request at a time in alternating order (ABBA…), after a warm-up. */
async function interleavedP50(count: number, a: () => Promise<void>, b: () => Promise<void>): Promise<[number, number]> {
  const ta: number[] = [];
  const tb: number[] = [];
  const timed = async (fn: () => Promise<void>, sink: number[]) => {
    const start = performance.now();
    await fn();
    sink.push((performance.now() - start) * 1000);
  };
  for (let i = 0; i < 300; i++) await Promise.all([a(), b()]);
  for (let i = 0; i < count; i++) {
    if (i % 2) {
      await timed(b, tb);
      await timed(a, ta);
    } else {
      await timed(a, ta);
      await timed(b, tb);
    }
  }
  return [median(ta), median(tb)];
}

export async function benchSigning(): Promise<Figure> {
  const body = '{"invoice_code":"INV-2026-0001","transaction_code":"TRX-OK-0001"}';
  const input = { clientCode: 'sandbox-client', timestamp: 1764000000, method: 'POST', endpoint: '/api/v1/integration/payment/void', body };
  const message = `sandbox-client1764000000POST/api/v1/integration/payment/void${body}`;
  let sink = 0;
  const ours = () => (sink += signRequest(input, 'sandbox-sign-key').signature.length);
  const bare = () => (sink += createHmac('sha1', 'sandbox-sign-key').update(message, 'utf8').digest('hex').length);
  const [a, b] = await alternate(30, 2000, () => ours(), () => bare());
  if (sink === 0) throw new Error('unreachable');
  return { name: 'signing vs bare crypto.createHmac', ratio: a / b, target: 1.3, detail: `${a.toFixed(2)} µs vs ${b.toFixed(2)} µs per signature` };
}

/**
 * The signature diagnosis's full search (every single mistake and every pair of mistakes in two parts, for a signature
 * that none reproduces, so nothing ends it early) against as many bare HMAC-SHA1 computations as it made digests:
 * the cost of building and comparing candidates on top of the hashing itself.
 */
export async function benchDiagnosis(): Promise<Figure> {
  const body = '{"invoice_code":"INV-2026-0001","transaction_code":"TRX-OK-0001"}';
  const sent = { clientCode: 'sandbox-client', timestamp: '1764000000', method: 'POST', endpoint: '/api/v1/integration/payment/void', body };
  const message = `sandbox-client1764000000POST/api/v1/integration/payment/void${body}`;
  const unexplained = createHmac('sha1', 'another-key').update(message).digest('hex');
  const options = { bodyIsSent: true, otherClients: [{ clientCode: 'other-client', signKey: 'other-key' }] };
  const digests = searchSignature(sent, 'sandbox-sign-key', unexplained, plainEnglish, options).digests;
  let sink = 0;
  const search = () => {
    const result = searchSignature(sent, 'sandbox-sign-key', unexplained, plainEnglish, options);
    if (result.reproduced || result.digests !== digests) throw new Error('the search found something or changed size');
    sink += result.digests;
  };
  const bare = () => {
    for (let i = 0; i < digests; i++) sink += createHmac('sha1', 'sandbox-sign-key').update(message, 'utf8').digest()[0]!;
  };
  const [a, b] = await alternate(9, 1, search, bare);
  if (sink === 0) throw new Error('unreachable');
  return {
    name: 'signature diagnosis full pair search vs as many bare HMAC-SHA1',
    ratio: a / b,
    target: 1.5,
    detail: `${(a / 1000).toFixed(0)} ms vs ${(b / 1000).toFixed(0)} ms for ${digests} digests`,
  };
}

/**
 * A keystroke in the signature debugger: the extension host's work from the webview's update to the result carrying
 * the new HMAC (raw_signature and its segments, the notes, six snippets and the cURL command), for a Void body with
 * nothing to compare, against a bare HMAC-SHA1 of the same raw_signature. The comparison is not in it: the HMAC is
 * posted first and the comparison follows (debuggerPanel.ts).
 */
export async function benchDebuggerKeystroke(): Promise<Figure> {
  const state = voidDebugState({ environment: 'local', clientCode: 'sandbox-client', timestamp: '1764000000' });
  const message = `${state.clientCode}${state.timestamp}${state.method}${state.endpoint}${state.body}`;
  const expected = createHmac('sha1', 'sandbox-sign-key').update(message, 'utf8').digest('hex');
  let seq = 0;
  let sink = 0;
  const keystroke = () => {
    const result = computeDebugResult(++seq, state, 'sandbox-sign-key', 'http://127.0.0.1:8787', plainEnglish);
    if (result.signature !== expected || result.comparison) throw new Error('the debugger computed another HMAC, or compared');
    sink += result.byteLength;
  };
  const bare = () => (sink += createHmac('sha1', 'sandbox-sign-key').update(message, 'utf8').digest('hex').length);
  const [a, b] = await alternate(30, 1000, keystroke, bare);
  if (sink === 0) throw new Error('unreachable');
  // Reported, not budgeted: a bare HMAC of a Void's raw_signature takes about 10 µs, so any work beside it (the six
  // code snippets are about 90 µs of the total) multiplies the ratio, while the whole stays three orders of magnitude
  // under the page's own 120 ms debounce.
  return { name: 'debugger keystroke to new HMAC (host) vs bare crypto.createHmac', ratio: a / b, target: 3, reference: true, detail: `${a.toFixed(2)} µs vs ${b.toFixed(2)} µs per keystroke` };
}

/**
 * The client's p50 round trip to the sandbox against two bare requests of the same bytes that read the body as text:
 * `undici.request` (the baseline) and `node:http` with a keep-alive agent (what the client is built on, so the
 * second ratio is the client's own overhead: outcome typing, the body cap, the timeout).
 */
export async function benchClient(): Promise<Figure[]> {
  const sandbox = await spawnSandbox();
  const client = new PrakerjaClient();
  const agent = new Agent({ keepAliveTimeout: 30_000 });
  const httpAgent = new http.Agent({ keepAlive: true });
  const target = { id: 'local', baseUrl: sandbox.url };
  const codes = { invoiceCode: 'INV-1', transactionCode: 'TRX-PAID' };
  try {
    const ours = async () => {
      const outcome = await client.voidTransaction(target, DEMO_CREDENTIALS, codes);
      if (outcome.kind !== 'apiError') throw new Error(`unexpected ${outcome.kind}`);
    };
    // The bare baselines send the same bytes (signed once per request, as ours) and read the body as text.
    const bareUndici = async () => {
      const sent = buildVoidRequest(target, DEMO_CREDENTIALS, codes, Date.now());
      const answer = await request(sent.url, { method: 'POST', headers: sent.headers, body: sent.body, dispatcher: agent });
      await answer.body.text();
    };
    const bareHttp = () =>
      new Promise<void>((resolve, reject) => {
        const sent = buildVoidRequest(target, DEMO_CREDENTIALS, codes, Date.now());
        const req = http.request(sent.url, { method: 'POST', headers: sent.headers, agent: httpAgent }, (res) => {
          res.setEncoding('utf8');
          let text = '';
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => (text ? resolve() : reject(new Error('empty body'))));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end(sent.body);
      });
    const [a, b] = await interleavedP50(3000, ours, bareUndici);
    const [c, d] = await interleavedP50(3000, ours, bareHttp);
    return [
      { name: 'client round trip (p50) vs bare node:http request', ratio: c / d, target: 1.15, detail: `${c.toFixed(0)} µs vs ${d.toFixed(0)} µs per request` },
      // The client was built on undici until the first-request budget moved it to node:http (see voidClient.ts).
      { name: 'client round trip (p50) vs bare undici.request', ratio: a / b, target: 1.15, reference: true, detail: `${a.toFixed(0)} µs vs ${b.toFixed(0)} µs per request` },
    ];
  } finally {
    await client.close();
    await agent.close();
    httpAgent.destroy();
    sandbox.stop();
  }
}

/** A realistic history entry (an API error with its response), `i` minutes before a fixed time. */
function historyEntry(i: number): HistoryEntry {
  const sent = buildVoidRequest({ id: 'local', baseUrl: 'http://127.0.0.1:8787' }, DEMO_CREDENTIALS, { invoiceCode: `INV-${i}`, transactionCode: `TRX-OK-${i}` }, Date.UTC(2026, 10, 25) - i * 60_000);
  const bodyText = '{"code":"ERRVOD40009","message":"Gagal dibatalkan. Sudah dibayarkan ke digital platform untuk transaksi ini.","success":false}';
  return entryFromOutcome(`id-${i}`, {
    kind: 'apiError',
    request: sent,
    response: { status: 400, headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': String(bodyText.length) }, bodyText, bodyBytes: bodyText.length, truncated: false },
    latencyMs: 12.3,
    sentAt: new Date(Date.UTC(2026, 10, 25) - i * 60_000).toISOString(),
    code: 'ERRVOD40009',
    message: 'Gagal dibatalkan.',
  });
}

export async function benchHistory(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'prakerja-bench-history-'));
  try {
    const lines = (count: number) => Array.from({ length: count }, (_, i) => `${JSON.stringify(historyEntry(i))}\n`).join('');
    const small = join(dir, 'small.jsonl');
    const large = join(dir, 'large.jsonl');
    writeFileSync(small, lines(10));
    writeFileSync(large, lines(10_000));
    const appendMedian = async (path: string) => {
      const file = new HistoryFile(path);
      const times: number[] = [];
      for (let i = 0; i < 300; i++) {
        const entry = historyEntry(20_000 + i);
        const start = performance.now();
        await file.append(entry);
        times.push(performance.now() - start);
      }
      return median(times);
    };
    const appends: [number[], number[]] = [[], []];
    for (let round = 0; round < 4; round++) {
      appends[0].push(await appendMedian(small));
      appends[1].push(await appendMedian(large));
    }
    const [appendSmall, appendLarge] = appends.map(median) as [number, number];

    // The tree's first page, from a fresh window (a new cache each time): the newest page read from the end of the
    // file (all of the file of 100), grouped by day (all expanded) with up to 200 items each. Its cost must not grow
    // with the file.
    const hundred = join(dir, 'hundred.jsonl');
    const huge = join(dir, 'huge.jsonl');
    // Written oldest first, as a window writes them; every entry its own request.
    const oldestFirst = (from: number, count: number) => Array.from({ length: count }, (_, i) => `${JSON.stringify(historyEntry(from + count - 1 - i))}\n`).join('');
    writeFileSync(hundred, oldestFirst(0, 100));
    writeFileSync(huge, '');
    for (let chunk = 99; chunk >= 0; chunk--) appendFileSync(huge, oldestFirst(chunk * 1000, 1000));
    const firstPage = async (path: string) => {
      const view = await new HistoryCache(new HistoryFile(path), () => ({ maxEntries: 0, maxDays: 0 }), HISTORY_PAGE_SIZE).first();
      const page = groupByDay(view.entries, {}).flatMap((g) => g.entries.slice(0, 200));
      if (page.length < HISTORY_PAGE_SIZE) throw new Error(`a first page of ${page.length}`);
    };
    const [pageSmall, pageLarge] = await alternate(9, 5, () => firstPage(hundred), () => firstPage(huge));
    return [
      { name: 'history append with 10,000 entries vs with 10', ratio: appendLarge / appendSmall, target: 2, detail: `${(appendLarge * 1000).toFixed(0)} µs vs ${(appendSmall * 1000).toFixed(0)} µs per append` },
      { name: 'history first page, 100,000 vs 100 entries', ratio: pageLarge / pageSmall, target: 1.5, detail: `${(pageLarge / 1000).toFixed(2)} ms vs ${(pageSmall / 1000).toFixed(2)} ms` },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The local sandbox's throughput with the Sandbox Requests list attached (each request recorded and appended to its
 * file), against a bare node:http server doing the same header reads and HMAC-SHA1 check, in the same run: time per
 * request, so a ratio ≤ 1.25 is a throughput ≥ 0.8× the bare server's.
 */
export async function benchSandboxThroughput(): Promise<Figure> {
  const dir = mkdtempSync(join(tmpdir(), 'prakerja-bench-received-'));
  const list = new ReceivedRequestFile(dir);
  const sandbox = await startSandbox({ observe: (e) => void list.add(receivedRecord(e, String(recorded++))) });
  const bare = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const h = req.headers as Record<string, string>;
      const expected = createHmac('sha1', DEMO_CREDENTIALS.signKey).update(`${h.client_code}${h.timestamp}${req.method}${req.url}`).update(body).digest('hex');
      const text = JSON.stringify(expected === h.signature ? { success: true, message: 'Transaksi berhasil dibatalkan.' } : { success: false });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const bareUrl = `http://127.0.0.1:${(bare.address() as { port: number }).port}`;
  const agent = new Agent({ connections: 16 });
  let n = 0;
  const burst = async (baseUrl: string) => {
    const jobs = Array.from({ length: 200 }, () => {
      const sent = buildVoidRequest({ id: 'local', baseUrl }, DEMO_CREDENTIALS, { invoiceCode: 'INV-B', transactionCode: `TRX-OK-B${n++}` }, Date.now());
      return request(sent.url, { method: 'POST', headers: sent.headers, body: sent.body, dispatcher: agent }).then((r) => r.body.text());
    });
    await Promise.all(jobs);
  };
  try {
    // Warmed up first (both servers' code compiled, the list's file written and compacted once), then 30 rounds.
    for (let i = 0; i < 5; i++) await Promise.all([burst(sandbox.url), burst(bareUrl)]);
    const [a, b] = await alternate(30, 1, () => burst(sandbox.url), () => burst(bareUrl));
    return { name: 'local sandbox (Sandbox Requests attached) vs bare node:http HMAC check, time per request', ratio: a / b, target: 1.25, detail: `${(a / 200).toFixed(0)} µs vs ${(b / 200).toFixed(0)} µs per request; throughput ${(b / a).toFixed(2)}× the bare server's` };
  } finally {
    await agent.close();
    await sandbox.close();
    bare.close();
    await list.flush();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const figures: Figure[] = [];
  const errors: string[] = [];
  for (const bench of [benchSigning, benchDiagnosis, benchDebuggerKeystroke, benchClient, benchHistory, benchSandboxThroughput, benchPackageAndActivation]) {
    try {
      figures.push(...[await bench()].flat());
    } catch (error) {
      // A bench that cannot measure fails the run, not the other figures.
      errors.push(`${bench.name} could not measure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
  let failed = errors.length;
  let counted = 0;
  for (const f of figures) {
    const ok = f.ratio <= f.target;
    if (f.reference) {
      console.log(`INFO  ${f.name}: ${f.ratio.toFixed(2)}× (for comparison, not a budget)  [${f.detail}]`);
      continue;
    }
    counted++;
    if (!ok) failed++;
    console.log(`${ok ? 'PASS' : 'FAIL'}  ${f.name}: ${f.ratio.toFixed(2)}× (target ≤ ${f.target}×)  [${f.detail}]`);
  }
  for (const error of errors) console.log(`FAIL  ${error}`);
  console.log(`${counted + errors.length - failed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

if (require.main === module) void main();
