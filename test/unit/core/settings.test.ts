import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULTS, parseSettings } from '../../../src/core/settings';
import { plainEnglish } from '../../../src/core/translate';

describe('settings', () => {
  it('uses the defaults when nothing is set', () => {
    assert.deepEqual(parseSettings({}, plainEnglish), { settings: DEFAULTS, problems: [] });
  });
  it('accepts valid values', () => {
    const { settings, problems } = parseSettings({ environment: 'production', sandboxBaseUrl: ' http://127.0.0.1:9000 ', localSandboxPort: 8787, timeoutSeconds: 2.5, historyMaxEntries: 0 }, plainEnglish);
    assert.deepEqual(problems, []);
    assert.equal(settings.environment, 'production');
    assert.equal(settings.sandboxBaseUrl, 'http://127.0.0.1:9000');
    assert.equal(settings.timeoutSeconds, 2.5);
  });
  const bad: Array<[string, Record<string, unknown>, RegExp]> = [
    ['a malformed base URL', { sandboxBaseUrl: 'not a url' }, /prakerja\.sandbox\.baseUrl must be an http\(s\) URL/],
    ['a URL with a query', { sandboxBaseUrl: 'https://h/?x=1' }, /prakerja\.sandbox\.baseUrl/],
    ['a URL with a path (sent but not signed)', { sandboxBaseUrl: 'https://gw.example/prakerja' }, /only a scheme and host/],
    ['a non-HTTPS production URL', { productionBaseUrl: 'http://api.prakerja.go.id' }, /prakerja\.production\.baseUrl must be an https:\/\/ URL/],
    ['a negative timeout', { timeoutSeconds: -1 }, /prakerja\.request\.timeoutSeconds must be a number of seconds from 1 to 300; using 30/],
    ['an unknown environment', { environment: 'staging' }, /prakerja\.environment must be one of/],
    ['a fractional port', { localSandboxPort: 80.5 }, /prakerja\.localSandbox\.port/],
    ['an unknown language', { language: 'fr' }, /prakerja\.language must be one of auto, en or id; using "auto"/],
  ];
  for (const [name, raw, message] of bad) {
    it(`names the setting for ${name} and falls back to its default`, () => {
      const { settings, problems } = parseSettings(raw, plainEnglish);
      assert.equal(problems.length, 1);
      assert.match(problems[0]!, message);
      assert.deepEqual(settings, DEFAULTS);
    });
  }
});
