import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { computeDebugResult, computeDebugResultInSlices, inputNotes, VOID_BODY_TEMPLATE, voidDebugState } from '../../../src/features/debugger/model';
import { debugStateSchema, hostMessageSchema, webviewMessageSchema, type DebugState } from '../../../src/features/debugger/protocol';
import { DEFAULTS, SETTING_NAMES } from '../../../src/core/settings';
import { plainEnglish } from '../../../src/core/translate';

const KEY = 'debugger-model-key';
const state: DebugState = voidDebugState({ environment: 'local', clientCode: 'sandbox-client', timestamp: '1764040000' });

describe('signature debugger model', () => {
  it('computes raw_signature, segments, HMAC and fingerprint, and never carries the key', () => {
    const result = computeDebugResult(3, state, KEY, 'http://127.0.0.1:8787', plainEnglish);
    assert.equal(result.seq, 3);
    assert.equal(result.raw, `sandbox-client1764040000POST/api/v1/integration/payment/void${VOID_BODY_TEMPLATE}`);
    assert.equal(result.signature, createHmac('sha1', KEY).update(result.raw).digest('hex'));
    assert.match(result.fingerprint ?? '', /^[0-9a-f]{8}$/);
    assert.deepEqual(result.segments.map((s) => s.name), ['client_code', 'timestamp', 'method', 'endpoint', 'body']);
    assert.deepEqual(result.notes, []);
    assert.equal(result.comparison, undefined);
    assert.ok(result.curl.includes(`'signature: ${result.signature}'`));
    assert.equal(Object.keys(result.snippets).length, 6);
    assert.equal(JSON.stringify(result).includes(KEY), false);
    assert.equal(hostMessageSchema.safeParse(result).success, true, 'the result fits the protocol');
  });

  it('shows no HMAC without a key, but still the raw string', () => {
    const result = computeDebugResult(0, state, undefined, 'http://x', plainEnglish);
    assert.equal(result.signature, undefined);
    assert.ok(result.raw.length > 0);
    assert.ok(result.curl.includes('<signature>'));
  });

  it('compares and diagnoses when the user pastes a signature', () => {
    const pythonBody = '{"invoice_code": "INV-2026-0001", "transaction_code": "TRX-OK-001"}';
    const theirs = createHmac('sha1', KEY).update(`sandbox-client1764040000POST/api/v1/integration/payment/void${pythonBody}`).digest('hex');
    const result = computeDebugResult(1, { ...state, theirSignature: theirs }, KEY, 'http://x', plainEnglish);
    assert.equal(result.comparison?.match, false);
    assert.deepEqual(result.comparison?.findings.map((f) => f.cause), ['body.python']);
    assert.deepEqual(result.comparison?.reproduced?.segments.filter((s) => s.differs).map((s) => s.name), ['body'], 'only the body is marked');
    assert.ok(result.comparison?.reproduced?.raw.endsWith(pythonBody));
    assert.equal(hostMessageSchema.safeParse(result).success, true);
    const same = computeDebugResult(1, { ...state, theirSignature: result.signature! }, KEY, 'http://x', plainEnglish);
    assert.equal(same.comparison?.match, true);
  });

  it('tries the other environments\' credentials, never showing their keys', () => {
    const other = { clientCode: 'prod-client', signKey: 'prod-secret-key' };
    const theirs = createHmac('sha1', other.signKey).update(`prod-client1764040000POST/api/v1/integration/payment/void${VOID_BODY_TEMPLATE}`).digest('hex');
    const result = computeDebugResult(1, { ...state, theirSignature: theirs }, KEY, 'http://x', plainEnglish, [other]);
    assert.deepEqual(result.comparison?.findings.map((f) => f.cause), ['clientCode.other']);
    assert.deepEqual(result.comparison?.reproduced?.segments.filter((s) => s.differs).map((s) => s.name), ['client_code']);
    assert.equal(JSON.stringify(result).includes(other.signKey), false);
  });

  it('marks segments signed in another order as differing', () => {
    const theirs = createHmac('sha1', KEY).update(`1764040000sandbox-clientPOST/api/v1/integration/payment/void${VOID_BODY_TEMPLATE}`).digest('hex');
    const result = computeDebugResult(1, { ...state, theirSignature: theirs }, KEY, 'http://x', plainEnglish);
    assert.deepEqual(result.comparison?.findings.map((f) => f.cause), ['order.segments']);
    assert.deepEqual(result.comparison?.reproduced?.segments.filter((s) => s.differs).map((s) => s.name), ['timestamp', 'client_code']);
  });

  it('computes in slices the same result, and gives up when the inputs change', async () => {
    const theirs = createHmac('sha1', 'unrelated').update('x').digest('hex');
    const sliced = await computeDebugResultInSlices(2, { ...state, theirSignature: theirs }, KEY, 'http://x', plainEnglish, [], new AbortController().signal);
    assert.deepEqual(sliced, computeDebugResult(2, { ...state, theirSignature: theirs }, KEY, 'http://x', plainEnglish));
    const controller = new AbortController();
    setImmediate(() => controller.abort());
    assert.equal(await computeDebugResultInSlices(3, { ...state, theirSignature: theirs }, KEY, 'http://x', plainEnglish, [], controller.signal), undefined);
  });

  const notes: Array<[string, Partial<DebugState>, RegExp]> = [
    ['a body that is not JSON', { body: 'invoice=1' }, /not valid JSON/],
    ['a body that is not compact', { body: '{"a": 1}' }, /not written the way JSON\.stringify/],
    ['a millisecond timestamp', { timestamp: '1764040000000' }, /milliseconds/],
    ['a lower-case method', { method: 'post' }, /upper case/],
    ['a full URL as endpoint', { endpoint: 'https://api.prakerja.go.id/api/v1/integration/payment/void' }, /path only/],
    ['a doubled slash', { endpoint: '//api/v1/integration/payment/void' }, /exactly one/],
  ];
  for (const [name, change, note] of notes) {
    it(`notes ${name}`, () => {
      const found = inputNotes({ ...state, ...change }, plainEnglish);
      assert.equal(found.length, 1, found.join(' | '));
      assert.match(found[0]!, note);
    });
  }

  it('rejects malformed webview messages', () => {
    assert.equal(webviewMessageSchema.safeParse({ type: 'ready' }).success, true);
    assert.equal(webviewMessageSchema.safeParse({ type: 'update', seq: 1, state }).success, true);
    assert.equal(webviewMessageSchema.safeParse({ type: 'update', seq: 1, state: { ...state, environment: 'staging' } }).success, false);
    assert.equal(webviewMessageSchema.safeParse({ type: 'copy', what: 'signKey' }).success, false);
    assert.equal(webviewMessageSchema.safeParse({ type: 'eval', code: 'x' }).success, false);
    assert.equal(webviewMessageSchema.safeParse('ready').success, false);
    // Send carries the state shown (the host signs it with the stored key); nothing else rides along.
    assert.equal(webviewMessageSchema.safeParse({ type: 'send', seq: 2, state }).success, true);
    assert.equal(webviewMessageSchema.safeParse({ type: 'send', seq: 2 }).success, false);
    assert.equal(webviewMessageSchema.safeParse({ type: 'send', seq: 2, state: { ...state, body: 'x'.repeat(256 * 1024 + 1) } }).success, false);
    const sent = { type: 'sendResult', sent: true, severity: 'info', sentence: 's', entryId: 'e', latencyMs: 3, signed: { timestamp: '1', clientCode: 'c' }, response: { status: 501, headers: { a: 'b' }, body: '{}', truncated: false } };
    assert.equal(hostMessageSchema.safeParse(sent).success, true);
    assert.equal(hostMessageSchema.safeParse({ ...sent, severity: 'fatal' }).success, false);
    assert.equal(hostMessageSchema.safeParse({ type: 'sendResult', sent: false, severity: 'error', sentence: 'Nothing was sent.' }).success, true);
    assert.equal(debugStateSchema.safeParse({ ...state, body: 'x'.repeat(300 * 1024) }).success, false);
  });
});

describe('manifest', () => {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
  it('declares the same setting defaults as the core', () => {
    const properties = manifest.contributes.configuration.properties as Record<string, { default: unknown }>;
    for (const [key, name] of Object.entries(SETTING_NAMES)) assert.deepEqual(properties[name]?.default, DEFAULTS[key as keyof typeof DEFAULTS], name);
  });
  it('contributes every command it has a handler for, each with a category', () => {
    const features = join(__dirname, '..', '..', '..', 'src', 'features');
    const source = (readdirSync(features, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts'))
      .map((f) => readFileSync(join(features, f), 'utf8'))
      .join('\n');
    // Handlers are keyed by command id: `'prakerja.x': …` in a feature's handler table, or `register('prakerja.x', …)`.
    const registered = [...source.matchAll(/(?:register\(|^\s*)'(prakerja\.[\w.]+)'(?=,|:)/gm)].map((m) => m[1]);
    assert.ok(registered.length >= 15, `found only ${registered.length} handlers`);
    const contributed = (manifest.contributes.commands as Array<{ command: string; category: string }>).map((c) => c.command);
    for (const id of registered) assert.ok(contributed.includes(id!), `${id} is registered but not contributed`);
  });
});
