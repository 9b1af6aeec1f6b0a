// Which language the extension renders its own text in (the `prakerja.language` setting), and the formatting of an
// Indonesian message from the runtime bundle. Pure: src/platform/l10n.ts reads the setting and the file.
import { formatMessage, type Translate } from './translate';

/** `auto` follows VS Code's display language (through vscode.l10n); `en` and `id` choose one whatever it is. */
export const LANGUAGE_SETTINGS = ['auto', 'en', 'id'] as const;
export type LanguageSetting = (typeof LANGUAGE_SETTINGS)[number];

/**
 * The setting's value, `auto` when it is not one of the choices. The same rule as its zod schema in settings.ts
 * (which also reports the bad value); this one has no zod, so the 7 KB activation bundle that renders the status bar
 * stays small.
 */
export function languageSetting(value: unknown): LanguageSetting {
  return typeof value === 'string' && (LANGUAGE_SETTINGS as readonly string[]).includes(value.trim()) ? (value.trim() as LanguageSetting) : 'auto';
}

/** The locale for dates and numbers: the chosen language, or VS Code's display language under `auto`. */
export function displayLocale(setting: LanguageSetting, vscodeLanguage: string): string {
  return setting === 'auto' ? vscodeLanguage : setting;
}

/**
 * Parses a runtime bundle (`l10n/bundle.l10n.<locale>.json`: English message → translation). A file shipped with
 * the extension, but still checked: anything that is not a string-to-string object yields no translations.
 */
export function parseBundle(text: string): Record<string, string> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {};
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return {};
  return Object.fromEntries(Object.entries(json).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== ''));
}

/** Formats from a bundle as vscode.l10n.t does: the translation when there is one, else the English template. */
export function bundleTranslator(bundle: Record<string, string>): Translate {
  return (message, ...args) => formatMessage(Object.hasOwn(bundle, message) ? bundle[message]! : message, args);
}
