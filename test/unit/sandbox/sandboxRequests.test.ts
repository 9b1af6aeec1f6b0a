import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEMO_CREDENTIALS } from '../../../src/core/environments';
import { DEFAULTS } from '../../../src/core/settings';
import { buildVoidRequest, VOID_ENDPOINT, type Credentials } from '../../../src/core/signing/request';
import { hmacSha1Hex } from '../../../src/core/signing/signing';
import { ReceivedRequestFile, RefusalGate, receivedAsCurl, showBytes, showInvisible, type ReceivedRequest } from '../../../src/core/sandboxRequests';
import { execFileSync } from 'node:child_process';
import { requestLine } from '../../../src/sandbox/main';
import { plainEnglish, type Translate } from '../../../src/core/translate';
import { startSandbox, type SandboxExchange } from '../../../src/sandbox/server';

const NOW = Date.UTC(2026, 10, 25, 3, 0, 0);
const now = () => NOW;
const timestamp = String(Math.floor(NOW / 1000));

/** Signs `signed` and sends `sent` (as the spec's Python example does when it signs compact JSON and sends json.dumps). */
async function send(url: string, signed: string, sent: string, credentials: Credentials = DEMO_CREDENTIALS) {
  const signature = hmacSha1Hex(credentials.signKey, `${credentials.clientCode}${timestamp}POST${VOID_ENDPOINT}${signed}`);
  const response = await fetch(url + VOID_ENDPOINT, { method: 'POST', headers: { 'content-type': 'application/json', client_code: credentials.clientCode, timestamp, signature }, body: sent });
  return { status: response.status, json: (await response.json()) as Record<string, unknown>, signature };
}

