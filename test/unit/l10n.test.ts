import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { allMessages, sourceMessages } from '../support/l10nStrings';

const root = join(__dirname, '..', '..');
const json = (name: string) => JSON.parse(readFileSync(join(root, name), 'utf8')) as Record<string, string>;
const placeholders = (text: string) => [...text.matchAll(/\{(\d+)\}/g)].map((m) => m[1]).sort().join(',');

describe('localization', () => {
  it('finds the messages in the source (the extractor works)', () => {
    const found = sourceMessages(root);
    assert.ok(found.has('Set Credentials'));
    assert.ok(found.has("This code is the local sandbox's own, not a Prakerja code."));
    assert.ok(found.size > 100, `only ${found.size} messages found`);
  });

  it('has an Indonesian translation, with the same placeholders, for every runtime message', () => {
    const bundle = json('l10n/bundle.l10n.id.json');
    const missing = allMessages(root).filter((m) => !(m in bundle) || !bundle[m]!.trim());
    assert.deepEqual(missing, [], `missing in l10n/bundle.l10n.id.json (run: npx tsx scripts/l10n-missing.ts)`);
    for (const [english, indonesian] of Object.entries(bundle)) assert.equal(placeholders(indonesian), placeholders(english), `placeholders of "${english}"`);
  });

  it('has no stale entries in the Indonesian bundle', () => {
    const used = new Set(allMessages(root));
    assert.deepEqual(Object.keys(json('l10n/bundle.l10n.id.json')).filter((k) => !used.has(k)), []);
  });

  it('localizes every manifest string in English and Indonesian', () => {
    const english = json('package.nls.json');
    const indonesian = json('package.nls.id.json');
    assert.deepEqual(Object.keys(indonesian).sort(), Object.keys(english).sort());
    for (const [key, value] of Object.entries(indonesian)) assert.ok(value.trim(), key);
    const manifest = readFileSync(join(root, 'package.json'), 'utf8');
    const referenced = [...manifest.matchAll(/"%([\w.]+)%"/g)].map((m) => m[1]!);
    assert.deepEqual(referenced.filter((key) => !(key in english)), []);
    assert.deepEqual(Object.keys(english).filter((key) => !referenced.includes(key)), [], 'unused package.nls.json keys');
  });

  it('refers, in each language, only to walkthrough pages that exist, and each step has a page of its own', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      contributes: { walkthroughs: Array<{ steps: Array<{ id: string; media: { markdown?: string } }> }> };
    };
    const steps = manifest.contributes.walkthroughs.flatMap((w) => w.steps);
    for (const nls of ['package.nls.json', 'package.nls.id.json']) {
      const strings = json(nls);
      // VS Code replaces a whole "%key%" value with the key's string in the display language, media paths included.
      const pages = steps.map((step) => step.media.markdown?.replace(/^%([\w.]+)%$/, (_, key: string) => strings[key] ?? `(no ${key})`) ?? '');
      for (const page of pages) assert.ok(page.endsWith('.md') && existsSync(join(root, page)), `${nls}: ${page}`);
      assert.equal(new Set(pages).size, steps.length, `${nls}: two steps share a page (${pages.join(', ')})`);
      if (nls !== 'package.nls.json') for (const page of pages) assert.match(page, /^media\/walkthrough\/id\//, `${nls}: ${page} is not an Indonesian page`);
    }
  });
});
