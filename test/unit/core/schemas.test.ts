import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ERROR_CATALOG, lookupError } from '../../../src/core/errorCatalog';
import { CODE_MAX_LENGTH, checkCode, errorEnvelopeSchema, successEnvelopeSchema } from '../../../src/core/schemas';
import { plainEnglish } from '../../../src/core/translate';

describe('input codes', () => {
  it('trims and accepts ordinary codes', () => {
    assert.deepEqual(checkCode('invoice_code', '  INV-2024/001 ', plainEnglish), { ok: true, value: 'INV-2024/001' });
  });
  it('accepts non-ASCII letters and emoji (they are encoded safely in JSON)', () => {
    assert.equal(checkCode('invoice_code', 'INV-Café-🙂', plainEnglish).ok, true);
  });
  const rejected: Array<[string, unknown, RegExp]> = [
    ['empty', '', /^invoice_code is required\.$/],
    ['whitespace only', ' \t ', /^invoice_code is required\.$/],
    ['too long', 'x'.repeat(CODE_MAX_LENGTH + 1), /at most 128 characters; this one has 129/],
    ['a line break in the middle', 'INV\r\nX-Injected: 1', /control character .* at position 4/],
    ['a tab', 'A\tB', /control character/],
    ['a zero-width space', 'A\u200bB', /control character/],
    ['an RTL override', 'A\u202eB', /control character/],
    ['not text', 42, /must be text/],
  ];
  for (const [name, value, message] of rejected) {
    it(`rejects ${name} with a clear message`, () => {
      const result = checkCode('invoice_code', value, plainEnglish);
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.message, message);
    });
  }
  it('formats messages through the injected translator', () => {
    const result = checkCode('transaction_code', '', (m, ...a) => `[id] ${plainEnglish(m, ...a)}`);
    assert.deepEqual(result, { ok: false, message: '[id] transaction_code is required.' });
  });
});

describe('envelopes', () => {
  it('tells success from error envelopes', () => {
    assert.equal(successEnvelopeSchema.safeParse({ success: true, message: 'Transaksi berhasil dibatalkan.' }).success, true);
    assert.equal(successEnvelopeSchema.safeParse({ success: false, message: 'x' }).success, false);
    assert.equal(errorEnvelopeSchema.safeParse({ code: 'ERRVOD40001', message: 'Kode transaksi tidak ditemukan.', success: false }).success, true);
    assert.equal(errorEnvelopeSchema.safeParse({ message: 'no code', success: false }).success, false);
  });
});

describe('error catalog', () => {
  const specCodes = ['ERRVOD40001', 'ERRPLT40028', 'ERRVOD40003', 'ERRVOD40004', 'ERRVOD40005', 'ERRPLT40401', 'ERRVOD40008', 'ERRVOD40009', 'ERRVOD40010'];
  it('has every code of the spec, as Prakerja codes with their published message', () => {
    for (const code of specCodes) {
      const entry = lookupError(code);
      assert.ok(entry, code);
      assert.equal(entry.source, 'prakerja');
      assert.equal(entry.status, 400);
    }
    assert.equal(lookupError('ERRPLT40028')?.message, 'Transaksi sudah dibatalkan sebelumnya, silahkan hubungi tim ops prakerja.');
  });
  it('explains every entry and says what to do next, in one sentence each', () => {
    for (const entry of ERROR_CATALOG) {
      assert.match(entry.explanation, /^[A-Z].*\.$/, entry.code);
      assert.match(entry.action, /^[A-Z].*\.$/, entry.code);
      assert.ok(entry.message.length > 0, entry.code);
    }
  });
  it('marks the sandbox codes as its own, never as Prakerja codes', () => {
    for (const entry of ERROR_CATALOG) {
      assert.equal(entry.code.startsWith('SANDBOX-'), entry.source === 'local-sandbox', entry.code);
    }
    assert.equal(new Set(ERROR_CATALOG.map((e) => e.code)).size, ERROR_CATALOG.length, 'codes are unique');
  });
});