describe('sandbox observer, clients and bounds', () => {
  it('the manifest and DEFAULTS agree: the local sandbox listens on 8787 by default', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { default: unknown }> } } };
    assert.equal(DEFAULTS.localSandboxPort, 8787);
    assert.equal(manifest.contributes.configuration.properties['prakerja.localSandbox.port']!.default, DEFAULTS.localSandboxPort);
  });

  it('hands the observer the request as received, the answer and the diagnosis', async () => {
    const seen: SandboxExchange[] = [];
    const sandbox = await startSandbox({ now, observe: (e) => seen.push(e) });
    try {
      const compact = '{"invoice_code":"INV-1","transaction_code":"TRX-OK-PY"}';
      const spaced = '{"invoice_code": "INV-1", "transaction_code": "TRX-OK-PY"}';
      const refused = await send(sandbox.url, compact, spaced);
      assert.equal(refused.status, 401);
      const ok = await send(sandbox.url, compact, compact);
      assert.equal(ok.status, 200);
      assert.equal(seen.length, 2);
      const [first, second] = seen as [SandboxExchange, SandboxExchange];
      assert.equal(first.method, 'POST');
      assert.equal(first.url, VOID_ENDPOINT);
      assert.equal(first.headers.signature, refused.signature);
      assert.equal(first.headers.client_code, DEMO_CREDENTIALS.clientCode);
      assert.equal(first.body?.toString('utf8'), spaced);
      assert.equal(first.code, 'SANDBOX-SIGNATURE-INVALID');
      assert.equal(first.diagnosis[0]?.cause, 'body.python');
      assert.equal(second.status, 200);
      assert.deepEqual(second.diagnosis, []);
      assert.ok(!JSON.stringify(seen).includes(DEMO_CREDENTIALS.signKey), 'the key is in what the observer got');
      assert.match(requestLine(first), /POST \/api\/v1\/integration\/payment\/void → 401 SANDBOX-SIGNATURE-INVALID — You signed .*json\.dumps/);
    } finally {
      await sandbox.close();
    }
  });

  it('writes the diagnosis in the language it is given, cached per language', async () => {
    let language = 'en';
    const marked: Translate = (message, ...args) => (language === 'xx' ? `XX ${plainEnglish(message, ...args)}` : plainEnglish(message, ...args));
    const seen: SandboxExchange[] = [];
    const sandbox = await startSandbox({ now, sentences: { t: marked, language: () => language }, observe: (e) => seen.push(e) });
    try {
      const compact = '{"invoice_code":"INV-1","transaction_code":"TRX-OK-LANG"}';
      const spaced = '{"invoice_code": "INV-1", "transaction_code": "TRX-OK-LANG"}';
      const english = await send(sandbox.url, compact, spaced);
      language = 'xx';
      const other = await send(sandbox.url, compact, spaced);
      const sentence = (json: Record<string, unknown>) => (json.diagnosis as Array<{ message: string }>)[0]!.message;
      assert.doesNotMatch(sentence(english.json), /^XX /);
      assert.match(sentence(other.json), /^XX You signed/, 'the same request again in another language was answered from the cache');
      assert.equal(seen[1]!.diagnosis[0]!.message, sentence(other.json));
      assert.equal(seen[1]!.diagnosisSkipped, false);
    } finally {
      await sandbox.close();
    }
  });

  it('says when a refusal went undiagnosed because too many were diagnosed at once', async () => {
    const seen: SandboxExchange[] = [];
    const sandbox = await startSandbox({ now, observe: (e) => seen.push(e) });
    try {
      // Twelve different requests signed with an unknown key at once: each needs a full search (which finds
      // nothing), and at most four run together.
      const stranger = { clientCode: DEMO_CREDENTIALS.clientCode, signKey: 'a-key-the-sandbox-does-not-know' };
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) => {
          const body = `{"invoice_code":"INV-${i}","transaction_code":"TRX-OK-BUSY"}`;
          return send(sandbox.url, body, body, stranger);
        }),
      );
      assert.ok(answers.every((a) => a.status === 401));
      const skipped = seen.filter((e) => e.diagnosisSkipped);
      assert.ok(skipped.length > 0, 'none went undiagnosed');
      assert.ok(skipped.length <= 12 - 4, `${skipped.length} went undiagnosed: fewer than four were searched`);
      for (const e of seen.filter((x) => !x.diagnosisSkipped)) assert.equal(JSON.parse(e.answer).diagnosis_skipped, undefined);
      for (const e of skipped) {
        assert.deepEqual(e.diagnosis, []);
        assert.equal(JSON.parse(e.answer).diagnosis_skipped, 'busy');
      }
    } finally {
      await sandbox.close();
    }
  });

  it('accepts a pair given at run time at once, and no longer one removed', async () => {
    const sandbox = await startSandbox({ now });
    try {
      const mine = { clientCode: 'my-backend', signKey: 'my-own-key-123' };
      const body = '{"invoice_code":"INV-1","transaction_code":"TRX-OK-MINE"}';
      assert.equal((await send(sandbox.url, body, body, mine)).json.code, 'SANDBOX-UNKNOWN-CLIENT');
      sandbox.setClients([DEMO_CREDENTIALS, mine]);
      assert.equal((await send(sandbox.url, body, body, mine)).status, 200);
      sandbox.setClients([DEMO_CREDENTIALS]);
      const body2 = '{"invoice_code":"INV-1","transaction_code":"TRX-OK-MINE2"}';
      assert.equal((await send(sandbox.url, body2, body2, mine)).json.code, 'SANDBOX-UNKNOWN-CLIENT');
      assert.equal((await send(sandbox.url, body2, body2)).status, 200);
    } finally {
      await sandbox.close();
    }
  });

  it('keeps at most maxCreatedTransactions fresh transactions, dropping the oldest', async () => {
    const sandbox = await startSandbox({ now, maxCreatedTransactions: 5 });
    try {
      const seeded = sandbox.transactions.size;
      for (let i = 0; i < 12; i++) {
        const sent = buildVoidRequest({ id: 'local', baseUrl: sandbox.url }, DEMO_CREDENTIALS, { invoiceCode: 'INV-1', transactionCode: `TRX-OK-CAP-${i}` }, NOW);
        const response = await fetch(sent.url, { method: 'POST', headers: sent.headers, body: sent.body });
        assert.equal(response.status, 200);
        await response.arrayBuffer();
      }
      assert.equal(sandbox.transactions.size, seeded + 5);
      assert.ok(sandbox.transactions.has('TRX-OK-CAP-11') && !sandbox.transactions.has('TRX-OK-CAP-6'));
      assert.ok(sandbox.transactions.has('TRX-OK-001'), 'a seeded transaction was dropped');
    } finally {
      await sandbox.close();
    }
  });
});

