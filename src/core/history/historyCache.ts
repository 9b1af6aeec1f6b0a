// A window's copy of the history: the newest page first, older pages on demand, kept current by this window's own
// writes. Loads are sequenced: a reload starts a new generation, and a load of an older generation never applies
// its result (its callers get the newest state instead). Free of VS Code so the sequencing can be tested.
import { HistoryReplacedError, newestFirst, type HistoryPage, type Retention } from './historyFile';
import type { HistoryRecord } from './schema';

/** What the cache needs of a reader (HistoryReader): tests substitute one whose reads they control. */
export interface PageReader {
  readonly size: number;
  readonly complete: boolean;
  readonly compactionDue: boolean;
  readonly estimatedLines: number;
  next(count: number): Promise<HistoryPage>;
  supersede(id: string): void;
}

/** What the cache needs of the file (HistoryFile). */
export interface HistorySource {
  reader(retention: Retention): Promise<PageReader>;
  /** Best effort; resolves to the file's size after a rewrite, or undefined when nothing was rewritten. Never rejects. */
  compact(retention: Retention): Promise<number | undefined>;
}

/**
 * Entries per page read from the file: more than a view shows at once, and few enough that the first page costs
 * the same for any file (the bench's "history first page" figure).
 */
export const HISTORY_PAGE_SIZE = 100;

export interface HistoryView {
  /** Newest first. */
  entries: readonly HistoryRecord[];
  /** Every entry of the file is in `entries` (no older page left to load). */
  complete: boolean;
}

interface State {
  entries: HistoryRecord[];
  /** Undefined once there is nothing more to read (or after a clear). */
  reader: PageReader | undefined;
  /** Ids this window deleted since the state was made: an older page read meanwhile must not bring them back. */
  removed: Set<string>;
}

type Write = { entry: HistoryRecord } | { removed: string };

export interface CacheHooks {
  /** Unreadable lines were skipped by a page. */
  skipped?(count: number): void;
}

export class HistoryCache {
  private state: State | undefined;
  private generation = 0;
  /** Loads of the current generation run one after another (a page continues where the previous one stopped). */
  private chain: Promise<unknown> = Promise.resolve();
  /** This window's writes while the first page of the generation is still loading: applied on top of it. */
  private early: Write[] = [];
  /** Bytes of the file this window has accounted for (read, or written itself); -1 before a load. */
  accounted = -1;

  constructor(
    private readonly source: HistorySource,
    private readonly retention: () => Retention,
    readonly pageSize: number,
    private readonly hooks: CacheHooks = {},
  ) {}

  /** What is loaded now, without loading anything. */
  get current(): HistoryView | undefined {
    return this.state && this.view(this.state);
  }

  /** The newest page (or what is loaded already, if more). */
  first(): Promise<HistoryView> {
    return this.sequenced(async (generation) => {
      await this.ensureFirst(generation);
    });
  }

  /** One more page of older entries. */
  more(): Promise<HistoryView> {
    return this.sequenced(async (generation) => {
      const state = await this.ensureFirst(generation);
      if (state?.reader) await this.readPage(generation, state, state.reader, this.pageSize);
    });
  }

  /** Everything (for filters and look-ups by id); compacts the file afterwards if that pays. */
  all(): Promise<HistoryView> {
    return this.sequenced(async (generation) => {
      const state = await this.ensureFirst(generation);
      const reader = state?.reader;
      if (state && reader) {
        await this.readPage(generation, state, reader, Infinity);
        if (reader.compactionDue) this.compactInBackground(generation);
      }
    });
  }

  /** Drops what is loaded; the next load reads the file again, and loads in flight are not applied. */
  reload(): void {
    this.generation++;
    this.state = undefined;
    this.early = [];
    this.chain = Promise.resolve();
  }

  /** After this window appended `entry` (new, or replacing the record with its id). */
  put(entry: HistoryRecord, bytes: number): void {
    this.account(bytes);
    if (!this.state) return void this.early.push({ entry });
    this.apply(this.state, { entry });
  }

  /** After this window appended a tombstone for `id`. */
  remove(id: string, bytes: number): void {
    this.account(bytes);
    if (!this.state) return void this.early.push({ removed: id });
    this.apply(this.state, { removed: id });
  }

  /** After this window emptied the file. */
  cleared(): void {
    this.reload();
    this.state = { entries: [], reader: undefined, removed: new Set() };
    this.accounted = 0;
  }

  private account(bytes: number): void {
    if (this.accounted >= 0) this.accounted += bytes;
  }

  private apply(state: State, write: Write): void {
    if ('entry' in write) {
      state.reader?.supersede(write.entry.id);
      state.entries = [write.entry, ...state.entries.filter((e) => e.id !== write.entry.id)].sort(newestFirst);
    } else {
      state.reader?.supersede(write.removed);
      state.removed.add(write.removed);
      state.entries = state.entries.filter((e) => e.id !== write.removed);
    }
  }

  private view(state: State): HistoryView {
    return { entries: state.entries, complete: state.reader === undefined };
  }

  /**
   * Runs a load step after those of the same generation. Resolves with the state of the newest generation: when a
   * reload happened meanwhile the step's result was dropped, and the load runs again for the new generation.
   */
  private async sequenced(step: (generation: number) => Promise<void>): Promise<HistoryView> {
    for (;;) {
      const generation = this.generation;
      const run = this.chain.then(() => (generation === this.generation ? step(generation) : undefined));
      this.chain = run.catch(() => undefined);
      try {
        await run;
      } catch (error) {
        // Another window compacted or cleared the file under an older page: start over from its newest end.
        if (!(error instanceof HistoryReplacedError)) throw error;
        if (generation === this.generation) this.reload();
        continue;
      }
      if (generation === this.generation && this.state) return this.view(this.state);
    }
  }

  private async ensureFirst(generation: number): Promise<State | undefined> {
    if (this.state) return this.state;
    const reader = await this.source.reader(this.retention());
    if (generation !== this.generation) return undefined;
    const page = await reader.next(this.pageSize);
    if (generation !== this.generation) return undefined;
    const state: State = { entries: page.entries, reader: page.complete ? undefined : reader, removed: new Set() };
    this.accounted = reader.size;
    for (const write of this.early) this.apply(state, write);
    this.early = [];
    this.state = state;
    if (page.skipped > 0) this.hooks.skipped?.(page.skipped);
    // Compacted in the background when the file is mostly dead, or clearly longer than the retention keeps: the
    // first page does not wait for it.
    const { maxEntries } = this.retention();
    if (reader.compactionDue || (maxEntries > 0 && reader.estimatedLines > 2 * maxEntries + 64)) this.compactInBackground(generation);
    return state;
  }

  private async readPage(generation: number, state: State, reader: PageReader, count: number): Promise<void> {
    const page = await reader.next(count);
    if (generation !== this.generation || this.state !== state) return;
    // Records this window wrote or deleted while the page was read are newer than the page's.
    const present = new Set(state.entries.map((e) => e.id));
    const older = page.entries.filter((e) => !present.has(e.id) && !state.removed.has(e.id));
    if (older.length) state.entries = [...state.entries, ...older].sort(newestFirst);
    if (page.complete) state.reader = undefined;
    if (page.skipped > 0) this.hooks.skipped?.(page.skipped);
  }

  private compactInBackground(generation: number): void {
    void this.source.compact(this.retention()).then((bytes) => {
      // Its own rewrite is no change to reload for; an older page read later finds the file replaced and starts
      // over from a fresh reader (see sequenced).
      if (bytes !== undefined && generation === this.generation) this.accounted = bytes;
    });
  }
}
