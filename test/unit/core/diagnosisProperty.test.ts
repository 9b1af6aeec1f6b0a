import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { bodyAlternatives } from '../../../src/core/diagnosis/jsonVariants';
import { searchSignature, type SearchRequest } from '../../../src/core/diagnosis/signatureSearch';
import { plainEnglish } from '../../../src/core/translate';

// Property: for random bodies (ASCII and not, with and without "/", "<>&", quotes and backslashes), no cause is ever
// named whose transformation leaves the bytes unchanged. Each named cause is checked against what it claims the
// sent body must contain for that mistake to change anything. The generator is seeded: a failure repeats exactly.
const KEY = 'property-key';
const PREFIX = { clientCode: 'dp', timestamp: '1764040000', method: 'POST', endpoint: '/api/v1/integration/payment/void' };
const sign = (body: string, encoding: 'utf8' | 'latin1' = 'utf8') =>
  createHmac('sha1', KEY).update(Buffer.from(`${PREFIX.clientCode}${PREFIX.timestamp}${PREFIX.method}${PREFIX.endpoint}${body}`, encoding)).digest('hex');

function random(seed: number): () => number {
  // mulberry32
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHARS = ['a', 'b', 'Z', '0', '7', '-', '_', '.', '/', '<', '>', '&', '"', '\\', "'", 'é', 'ñ', '日', '😀'];
const ASCII_CHARS = CHARS.filter((c) => c.charCodeAt(0) < 0x80);

function randomBody(next: () => number, ascii: boolean): string {
  const pool = ascii ? ASCII_CHARS : CHARS;
  const pick = <T,>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const value = (): unknown => {
    const kind = next();
    if (kind < 0.6) return Array.from({ length: 1 + Math.floor(next() * 6) }, () => pick(pool)).join('');
    if (kind < 0.75) return String(Math.floor(next() * 100));
    if (kind < 0.9) return Math.floor(next() * 1000);
    return kind < 0.95 ? null : true;
  };
  const keys = ['invoice_code', 'transaction_code', 'sequence', 'note', 'redeem_code'];
  const object: Record<string, unknown> = {};
  for (const key of keys.slice(0, Math.floor(next() * keys.length))) object[key] = value();
  return JSON.stringify(object);
}

const sameValue = (a: string, b: string) => {
  try {
    assert.deepEqual(JSON.parse(a), JSON.parse(b));
    return true;
  } catch {
    return false;
  }
};
const ordered = (json: string) => JSON.stringify(JSON.parse(json), (_, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v));

/** What each body cause claims about the sent body: if this does not hold, its transformation changed nothing. */
const claims: Record<string, (signed: string, sent: string) => boolean> = {
  'body.php': (signed, sent) => /[/\u0080-\uffff]/.test(sent) && sameValue(signed, sent),
  'body.python': (signed, sent) => sameValue(signed, sent) && signed !== sent,
  'body.go': (signed, sent) => /[<>&\u2028\u2029]/.test(sent) && sameValue(signed, sent),
  'body.keyOrder': (signed, sent) => sameValue(signed, sent) && ordered(signed) === ordered(sent) && JSON.stringify(JSON.parse(signed)) !== JSON.stringify(JSON.parse(sent)),
  'body.whitespace': (signed, sent) => /\s/.test(signed) !== /\s/.test(sent) || signed.trim() !== sent.trim() || signed.length !== sent.length,
  'body.types': (signed, sent) => !sameValue(signed, sent) && Object.keys(JSON.parse(signed)).join() === Object.keys(JSON.parse(sent)).join(),
  'body.handBuilt': (_signed, sent) => sent.includes('\\'),
  'body.emptyArray': (signed, sent) => sent === '{}' && (signed === '[]' || signed === ''),
  'body.signedNotSent': (signed, sent) => signed !== sent,
};

describe('property: no cause is named whose transformation leaves the bytes unchanged', () => {
  const next = random(20261201);
  const bodies = Array.from({ length: 80 }, (_, i) => randomBody(next, i % 2 === 0));

  it('generates bodies of every kind (the generator itself is not degenerate)', () => {
    assert.ok(bodies.some((b) => /[^\u0000-\u007f]/.test(b)) && bodies.some((b) => !/[^\u0000-\u007f]/.test(b)));
    for (const c of ['/', '<', '&', '\\"', '\\\\']) assert.ok(bodies.some((b) => b.includes(c)), c);
    assert.ok(bodies.some((b) => !b.includes('/')));
  });

  it('every body alternative differs from the body and from each other', () => {
    for (const body of bodies) {
      const alternatives = bodyAlternatives(body).map((a) => a.body);
      assert.equal(new Set(alternatives).size, alternatives.length, body);
      assert.equal(alternatives.includes(body), false, body);
    }
  });

  it('a signature over each alternative names only causes whose claim holds for the bytes sent', () => {
    let checked = 0;
    for (const [i, body] of bodies.entries()) {
      const request: SearchRequest = { ...PREFIX, body };
      for (const alternative of bodyAlternatives(body)) {
        // The full search on some, the body part alone on the rest (the cost of a full search each time is not needed
        // to check the body's claims; the full one also checks that no other part steals the finding).
        const parts = i % 16 === 0 ? undefined : (['body'] as const);
        const result = searchSignature(request, KEY, sign(alternative.body), plainEnglish, { bodyIsSent: true, ...(parts ? { parts } : {}) });
        const reproduced = result.reproduced;
        assert.ok(reproduced, `${alternative.cause} not reproduced for ${body}`);
        const signedBody = reproduced.segments.find((s) => s.name === 'body')!.text;
        assert.equal(signedBody, alternative.body);
        for (const finding of reproduced.findings) {
          const claim = claims[finding.cause];
          assert.ok(claim, `${finding.cause} is not a body cause (body ${body})`);
          assert.ok(claim(signedBody, body), `${finding.cause} named for signed ${signedBody} sent ${body}`);
          checked++;
        }
      }
    }
    assert.ok(checked > 600, `only ${checked} findings checked`);
  });

  it('signed compact, sent pretty-printed: whitespace only, never an escape', () => {
    for (const compact of bodies) {
      const pretty = JSON.stringify(JSON.parse(compact), null, 2);
      if (pretty === compact) continue;
      const result = searchSignature({ ...PREFIX, body: pretty }, KEY, sign(compact), plainEnglish, { bodyIsSent: true, parts: ['body'] });
      assert.deepEqual(result.reproduced?.findings.map((f) => f.cause), ['body.whitespace', 'body.signedNotSent'], compact);
    }
  });

  it('a Latin-1 signer is named only when the raw_signature has non-ASCII characters', () => {
    for (const body of bodies) {
      const result = searchSignature({ ...PREFIX, body }, KEY, sign(body.replace(/[^\u0000-\u00ff]/gu, '?'), 'latin1'), plainEnglish, { parts: ['charset'] });
      if (/[^\u0000-\u007f]/.test(body)) assert.deepEqual(result.reproduced?.findings.map((f) => f.cause), ['charset'], body);
      else assert.equal(result.match, true, body);
    }
  });
});
