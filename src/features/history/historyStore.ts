// The window's view of the history file: loads it once, keeps it current (also when another window writes it),
// and tells the user once when unreadable lines were skipped.
import { stat } from 'node:fs/promises';
import * as vscode from 'vscode';
import { HistoryFile, newestFirst, type Retention } from '../../core/history/historyFile';
import { verifyEntry, type HistoryEntry, type HistoryRecord } from '../../core/history/schema';
import { t } from '../../platform/l10n';

export class HistoryStore implements vscode.Disposable {
  private readonly file: HistoryFile;
  private entries: HistoryRecord[] | undefined;
  private loading: Promise<HistoryRecord[]> | undefined;
  private warnedSkipped = false;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /** Ids of requests this window is sending right now (a pending entry not in here was interrupted). */
  readonly inFlight = new Set<string>();
  private readonly watcher: vscode.FileSystemWatcher;
  private reloadTimer: NodeJS.Timeout | undefined;
  /** Bytes of the file this window has accounted for (read, or written itself): more means another window wrote. */
  private accounted = -1;

  constructor(
    storageUri: vscode.Uri,
    private retention: () => Retention,
  ) {
    const uri = vscode.Uri.joinPath(storageUri, 'history.jsonl');
    this.file = new HistoryFile(uri.fsPath);
    this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(storageUri, 'history.jsonl'));
    const reload = () => this.scheduleReload();
    this.watcher.onDidChange(reload);
    this.watcher.onDidCreate(reload);
    this.watcher.onDidDelete(reload);
  }

  get path(): string {
    return this.file.path;
  }

  /** All records, newest first (summary fields checked; see `get` for a fully checked entry). */
  async all(): Promise<HistoryRecord[]> {
    if (this.entries) return this.entries;
    this.loading ??= this.file.load(this.retention()).then(
      ({ entries, skipped, bytes }) => {
        this.entries = entries;
        this.accounted = bytes;
        this.loading = undefined;
        if (skipped > 0 && !this.warnedSkipped) {
          this.warnedSkipped = true;
          void vscode.window.showWarningMessage(t('{0} unreadable line(s) in the request history were skipped; all other entries are intact.', skipped));
        }
        return entries;
      },
      (error: unknown) => {
        this.loading = undefined;
        void vscode.window.showErrorMessage(t('Could not read the request history: {0}', String(error)));
        return [];
      },
    );
    return this.loading;
  }

  /** One entry, fully checked; a damaged record counts as missing. */
  async get(id: string): Promise<HistoryEntry | undefined> {
    const record = (await this.all()).find((e) => e.id === id);
    return record && verifyEntry(record);
  }

  /** Writes an entry (new or replacing the one with the same id) and updates the view at once. */
  async put(entry: HistoryEntry): Promise<void> {
    this.account(await this.file.append(entry));
    if (this.entries) {
      const rest = this.entries.filter((e) => e.id !== entry.id);
      this.entries = [entry, ...rest].sort(newestFirst);
    }
    this.changed.fire();
  }

  async remove(id: string): Promise<void> {
    this.account(await this.file.remove(id));
    if (this.entries) this.entries = this.entries.filter((e) => e.id !== id);
    this.changed.fire();
  }

  async clear(): Promise<void> {
    await this.file.clear();
    this.accounted = 0;
    this.entries = [];
    this.changed.fire();
  }

  /** Drops the cache and reads the file again (after another window wrote it, or a retention change). */
  reload(): void {
    this.entries = undefined;
    this.changed.fire();
  }

  private account(bytes: number): void {
    if (this.accounted >= 0) this.accounted += bytes;
  }

  private scheduleReload(): void {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => {
      void stat(this.file.path).then(
        (info) => info.size !== this.accounted && this.reload(),
        () => this.reload(),
      );
    }, 150);
  }

  setRetention(retention: () => Retention): void {
    this.retention = retention;
    this.reload();
  }

  dispose(): void {
    clearTimeout(this.reloadTimer);
    this.watcher.dispose();
    this.changed.dispose();
  }
}
