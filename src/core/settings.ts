// The extension's settings, validated: a bad value falls back to its default and yields a message naming the
// setting, so a typo never turns into a request sent somewhere unexpected.
import * as z from 'zod/mini';
import type { Translate } from './translate';

import { ENVIRONMENT_IDS, type EnvironmentId } from './environments';
import { LANGUAGE_SETTINGS, type LanguageSetting } from './language';

export { ENVIRONMENT_IDS, type EnvironmentId };

export const DEFAULTS = {
  environment: 'local' as EnvironmentId,
  language: 'auto' as LanguageSetting,
  sandboxBaseUrl: 'https://testapi123.prakerja.go.id',
  productionBaseUrl: 'https://api.prakerja.go.id',
  localSandboxPort: 8787,
  timeoutSeconds: 30,
  historyMaxEntries: 1000,
  historyMaxDays: 90,
};

export type Settings = typeof DEFAULTS;

/** Raw values as read from the configuration, keyed by setting name. */
export type RawSettings = Partial<Record<keyof typeof SETTING_NAMES, unknown>>;

export const SETTING_NAMES = {
  environment: 'prakerja.environment',
  language: 'prakerja.language',
  sandboxBaseUrl: 'prakerja.sandbox.baseUrl',
  productionBaseUrl: 'prakerja.production.baseUrl',
  localSandboxPort: 'prakerja.localSandbox.port',
  timeoutSeconds: 'prakerja.request.timeoutSeconds',
  historyMaxEntries: 'prakerja.history.maxEntries',
  historyMaxDays: 'prakerja.history.maxDays',
} as const;

const isUrl = (protocols: string[]) => (value: string) => {
  try {
    const url = new URL(value);
    // No path: the signature covers the endpoint path only, so a base path would be sent but not signed.
    return protocols.includes(url.protocol) && !url.username && !url.password && !url.search && !url.hash && url.pathname === '/';
  } catch {
    return false;
  }
};

/** Templates of the settings messages (exported for localization checks). */
export const SETTINGS_MESSAGES = {
  environment: 'Setting {0} must be one of local, sandbox or production; using "{1}".',
  language: 'Setting {0} must be one of auto, en or id; using "{1}".',
  url: 'Setting {0} must be an http(s) URL with only a scheme and host (no path, credentials, query or fragment), e.g. https://host; using {1}.',
  https: 'Setting {0} must be an https:// URL: production credentials must never travel unencrypted; using {1}.',
  port: 'Setting {0} must be a whole number from 0 (any free port) to 65535; using {1}.',
  timeout: 'Setting {0} must be a number of seconds from 1 to 300; using {1}.',
  count: 'Setting {0} must be a whole number of 0 (no limit) or more; using {1}.',
};

const schemas = {
  environment: z.enum(ENVIRONMENT_IDS),
  language: z.enum(LANGUAGE_SETTINGS),
  sandboxBaseUrl: z.string().check(z.refine(isUrl(['http:', 'https:']))),
  productionBaseUrl: z.string().check(z.refine(isUrl(['https:']))),
  localSandboxPort: z.int().check(z.gte(0), z.lte(65535)),
  timeoutSeconds: z.number().check(z.gte(1), z.lte(300)),
  historyMaxEntries: z.int().check(z.gte(0)),
  historyMaxDays: z.int().check(z.gte(0)),
};

const messageOf: Record<keyof Settings, string> = {
  environment: SETTINGS_MESSAGES.environment,
  language: SETTINGS_MESSAGES.language,
  sandboxBaseUrl: SETTINGS_MESSAGES.url,
  productionBaseUrl: SETTINGS_MESSAGES.https,
  localSandboxPort: SETTINGS_MESSAGES.port,
  timeoutSeconds: SETTINGS_MESSAGES.timeout,
  historyMaxEntries: SETTINGS_MESSAGES.count,
  historyMaxDays: SETTINGS_MESSAGES.count,
};

export function parseSettings(raw: RawSettings, t: Translate): { settings: Settings; problems: string[] } {
  const settings = { ...DEFAULTS };
  const problems: string[] = [];
  for (const key of Object.keys(DEFAULTS) as Array<keyof Settings>) {
    const value = raw[key];
    if (value === undefined) continue;
    const result = schemas[key].safeParse(typeof value === 'string' ? value.trim() : value);
    if (result.success) (settings as Record<string, unknown>)[key] = result.data;
    else problems.push(t(messageOf[key], SETTING_NAMES[key], String(DEFAULTS[key])));
  }
  return { settings, problems };
}
