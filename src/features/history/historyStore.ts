// The window's view of the history file: its newest page first, older ones on demand, kept current (also when
// another window writes it); tells the user once when unreadable lines were skipped.
import { stat } from 'node:fs/promises';
import * as vscode from 'vscode';
import { HISTORY_PAGE_SIZE, HistoryCache, type HistoryView } from '../../core/history/historyCache';
import { HistoryFile, type Retention } from '../../core/history/historyFile';
import { WindowSessions, type SessionVerdict } from '../../core/history/sessions';
import { verifyEntry, type HistoryEntry, type HistoryRecord } from '../../core/history/schema';
import { t } from '../../platform/l10n';

const EMPTY: HistoryView = { entries: [], complete: true };

export class HistoryStore implements vscode.Disposable {
  private readonly file: HistoryFile;
  private readonly cache: HistoryCache;
  private warnedSkipped = false;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /** Ids of requests this window is sending right now (a pending entry not in here may be another window's). */
  readonly inFlight = new Set<string>();
  /** Which windows are alive, to tell another window's request in flight from an interrupted one. */
  private readonly sessions: WindowSessions;
  private readonly watcher: vscode.FileSystemWatcher;
  private reloadTimer: NodeJS.Timeout | undefined;

  constructor(
    storageUri: vscode.Uri,
    private readonly retention: () => Retention,
    log: (line: string) => void,
  ) {
    const uri = vscode.Uri.joinPath(storageUri, 'history.jsonl');
    this.file = new HistoryFile(uri.fsPath, {
      // Once per window: the entries read stay shown, and the next load tries again.
      onCompactionError: (error) => log(t('The request history could not be compacted ({0}); every entry is kept, and it is tried again later.', String(error))),
    });
    this.cache = new HistoryCache(this.file, () => this.retention(), HISTORY_PAGE_SIZE, {
      skipped: (count) => {
        if (this.warnedSkipped) return;
        this.warnedSkipped = true;
        void vscode.window.showWarningMessage(t('{0} unreadable line(s) in the request history were skipped; all other entries are intact.', count));
      },
    });
    this.sessions = new WindowSessions(vscode.Uri.joinPath(storageUri, 'sessions').fsPath, () => this.changed.fire());
    this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(storageUri, 'history.jsonl'));
    const reload = () => this.scheduleReload();
    this.watcher.onDidChange(reload);
    this.watcher.onDidCreate(reload);
    this.watcher.onDidDelete(reload);
  }

  get path(): string {
    return this.file.path;
  }

  /** The newest page (or more, if loaded), newest first (summary fields checked; see `get` for a full check). */
  first(): Promise<HistoryView> {
    return this.guard(this.cache.first());
  }

  /** Every record, newest first: for filters and look-ups of entries older than what is loaded. */
  async all(): Promise<readonly HistoryRecord[]> {
    return (await this.guard(this.cache.all())).entries;
  }

  /** Loads one more page of older entries and updates the view. */
  async more(): Promise<void> {
    await this.guard(this.cache.more());
    this.changed.fire();
  }

  private guard(loading: Promise<HistoryView>): Promise<HistoryView> {
    return loading.catch((error: unknown) => {
      void vscode.window.showErrorMessage(t('Could not read the request history: {0}', String(error)));
      return EMPTY;
    });
  }

  /** This window's session id for a pending record, once it is marked alive (undefined if that failed). */
  async session(): Promise<string | undefined> {
    return this.sessions.claim().then(
      () => this.sessions.id,
      () => undefined,
    );
  }

  /** Whether the window of a pending record is alive; undefined until known (the view updates then). */
  sessionVerdict(session: string): SessionVerdict | undefined {
    return this.sessions.verdict(session);
  }

  /** One entry, fully checked; a damaged record counts as missing. */
  async get(id: string): Promise<HistoryEntry | undefined> {
    const record = (await this.first()).entries.find((e) => e.id === id) ?? (await this.all()).find((e) => e.id === id);
    return record && verifyEntry(record);
  }

  /** Writes an entry (new or replacing the one with the same id) and updates the view at once. */
  async put(entry: HistoryEntry): Promise<void> {
    this.cache.put(entry, await this.file.append(entry));
    this.changed.fire();
  }

  async remove(id: string): Promise<void> {
    this.cache.remove(id, await this.file.remove(id));
    this.changed.fire();
  }

  async clear(): Promise<void> {
    await this.file.clear();
    this.cache.cleared();
    this.changed.fire();
  }

  /** Drops the cache and reads the file again (after another window wrote it, or a retention change). */
  reload(): void {
    this.cache.reload();
    this.changed.fire();
  }

  private scheduleReload(): void {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => {
      void stat(this.file.path).then(
        (info) => info.size !== this.cache.accounted && this.reload(),
        () => this.reload(),
      );
    }, 150);
  }

  dispose(): void {
    clearTimeout(this.reloadTimer);
    void this.sessions.dispose();
    this.watcher.dispose();
    this.changed.dispose();
  }
}
