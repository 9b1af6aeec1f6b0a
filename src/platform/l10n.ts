// The Translate every message goes through, in the language of the `prakerja.language` setting: `auto` is
// vscode.l10n (VS Code's display language), `en` the English template, `id` the Indonesian runtime bundle, which
// VS Code itself only loads when its display language is Indonesian, so it is read here, once, on first use.
// Each bundle (extension, features, debugger) has its own copy of this module; each keeps its own cache and event.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { bundleTranslator, displayLocale, languageSetting, parseBundle, type LanguageSetting } from '../core/language';
import { plainEnglish, type Translate } from '../core/translate';
import { EXTENSION_ID } from './ids';

export const LANGUAGE_SETTING = 'prakerja.language';

let setting: LanguageSetting | undefined;
let indonesian: Translate | undefined;
const changed = new vscode.EventEmitter<void>();
// For the extension host's lifetime, like the module: registered before any view subscribes to `changed`, so the
// cache is current when they re-render.
let listener: vscode.Disposable | undefined;

function listen(): void {
  listener ??= vscode.workspace.onDidChangeConfiguration((event) => {
    if (!event.affectsConfiguration(LANGUAGE_SETTING)) return;
    const before = setting;
    setting = undefined;
    if (language() !== before) changed.fire();
  });
}

/** The setting's current value (`auto` when unset or invalid; settings.ts reports an invalid one). */
export function language(): LanguageSetting {
  if (setting === undefined) {
    listen();
    setting = languageSetting(vscode.workspace.getConfiguration().get(LANGUAGE_SETTING));
  }
  return setting;
}

function loadIndonesian(): Translate {
  const root = vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath ?? path.join(__dirname, '..');
  try {
    return bundleTranslator(parseBundle(readFileSync(path.join(root, 'l10n', 'bundle.l10n.id.json'), 'utf8')));
  } catch {
    // The file ships with the extension; without it, English is still readable.
    return plainEnglish;
  }
}

export const t: Translate = (message, ...args) => {
  switch (language()) {
    case 'en':
      return plainEnglish(message, ...args);
    case 'id':
      indonesian ??= loadIndonesian();
      return indonesian(message, ...args);
    default:
      return vscode.l10n.t(message, ...args);
  }
};

/** The locale for dates and times shown beside translated text. */
export function locale(): string {
  return displayLocale(language(), vscode.env.language);
}

/** Fires after `prakerja.language` changed: views that keep rendered text render again. */
export function onDidChangeLanguage(listener: () => void): vscode.Disposable {
  listen();
  return changed.event(listener);
}