const record = (i: number, extra: Partial<ReceivedRequest> = {}): ReceivedRequest => ({
  id: `id-${i}`,
  at: NOW + i,
  method: 'POST',
  url: VOID_ENDPOINT,
  headers: { 'content-type': 'application/json', signature: 'abc', client_code: 'c', timestamp },
  body: Buffer.from(`{"n":${i}}`).toString('base64'),
  status: 401,
  code: 'SANDBOX-SIGNATURE-INVALID',
  diagnosis: [{ cause: 'body.python', message: 'm' }],
  ...extra,
});

describe('the received requests file', () => {
  it('survives a reload, newest first, bounded, skipping lines that do not fit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prakerja-received-'));
    const file = new ReceivedRequestFile(dir, { max: 10 });
    for (let i = 0; i < 25; i++) void file.add(record(i));
    await file.flush();
    assert.deepEqual(file.list().map((r) => r.id).slice(0, 2), ['id-24', 'id-23']);
    appendFileSync(file.path, 'not json\n{"id":"x"}\n');
    const again = new ReceivedRequestFile(dir, { max: 10 });
    await again.load();
    assert.equal(again.list().length, 10);
    assert.deepEqual(again.list().map((r) => r.id), Array.from({ length: 10 }, (_, k) => `id-${24 - k}`));
    const lines = readFileSync(file.path, 'utf8').trim().split('\n').length;
    assert.ok(lines <= 2 * 10 + 2, `the file grew to ${lines} lines`);
    await again.clear();
    const cleared = new ReceivedRequestFile(dir, { max: 10 });
    await cleared.load();
    assert.equal(cleared.list().length, 0);
  });

  it('a Clear while a write is queued removes what was listed, and keeps what arrives after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prakerja-received-'));
    const file = new ReceivedRequestFile(dir, { max: 10 });
    await file.add(record(0));
    void file.add(record(1)); // a write queued, not yet run
    const clearing = file.clear();
    void file.add(record(2)); // arrives after the Clear was asked for
    await clearing;
    await file.flush();
    assert.deepEqual(file.list().map((r) => r.id), ['id-2']);
    const again = new ReceivedRequestFile(dir, { max: 10 });
    await again.load();
    assert.deepEqual(again.list().map((r) => r.id), ['id-2'], 'the record that arrived after the Clear is not on disk');
  });

  it('a Clear that cannot remove the file rejects and keeps the list, on screen and on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prakerja-received-'));
    const failing = () => Promise.reject(Object.assign(new Error('EBUSY: resource busy'), { code: 'EBUSY' }));
    const file = new ReceivedRequestFile(dir, { max: 10, remove: failing });
    await file.add(record(0));
    void file.add(record(1));
    await assert.rejects(file.clear(), /EBUSY/);
    assert.deepEqual(file.list().map((r) => r.id), ['id-1', 'id-0']);
    await file.flush();
    const again = new ReceivedRequestFile(dir, { max: 10 });
    await again.load();
    assert.deepEqual(again.list().map((r) => r.id), ['id-1', 'id-0']);
  });

  it('two windows sharing the file: a compaction keeps the other window\'s lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prakerja-received-'));
    const a = new ReceivedRequestFile(dir, { max: 10 });
    const b = new ReceivedRequestFile(dir, { max: 10 });
    await a.load();
    await b.load();
    for (let i = 0; i < 15; i++) await a.add(record(i));
    for (let i = 100; i < 103; i++) await b.add(record(i));
    // a's next writes pass twice the bound: it compacts, reading b's lines under the lock.
    for (let i = 15; i < 22; i++) await a.add(record(i));
    const again = new ReceivedRequestFile(dir, { max: 10 });
    await again.load();
    const ids = again.list().map((r) => r.id);
    assert.equal(ids.length, 10);
    assert.ok(readFileSync(a.path, 'utf8').trim().split('\n').length <= 10 + 5, 'not compacted');
    assert.deepEqual(ids.slice(0, 5), ['id-21', 'id-20', 'id-19', 'id-18', 'id-17']);
    assert.ok(ids.includes('id-102'), `b's newest record was dropped: ${ids.join(', ')}`);
  });

  it('a compaction that fails appends instead: nothing received is lost', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prakerja-received-'));
    const file = new ReceivedRequestFile(dir, { max: 5, rename: () => Promise.reject(new Error('EPERM: operation not permitted')) });
    const logged: string[] = [];
    const logging = new ReceivedRequestFile(dir, { max: 5, log: (l) => logged.push(l), rename: () => Promise.reject(new Error('EPERM: operation not permitted')) });
    for (let i = 0; i < 8; i++) await file.add(record(i));
    for (let i = 8; i < 14; i++) await logging.add(record(i));
    const again = new ReceivedRequestFile(dir, { max: 5 });
    await again.load();
    assert.deepEqual(again.list().map((r) => r.id), ['id-13', 'id-12', 'id-11', 'id-10', 'id-9']);
    assert.ok(logged.some((l) => /cannot compact .*EPERM/.test(l)), logged.join('\n'));
  });

  it('reads a file written by another window', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prakerja-received-'));
    writeFileSync(join(dir, 'sandbox-requests.jsonl'), `${JSON.stringify(record(1))}\n${JSON.stringify(record(2))}\n`);
    const file = new ReceivedRequestFile(dir);
    await file.load();
    assert.deepEqual(file.list().map((r) => r.id), ['id-2', 'id-1']);
  });
});

