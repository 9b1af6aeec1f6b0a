// The "Request History" tree: newest first, grouped by day, paged so 10,000 entries open at once.
import * as vscode from 'vscode';
import { entryEndpoint, verifyEntry, type HistoryEntry, type HistoryRecord } from '../../core/history/schema';
import { entrySubject } from '../../core/history/records';
import { bodyCodes, isVoidEndpoint } from '../../core/signedRequest/endpoints';
import { dayKey, groupByDay, isFiltering, type HistoryFilter } from '../../core/history/groups';
import { isInterrupted } from '../../core/history/sessions';
import { lookupError, SANDBOX_CODES } from '../../core/errorCatalog';
import { clip, outcomeLabel } from '../../core/outcomeText';
import { environmentLabel } from '../../platform/environments';
import { locale, onDidChangeLanguage, t } from '../../platform/l10n';
import type { Services } from '../../platform/services';

export const PAGE_SIZE = 200;

type Node =
  | { type: 'day'; key: string; label: string; entries: HistoryRecord[]; partial: boolean }
  | { type: 'entry'; entry: HistoryRecord }
  /** `total` is undefined on the oldest day loaded while older pages of the file are not read yet. */
  | { type: 'more'; day: string; shown: number; total: number | undefined };

function dayLabel(key: string, today: string, yesterday: string): string {
  if (key === today) return t('Today');
  if (key === yesterday) return t('Yesterday');
  const [y, m, d] = key.split('-').map(Number);
  return new Date(y!, m! - 1, d!).toLocaleDateString(locale(), { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' });
}

/** "1 request", "3 requests" ("3 permintaan"); `more` when older requests of the day are not read yet ("200+ requests"). */
export function requestCount(count: number, more = false): string {
  if (more) return t('{0}+ requests', count);
  return count === 1 ? t('1 request') : t('{0} requests', count);
}

export function entryOutcomeText(entry: HistoryRecord, interrupted: boolean): string {
  if (entry.kind === 'pending') return interrupted ? t('interrupted, outcome unknown') : t('sending…');
  const status = (entry.response as { status?: unknown } | undefined)?.status;
  return outcomeLabel({ kind: entry.kind, ...(entry.code ? { code: entry.code } : {}), ...(typeof status === 'number' ? { response: { status } } : {}) }, t);
}

function entryIcon(entry: HistoryRecord, interrupted: boolean): vscode.ThemeIcon {
  switch (entry.kind) {
    case 'success':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    case 'apiError':
      // The signature was accepted; the sandbox only does not simulate the endpoint: not a failure.
      if (entry.code === SANDBOX_CODES.notSimulated) return new vscode.ThemeIcon('info');
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    case 'pending':
      return interrupted ? new vscode.ThemeIcon('question', new vscode.ThemeColor('problemsWarningIcon.foreground')) : new vscode.ThemeIcon('loading~spin');
    case 'cancelled':
      return new vscode.ThemeIcon('circle-slash');
    case 'timeout':
      return new vscode.ThemeIcon('watch', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    default:
      return new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  }
}

export class HistoryTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private filter: HistoryFilter = {};
  /** How many entries each day shows (grows with "Show more"). */
  private readonly shown = new Map<string, number>();
  private subscription: vscode.Disposable | undefined;
  /** Every label is rendered text: a new language renders the whole tree again. */
  private readonly languageSubscription = onDidChangeLanguage(() => this.changed.fire(undefined));

  /** Takes a getter: the services (and the history file) are created only when the view first asks for items. */
  constructor(private readonly servicesOf: () => Services) {}

  private get services(): Services {
    const services = this.servicesOf();
    this.subscription ??= services.history.onDidChange(() => this.changed.fire(undefined));
    return services;
  }

  get currentFilter(): HistoryFilter {
    return this.filter;
  }

  setFilter(filter: HistoryFilter): void {
    this.filter = filter;
    this.changed.fire(undefined);
  }

  /** Resolves once the rows are there (after reading an older page, if it had to). */
  async showMore(day: string): Promise<void> {
    this.shown.set(day, (this.shown.get(day) ?? PAGE_SIZE) + PAGE_SIZE);
    // The oldest day loaded may go on in the part of the file not read yet: read the next page.
    if (day === this.partialDay) await this.services.history.more();
    else this.changed.fire(undefined);
  }

  refresh(): void {
    this.services.history.reload();
  }

  /** The oldest day shown while older pages are still unread (its "Show more" reads one). */
  private partialDay: string | undefined;

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) {
      const history = this.services.history;
      // Only the newest page unless a filter asks for all (which may match nothing in the newest page).
      const filtered = isFiltering(this.filter);
      const view = filtered ? { entries: await history.all(), complete: true } : await history.first();
      return this.days(view.entries, view.complete);
    }
    if (node.type !== 'day') return [];
    const limit = this.shown.get(node.key) ?? PAGE_SIZE;
    const children: Node[] = node.entries.slice(0, limit).map((entry) => ({ type: 'entry', entry }));
    if (node.entries.length > limit || node.partial) children.push({ type: 'more', day: node.key, shown: Math.min(limit, node.entries.length), total: node.partial ? undefined : node.entries.length });
    return children;
  }

  private days(entries: readonly HistoryRecord[], complete: boolean): Node[] {
    const now = Date.now();
    const today = dayKey(new Date(now).toISOString());
    const yesterday = dayKey(new Date(now - 86_400_000).toISOString());
    const groups = groupByDay(entries, this.filter);
    this.partialDay = complete ? undefined : groups.at(-1)?.key;
    return groups.map((group) => ({ type: 'day', key: group.key, label: dayLabel(group.key, today, yesterday), entries: group.entries, partial: group.key === this.partialDay }));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.type === 'day') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `day:${node.key}`;
      item.description = requestCount(node.entries.length, node.partial);
      item.contextValue = 'historyDay';
      return item;
    }
    if (node.type === 'more') {
      const label = node.total === undefined ? t('Show more ({0} shown, older requests not read yet)', node.shown) : t('Show more ({0} of {1} shown)', node.shown, node.total);
      const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
      item.id = `more:${node.day}:${node.shown}`;
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.command = { command: 'prakerja.history.showMore', title: t('Show More'), arguments: [node.day] };
      return item;
    }
    const { entry } = node;
    const interrupted = this.interrupted(entry);
    const outcome = entryOutcomeText(entry, interrupted);
    const time = new Date(entry.time).toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    // The outcome leads, then what tells requests apart: a narrow side bar cuts the end of the row, not the outcome.
    const item = new vscode.TreeItem(outcome, vscode.TreeItemCollapsibleState.None);
    item.id = `entry:${entry.id}`;
    // A Void: its transaction, the time, its invoice; another request: its endpoint, the time, the codes its body has.
    const subject = entrySubject(entry);
    const codes = isVoidEndpoint(entryEndpoint(entry)) ? [entry.invoiceCode] : [entry.invoiceCode, entry.transactionCode];
    const rest = codes.filter((c): c is string => c !== undefined).map((c) => ` · ${clip(c, 40)}`).join('');
    item.description = `${clip(subject, 60)} · ${time}${rest} · ${environmentLabel(entry.environment)}`;
    item.iconPath = entryIcon(entry, interrupted);
    item.contextValue = entry.response !== undefined ? 'historyEntry historyEntryWithResponse' : 'historyEntry';
    item.accessibilityInformation = {
      label:
        entry.invoiceCode !== undefined && entry.transactionCode !== undefined
          ? t('{0}, invoice {1}, {2}, {3}, {4}', subject, entry.invoiceCode, environmentLabel(entry.environment), outcome, time)
          : t('{0}, {1}, {2}, {3}', [subject, ...codes.filter((c): c is string => c !== undefined)].join(', '), environmentLabel(entry.environment), outcome, time),
    };
    item.command = { command: 'prakerja.history.showDetails', title: t('Show Details'), arguments: [entry.id] };
    return item;
  }

  private interrupted(entry: HistoryRecord): boolean {
    const { history } = this.services;
    return isInterrupted(entry, history.inFlight, (session) => history.sessionVerdict(session));
  }

  /** Tooltips are built on hover, from the fully checked entry. */
  resolveTreeItem(item: vscode.TreeItem, node: Node): vscode.TreeItem {
    if (node.type !== 'entry') return item;
    const entry = verifyEntry(node.entry);
    item.tooltip = entry ? this.tooltip(entry, entryOutcomeText(node.entry, this.interrupted(node.entry))) : t('This history record is damaged; you can delete it.');
    return item;
  }

  /** Server text is untrusted: appendText escapes it, and the markdown is neither trusted nor HTML-enabled. */
  private tooltip(entry: HistoryEntry, outcome: string): vscode.MarkdownString {
    const md = new vscode.MarkdownString(undefined, false);
    md.isTrusted = false;
    md.supportHtml = false;
    md.appendText(`${entrySubject(entry)}\n`);
    md.appendMarkdown('\n\n');
    const rows: Array<[string, string]> = [
      [t('Endpoint'), `${entry.request.method} ${entryEndpoint(entry)}`],
      // The codes the body carries (a Void's transaction_code is the title above).
      ...bodyCodes(entry.request.body).filter(([name]) => !(name === 'transaction_code' && isVoidEndpoint(entryEndpoint(entry)))),
      [t('Environment'), environmentLabel(entry.environment)],
      [t('Outcome'), outcome],
      [t('Sent'), new Date(entry.time).toLocaleString(locale())],
      [t('URL'), entry.request.url],
      [t('Key fingerprint'), entry.request.keyFingerprint],
    ];
    if (entry.latencyMs !== undefined) rows.push([t('Latency'), `${entry.latencyMs} ms`]);
    // A refusal: its code, what it means and what to do (the catalog's words), and the server's own message.
    const known = entry.kind === 'apiError' && entry.code ? lookupError(entry.code) : undefined;
    if (entry.kind === 'apiError' && entry.code) rows.push([t('Code'), clip(entry.code, 60)]);
    if (known) rows.push([t('Meaning'), t(known.explanation)], [t('Next step'), t(known.action)]);
    if (entry.message) rows.push([entry.kind === 'apiError' ? t('Server message') : t('Message'), clip(entry.message, 300)]);
    if (entry.detail) rows.push([t('Detail'), clip(entry.detail, 300)]);
    for (const [name, value] of rows) {
      md.appendMarkdown('**');
      md.appendText(name);
      md.appendMarkdown('**: ');
      md.appendText(value);
      md.appendMarkdown('  \n');
    }
    return md;
  }

  dispose(): void {
    this.subscription?.dispose();
    this.languageSubscription.dispose();
    this.changed.dispose();
  }
}
