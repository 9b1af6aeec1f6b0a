import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { bundleTranslator, displayLocale, LANGUAGE_SETTINGS, languageSetting, parseBundle } from '../../../src/core/language';
import { describeOutcome } from '../../../src/core/outcomeText';
import type { Outcome } from '../../../src/core/http/client';
import { parseSettings } from '../../../src/core/settings';
import { formatMessage, plainEnglish } from '../../../src/core/translate';

const root = join(__dirname, '..', '..', '..');

describe('language', () => {
  it('formats {n} placeholders as vscode.l10n does, in any order, and leaves unmatched ones', () => {
    assert.equal(formatMessage('{1} before {0}, {0} again, {2} missing', ['a', 7]), '7 before a, a again, {2} missing');
    assert.equal(plainEnglish('no placeholders'), 'no placeholders');
  });

  it('translates from a bundle and falls back to the English template for a message it lacks', () => {
    const id = bundleTranslator({ 'Voiding {0} on {1}…': 'Membatalkan {0} di {1}…' });
    assert.equal(id('Voiding {0} on {1}…', 'TRX-1', 'Produksi'), 'Membatalkan TRX-1 di Produksi…');
    assert.equal(id('Not in the bundle: {0}', 3), 'Not in the bundle: 3');
    // A message that happens to name an Object.prototype member is not translated to it.
    assert.equal(id('constructor'), 'constructor');
  });

  it('reads only string translations from a bundle file, and nothing from a damaged one', () => {
    assert.deepEqual(parseBundle('{"a":"b","n":1,"e":"","o":{}}'), { a: 'b' });
    assert.deepEqual(parseBundle('[1]'), {});
    assert.deepEqual(parseBundle('{'), {});
  });

  it('renders a whole outcome in Indonesian from the shipped bundle', () => {
    const id = bundleTranslator(parseBundle(readFileSync(join(root, 'l10n', 'bundle.l10n.id.json'), 'utf8')));
    const outcome = { kind: 'cancelled', request: { url: 'http://127.0.0.1:1/x', endpoint: '/api/v1/integration/payment/void' }, latencyMs: 1, sentAt: '' } as unknown as Outcome;
    assert.match(describeOutcome(outcome, id).sentence, /^Permintaan dihentikan\./);
    assert.match(describeOutcome(outcome, plainEnglish).sentence, /^Cancelled\./);
  });

  it('reads the setting as its zod schema does: one of auto, en, id, else auto', () => {
    for (const value of [...LANGUAGE_SETTINGS, ' id ', 'ID', 'fr', '', 3, undefined, null]) {
      const { settings } = parseSettings({ language: value }, plainEnglish);
      assert.equal(languageSetting(value), settings.language, String(value));
    }
  });

  it('formats dates in the chosen language, or in VS Code\'s under auto', () => {
    assert.equal(displayLocale('auto', 'de'), 'de');
    assert.equal(displayLocale('id', 'en'), 'id');
    assert.equal(displayLocale('en', 'id'), 'en');
  });
});