describe('notification gate', () => {
  it('a flood of 1,000 refusals close together raises one notification and counts the rest', () => {
    const gate = new RefusalGate(30_000);
    let notified = 0;
    for (let i = 0; i < 1000; i++) if (gate.next(NOW + i * 10)) notified++;
    assert.equal(notified, 1);
    assert.equal(gate.counted, 999);
    assert.equal(gate.next(NOW + 1000 * 10 + 30_001), true, 'a refusal after a quiet interval is notified again');
  });
});

describe('received request text', () => {
  it('makes invisible characters visible', () => {
    assert.equal(showInvisible('a b\t\r\n\u200b\u00a0\u0001'), 'a·b⇥␍↵\n[ZWSP]⍽[U+0001]');
  });

  it('shows bytes that are not UTF-8 one by one, and the invisible ones by name', () => {
    assert.equal(showBytes(Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d])), '{"[0xE9]"}');
    assert.equal(showBytes(Buffer.from('a\u00a0b\u2066c\u00ad', 'utf8')), 'a⍽b[U+2066]c[SHY]');
    assert.equal(showBytes(Buffer.concat([Buffer.from('é ', 'utf8'), Buffer.from([0xff])])), 'é·[0xFF]');
  });

  it('copies a body that is not UTF-8 (or holds a NUL) byte for byte: bash\'s printf gives back the same bytes', function () {
    for (const bytes of [Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xe9, 0x27, 0x5c, 0x22, 0x7d]), Buffer.from('{"a":"\u0000 é"}', 'utf8')]) {
      const curl = receivedAsCurl(record(4, { body: bytes.toString('base64') }), 'http://127.0.0.1:8787');
      assert.match(curl, /^printf '%b' '.*' \| curl --request POST /s);
      assert.match(curl, /--data-binary @-$/);
      const printf = curl.slice(0, curl.indexOf(' | curl'));
      assert.deepEqual(execFileSync('bash', ['-c', printf]), bytes);
    }
  });

  it('copies as cURL with the bytes received and without transport headers', () => {
    const curl = receivedAsCurl(record(3, { headers: { host: '127.0.0.1:1', 'content-length': '7', signature: "it's" } }), 'http://127.0.0.1:8787');
    assert.match(curl, /curl --request POST 'http:\/\/127\.0\.0\.1:8787\/api\/v1\/integration\/payment\/void'/);
    assert.match(curl, /--header 'signature: it'\\''s'/);
    assert.doesNotMatch(curl, /host:|content-length/);
    assert.match(curl, /--data-raw '\{"n":3\}'/);
  });
});
