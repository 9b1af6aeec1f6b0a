// Reads and validates the extension's settings; a bad value is reported once, naming the setting.
import * as vscode from 'vscode';
import { parseSettings, SETTING_NAMES, type RawSettings, type Settings } from '../core/settings';
import { plainEnglish } from '../core/translate';
import { t } from './l10n';

let reported = new Set<string>();

export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration();
  const raw: RawSettings = {};
  for (const [key, name] of Object.entries(SETTING_NAMES) as Array<[keyof typeof SETTING_NAMES, string]>) {
    // get() applies VS Code's own rules: setting scopes, and the values an untrusted workspace may not set.
    raw[key] = config.get(name);
  }
  const { settings, problems } = parseSettings(raw, t);
  // Remembered by their English text: switching the language is not a new problem.
  const keys = parseSettings(raw, plainEnglish).problems;
  const fresh = problems.filter((_, i) => !reported.has(keys[i]!));
  reported = new Set(keys);
  // One warning for all of them: several toasts at once would hide the outcome of a request.
  if (fresh.length > 0) {
    void vscode.window.showWarningMessage(fresh.join(' '), t('Open Settings')).then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'prakerja.');
    });
  }
  return settings;
}

export function affectsSettings(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration('prakerja');
}
