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
  }
});
