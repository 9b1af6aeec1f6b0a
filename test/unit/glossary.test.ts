// The Bahasa Indonesia glossary (docs/l10n-glossary.md) held by a test:
// every Indonesian text the extension ships is checked for the forms the glossary forbids, so new strings follow it.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const root = join(__dirname, '..', '..');
const read = (name: string) => readFileSync(join(root, name), 'utf8');
const json = (name: string) => JSON.parse(read(name)) as Record<string, string>;

/** Indonesian texts as [where, text]: one per bundle/manifest value, one per line of each Markdown page. */
function indonesianTexts(): Array<[string, string]> {
  const texts: Array<[string, string]> = [];
  for (const [english, value] of Object.entries(json('l10n/bundle.l10n.id.json'))) texts.push([`bundle "${english}"`, value]);
  for (const [key, value] of Object.entries(json('package.nls.id.json'))) texts.push([`package.nls.id.json ${key}`, value]);
  for (const page of markdownPages()) read(page).split('\n').forEach((line, i) => texts.push([`${page}:${i + 1}`, line]));
  return texts;
}

function markdownPages(): string[] {
  const dir = 'media/walkthrough/id';
  const pages = existsSync(join(root, dir)) ? readdirSync(join(root, dir)).filter((f) => f.endsWith('.md')).map((f) => `${dir}/${f}`) : [];
  return ['README.id.md', ...pages];
}

/** The glossary's forbidden forms and what to write instead. */
const FORBIDDEN: Array<[RegExp, string]> = [
  [/di-void/i, 'dibatalkan'],
  [/\bvoid di\b/i, 'membatalkan … di / pembatalan di'],
  [/\bjawaban\b/i, 'respons'],
  [/\bmenjawab\b/i, 'merespons / memberikan respons'],
  [/mendengarkan/i, 'berjalan di / aktif di'],
  [/\bsaring/i, 'Filter'],
  [/huruf besar/i, 'huruf kapital'],
  [/\btandatangani/i, 'tanda tangani / menandatangani'],
  [/sungguhan/i, 'API produksi (live)'],
  [/\b(silakan|mohon)\b/i, 'address the user directly, as "Anda"'],
  [/\bmemakai "?\{\d\}/i, 'menggunakan {n}'],
];

/** Lower-case identifiers that a sentence may not start with ("Nilai timestamp …", not "timestamp …"). */
const IDENTIFIER = /^`?(?:[a-z][a-z0-9]*(?:_[a-z0-9]+)+|[a-z]+(?:\.[a-zA-Z]+)+|timestamp|signature|body|header|endpoint|sandbox)\b`?(?!:)/;

describe('Bahasa Indonesia glossary', () => {
  it('finds the Indonesian walkthrough pages', () => {
    assert.ok(markdownPages().length >= 5, `walkthrough pages found: ${markdownPages().join(', ')}`);
  });

  for (const [pattern, instead] of FORBIDDEN) {
    it(`never writes ${pattern} (write: ${instead})`, () => {
      const offending = indonesianTexts().filter(([, text]) => pattern.test(text));
      assert.deepEqual(offending.map(([where, text]) => `${where}: ${text}`), []);
    });
  }

  it('starts no value with a bare lower-case identifier', () => {
    const offending = [...Object.entries(json('l10n/bundle.l10n.id.json')), ...Object.entries(json('package.nls.id.json'))]
      // A label that is only the identifier (a form field "client_code") is not a sentence.
      .filter(([english, value]) => value !== english && IDENTIFIER.test(value));
    assert.deepEqual(offending.map(([english, value]) => `"${english}": ${value}`), []);
  });

  it('starts no Markdown paragraph with a bare lower-case identifier', () => {
    const offending: string[] = [];
    for (const page of markdownPages()) {
      let fenced = false;
      let previous = '';
      read(page).split('\n').forEach((line, i) => {
        if (line.startsWith('```')) fenced = !fenced;
        else if (!fenced && previous.trim() === '' && /^[`*]*[a-z]/.test(line) && IDENTIFIER.test(line.replace(/^\*+/, ''))) offending.push(`${page}:${i + 1}: ${line}`);
        previous = fenced ? 'x' : line;
      });
    }
    assert.deepEqual(offending, []);
  });

  it('keeps "batal" for voids: a request the user stops is "dihentikan"', () => {
    const bundle = json('l10n/bundle.l10n.id.json');
    const offending = Object.entries(bundle).filter(([english, value]) => /\bcancel/i.test(english) && !/henti/i.test(value));
    assert.deepEqual(offending.map(([english, value]) => `"${english}": ${value}`), []);
    const stopped = indonesianTexts().filter(([, text]) => /(^|[.!?:]\s+)Dibatalkan\./.test(text));
    assert.deepEqual(stopped.map(([where, text]) => `${where}: ${text}`), []);
  });

  it('says "diurungkan" for what cannot be undone', () => {
    const bundle = json('l10n/bundle.l10n.id.json');
    const offending = Object.entries(bundle).filter(([english, value]) => /\bundone\b/i.test(english) && !/diurungkan/.test(value));
    assert.deepEqual(offending.map(([english, value]) => `"${english}": ${value}`), []);
  });

  it('says "membatalkan", not "void", for the action (the API keeps its name only as "Void")', () => {
    // "void" in lower case is the action; "Void" may remain as the API's name, e.g. "API Void" or "(Void)".
    const offending = indonesianTexts().filter(([, text]) => /(?<![`/_-])\bvoid\b(?![`/_-])/.test(text.replace(/`[^`]*`/g, '').replace(/"void"/g, '').replace(/\(command:[^)]*\)/g, '')));
    assert.deepEqual(offending.map(([where, text]) => `${where}: ${text}`), []);
  });
});
