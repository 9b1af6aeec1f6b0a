// Read-only editors for history entries: `prakerja-history:` documents with the response body or the whole
// exchange, pretty-printed JSON so the editor colours, folds and searches them.
import * as vscode from 'vscode';
import type { HistoryEntry } from '../../core/history/schema';
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
  const { response, request, ...rest } = entry;
  const view = {
    ...rest,
    request: { ...request, body: parseOr(request.body) },
    ...(response ? { response: { ...response, bodyText: undefined, body: parseOr(response.bodyText) } } : {}),
  };
  return JSON.stringify(view, null, 2);
}

export class HistoryDocumentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly history: () => HistoryStore) {}

  static uri(entry: HistoryEntry, view: 'response' | 'details'): vscode.Uri {
    const name = `${entry.transactionCode.replace(/[^\w.-]+/g, '_')}-${entry.time.replace(/[:.]/g, '-')}`;
    const isJson = view === 'details' || typeof parseOr(entry.response?.bodyText ?? '') !== 'string';
    return vscode.Uri.from({ scheme: HISTORY_SCHEME, path: `/${view}/${name}-${view}.${isJson ? 'json' : 'txt'}`, query: entry.id });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const entry = await this.history().get(uri.query);
    if (!entry) return '';
    return uri.path.startsWith('/response/') ? responseText(entry) : detailsText(entry);
  }
}
