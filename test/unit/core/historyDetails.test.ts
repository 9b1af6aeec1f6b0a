import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detailsMarkdown } from '../../../src/core/history/details';
import { entryFromOutcome } from '../../../src/core/history/records';
import type { Outcome } from '../../../src/core/http/client';
import { buildVoidRequest } from '../../../src/core/signing/request';
import { plainEnglish } from '../../../src/core/translate';

const KEY = 'details-sign-key';
const request = buildVoidRequest({ id: 'local', baseUrl: 'http://127.0.0.1:8787' }, { clientCode: 'cc', signKey: KEY }, { invoiceCode: 'INV-1', transactionCode: 'TRX-PAID' }, 0);
const body = '{"code":"ERRVOD40009","message":"Gagal dibatalkan. Sudah dibayarkan ke digital platform untuk transaksi ini.","success":false}';
const outcome: Outcome = {
  request,
  sentAt: '2026-11-25T03:00:00.000Z',
  latencyMs: 12,
  kind: 'apiError',
  response: { status: 400, headers: { 'content-type': 'application/json' }, bodyText: body, bodyBytes: body.length, truncated: false },
  code: 'ERRVOD40009',
  message: 'Gagal dibatalkan. Sudah dibayarkan ke digital platform untuk transaksi ini.',
};
const entry = entryFromOutcome('id-1', outcome);

describe('history details document', () => {
  const text = detailsMarkdown(entry, plainEnglish, 'Local sandbox', '25/11/2026 10.00.00');

  it('reads as a person\'s view of the exchange, not the storage record', () => {
    assert.ok(text.startsWith('# Void of TRX-PAID: ERRVOD40009\n'));
    for (const line of [
      '- **Outcome:** `ERRVOD40009`',
      '- **Meaning:** Prakerja has already paid the digital platform for this transaction.',
      '- **Next step:** A paid transaction cannot be voided through the API; contact the Prakerja ops team.',
      '- **Server message:** `Gagal dibatalkan. Sudah dibayarkan ke digital platform untuk transaksi ini.`',
      '- **Environment:** Local sandbox',
      `POST ${request.url}`,
      `signature: ${request.signature}`,
      `raw_signature (${Buffer.byteLength(request.rawSignature)} bytes, signed as one line)`,
      JSON.stringify(request.rawSignature),
      'HTTP 400',
      '  "code": "ERRVOD40009",',
    ]) {
      assert.ok(text.includes(line), `the details lack ${JSON.stringify(line)}:\n${text}`);
    }
    for (const internal of ['"v": 1', '"kind"', '"bodyText"']) assert.equal(text.includes(internal), false, internal);
    assert.equal(text.includes(KEY), false);
  });

  it('keeps server text inside code, where it cannot plant a link', () => {
    const hostile = { ...entry, message: 'see [here](command:workbench.action.terminal.new) `x`' };
    const md = detailsMarkdown(hostile, plainEnglish, 'Local sandbox', 'now');
    assert.ok(md.includes('- **Server message:** `` see [here](command:workbench.action.terminal.new) `x` ``'));
  });

  it('explains outcomes without a catalog code in one sentence', () => {
    const success = entryFromOutcome('id-2', { ...outcome, kind: 'success', message: 'Transaksi berhasil dibatalkan.' } as Outcome);
    assert.ok(detailsMarkdown(success, plainEnglish, 'Local sandbox', 'now').includes('- **Meaning:** Voided. The server answered: "Transaksi berhasil dibatalkan."'));
  });
});
