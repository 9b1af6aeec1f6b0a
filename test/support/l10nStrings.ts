// Every message the extension localizes: the literal first arguments of t(…) / vscode.l10n.t(…) in src/, plus the
// core's message tables that are formatted through a Translate at run time.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FINDING_MESSAGES } from '../../src/core/diagnosis/diagnosis';
import { ERROR_CATALOG } from '../../src/core/errorCatalog';
import { CLIENT_MESSAGES } from '../../src/core/http/client';
import { codeMessages } from '../../src/core/schemas';
import { pathMessages, sendableMessages } from '../../src/core/signedRequest/endpoints';
import { SETTINGS_MESSAGES } from '../../src/core/settings';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Literal messages passed to t( or l10n.t( (single, double or back-quoted without interpolation). */
export function sourceMessages(root: string): Map<string, string> {
  const found = new Map<string, string>();
  const call = /\b(?:l10n\.)?t\(\s*('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\$]|\\.)*`)/g;
  for (const file of files(join(root, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(call)) {
      const literal = match[1]!;
      const value = literal.startsWith('`') ? literal.slice(1, -1) : (JSON.parse(literal.startsWith("'") ? `"${literal.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"')}"` : literal) as string);
      if (!found.has(value)) found.set(value, file);
    }
  }
  return found;
}

export function tableMessages(): string[] {
  return [
    ...ERROR_CATALOG.flatMap((e) => [e.explanation, e.action]),
    ...Object.values(codeMessages),
    ...Object.values(pathMessages),
    ...Object.values(sendableMessages),
    ...Object.values(SETTINGS_MESSAGES),
    ...Object.values(CLIENT_MESSAGES),
    ...FINDING_MESSAGES,
  ];
}

export function allMessages(root: string): string[] {
  return [...new Set([...sourceMessages(root).keys(), ...tableMessages()])];
}
