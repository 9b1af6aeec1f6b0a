import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SNIPPET_LANGUAGES, snippet, type SnippetLanguage, type SnippetRequest } from '../../../src/core/signing/snippets';

// Every snippet is run by its real interpreter or compiler and must print exactly our signature. CI installs the
// toolchains (.ci/run); on a machine without one, that language is skipped with a note, except under CI.
const KEY = 'snippet-key-é';
const dir = mkdtempSync(join(tmpdir(), 'prakerja-snippets-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const has = (command: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

const runners: Record<SnippetLanguage, { tool: string; run: (code: string) => string }> = {
  node: { tool: 'node', run: (code) => exec('node', ['-e', code]) },
  python: { tool: 'python3', run: (code) => exec('python3', ['-c', code]) },
  php: { tool: 'php', run: (code) => exec('php', ['-r', code.replace(/^<\?php\n/, '')]) },
  ruby: { tool: 'ruby', run: (code) => exec('ruby', ['-e', code]) },
  go: {
    tool: 'go',
    run: (code) => {
      const file = join(dir, `main_${Math.random().toString(36).slice(2)}.go`);
      writeFileSync(file, code);
      return exec('go', ['run', file], { GOCACHE: join(tmpdir(), 'prakerja-go-cache'), GOFLAGS: '-mod=mod', GO111MODULE: 'off' });
    },
  },
  java: {
    tool: 'java',
    run: (code) => {
      const file = join(dir, 'PrakerjaSignature.java');
      writeFileSync(file, code);
      return exec('java', [file]);
    },
  },
};

function exec(command: string, args: string[], env: Record<string, string> = {}): string {
  return execFileSync(command, args, { env: { ...process.env, ...env, PRAKERJA_SIGN_KEY: KEY }, encoding: 'utf8', timeout: 120_000 }).trim();
}

const requests: Array<[string, SnippetRequest]> = [
  ['the Void body with non-ASCII, slashes and <>&', { clientCode: 'dp-client', timestamp: '1764040000', method: 'POST', endpoint: '/api/v1/integration/payment/void', body: '{"invoice_code":"INV/2026/é-<1>&\'q\\"","transaction_code":"TRX-1"}' }],
  ['an empty body', { clientCode: 'dp-client', timestamp: '1764040000', method: 'POST', endpoint: '/api/v1/integration/payment/status', body: '{}' }],
  ['a nested body (sent as its exact text)', { clientCode: 'c', timestamp: '1', method: 'POST', endpoint: '/api/v1/integration/tpm/submission', body: '{"a":{"b":[1,2.5,"x/y"]},"c":null}' }],
  ['mixed scalar types and an extra segment', { clientCode: 'c', timestamp: '1764040000', method: 'POST', endpoint: '/api/v1/integration/payment/authorize', body: '{"n":42,"ok":true,"none":null,"s":"日本"}', extra: 'Bearer token/1' }],
];

/**
 * The snippet with its timestamp line as the comment says to write it "in real code": the literal replaced by the
 * comment's expression, and (Go, whose compiler refuses unused imports) the imports the comment names added.
 */
function asRealCode(language: SnippetLanguage, code: string): string {
  const lines = code.split('\n');
  const index = lines.findIndex((l) => l.includes('in real code: '));
  assert.ok(index >= 0, `the ${language} snippet has no "in real code" comment`);
  const match = /^(.*?)(["'])\d+\2(;?)\s*(?:\/\/|#) in real code: (.*?)(?: \(import (.*)\))?$/.exec(lines[index]!);
  assert.ok(match, `the ${language} timestamp line is not "<literal> <comment> in real code: <expression>": ${lines[index]}`);
  const [, head, , semicolon, expression, imports] = match;
  lines[index] = `${head}${expression}${semicolon}`;
  if (imports) {
    const at = lines.indexOf('import (');
    assert.ok(at >= 0, `the ${language} snippet names imports but has no import block`);
    lines.splice(at + 1, 0, ...[...imports.matchAll(/"([^"]+)"/g)].map((m) => `\t"${m[1]}"`));
  }
  return lines.join('\n');
}

describe('signature snippets', () => {
  for (const language of SNIPPET_LANGUAGES) {
    const runner = runners[language];
    const available = has(runner.tool);
    for (const [name, request] of requests) {
      it(`${language} reproduces the signature for ${name}`, { skip: !available && !process.env.CI ? `${runner.tool} is not installed (.ci/run installs it)` : false }, () => {
        const expected = createHmac('sha1', KEY).update(request.clientCode + request.timestamp + request.method + request.endpoint + (request.extra ?? '') + request.body, 'utf8').digest('hex');
        const code = snippet(language, request);
        assert.equal(code.includes(KEY), false, 'the key is read from the environment, never written in');
        assert.equal(runner.run(code), expected);
      });
    }
    // A comment that names a call is code a person copies: it must run as written, with what it needs imported.
    it(`${language}: the timestamp of the "in real code" comment runs as written and signs the current time`, { skip: !available && !process.env.CI ? `${runner.tool} is not installed (.ci/run installs it)` : false }, () => {
      const request = requests[0]![1];
      const real = asRealCode(language, snippet(language, request));
      const before = Math.floor(Date.now() / 1000);
      const printed = runner.run(real);
      const after = Math.floor(Date.now() / 1000);
      const signatures = new Set<string>();
      for (let second = before; second <= after; second++) {
        signatures.add(createHmac('sha1', KEY).update(request.clientCode + second + request.method + request.endpoint + request.body, 'utf8').digest('hex'));
      }
      assert.ok(signatures.has(printed), `the ${language} snippet with its real-code timestamp printed ${printed}, not the signature of a time between ${before} and ${after}`);
    });
  }

  // A comment never swallows code: nothing (a statement's semicolon, say) follows a comment on its line.
  it('no comment ends with code that belongs to the statement', () => {
    for (const language of SNIPPET_LANGUAGES) {
      for (const [, request] of requests) {
        for (const line of snippet(language, request).split('\n')) {
          const comment = /(?:^|\s)(\/\/|#)\s.*$/.exec(line)?.[0] ?? '';
          assert.doesNotMatch(comment, /;\s*$/, `${language}: a comment ends with a semicolon: ${line}`);
        }
      }
    }
  });
});
