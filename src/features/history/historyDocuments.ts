// Read-only editors for history entries: `prakerja-history:` documents with the response body (pretty-printed JSON,
// so the editor colours, folds and searches it) or the whole exchange as a Markdown document a person reads.
import * as vscode from 'vscode';
import { detailsMarkdown } from '../../core/history/details';
import { entrySubject } from '../../core/history/records';
import type { HistoryEntry } from '../../core/history/schema';
import { environmentLabel } from '../../platform/environments';
import { locale, t } from '../../platform/l10n';
import type { HistoryStore } from './historyStore';
import { HISTORY_SCHEME } from '../../platform/ids';


function parseOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function responseText(entry: HistoryEntry): string {
  const body = entry.response?.bodyText ?? '';
  const parsed = parseOr(body);
  return typeof parsed === 'string' ? body : JSON.stringify(parsed, null, 2);
}

export function detailsText(entry: HistoryEntry): string {
  return detailsMarkdown(entry, t, environmentLabel(entry.environment), new Date(entry.time).toLocaleString(locale()));
}

export class HistoryDocumentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly history: () => HistoryStore) {}

  static uri(entry: HistoryEntry, view: 'response' | 'details'): vscode.Uri {
    const name = `${entrySubject(entry).replace(/[^\w.-]+/g, '_')}-${entry.time.replace(/[:.]/g, '-')}`;
    const extension = view === 'details' ? 'md' : typeof parseOr(entry.response?.bodyText ?? '') !== 'string' ? 'json' : 'txt';
    return vscode.Uri.from({ scheme: HISTORY_SCHEME, path: `/${view}/${name}-${view}.${extension}`, query: entry.id });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const entry = await this.history().get(uri.query);
    if (!entry) return '';
    return uri.path.startsWith('/response/') ? responseText(entry) : detailsText(entry);
  }
}
