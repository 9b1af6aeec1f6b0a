// Core code never imports `vscode`, yet every message it produces must be localized. It therefore writes English
// templates with `{0}`-style placeholders and formats them through a Translate function that the caller injects:
// `vscode.l10n.t` in the extension, `plainEnglish` in the sandbox, scripts and unit tests.

export type Translate = (message: string, ...args: Array<string | number>) => string;

export const plainEnglish: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });
