// Core code never imports `vscode`, yet every message it produces must be localized. It therefore writes English
// templates with `{0}`-style placeholders and formats them through a Translate function that the caller injects:
// the extension's `t` (src/platform/l10n.ts), `plainEnglish` in the sandbox, scripts and unit tests.

export type Translate = (message: string, ...args: Array<string | number>) => string;

/** Replaces `{0}`, `{1}`… with the arguments, as vscode.l10n.t does; a placeholder without an argument stays. */
export function formatMessage(template: string, args: ReadonlyArray<string | number>): string {
  return template.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });
}

export const plainEnglish: Translate = (message, ...args) => formatMessage(message, args);
