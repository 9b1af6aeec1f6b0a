// Prints the messages that l10n/bundle.l10n.id.json lacks, as JSON to paste and translate.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allMessages } from '../test/support/l10nStrings';

const root = join(__dirname, '..');
const path = join(root, 'l10n', 'bundle.l10n.id.json');
const bundle = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>) : {};
const missing = Object.fromEntries(allMessages(root).filter((m) => !(m in bundle)).map((m) => [m, '']));
console.log(JSON.stringify(missing, null, 2));
