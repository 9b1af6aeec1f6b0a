// Grouping and filtering of history entries for the tree: pure, so the first page of 10,000 entries can be
// measured and tested without VS Code.
import { entryEndpoint, type HistoryRecord } from './schema';

export type OutcomeFilter = 'success' | 'apiError' | 'fault';

/** Empty or absent lists do not filter. */
export interface HistoryFilter {
  environments?: string[];
  outcomes?: OutcomeFilter[];
  /** Paths, as recorded (a record written before other endpoints existed is a Void). */
  endpoints?: string[];
}

/** Whether the filter narrows anything. */
export function isFiltering(filter: HistoryFilter): boolean {
  return Boolean(filter.environments?.length || filter.outcomes?.length || filter.endpoints?.length);
}

export function outcomeGroup(kind: string): OutcomeFilter {
  return kind === 'success' ? 'success' : kind === 'apiError' ? 'apiError' : 'fault';
}

export interface DayGroup {
  /** Local calendar day, YYYY-MM-DD. */
  key: string;
  entries: HistoryRecord[];
}

export function matchesFilter(entry: HistoryRecord, filter: HistoryFilter): boolean {
  if (filter.environments?.length && !filter.environments.includes(entry.environment)) return false;
  if (filter.outcomes?.length && !filter.outcomes.includes(outcomeGroup(entry.kind))) return false;
  if (filter.endpoints?.length && !filter.endpoints.includes(entryEndpoint(entry))) return false;
  return true;
}

/** Local calendar day of an ISO time, as YYYY-MM-DD. */
export function dayKey(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Groups newest-first entries by local day in one pass, keeping only those that match the filter. */
export function groupByDay(entries: readonly HistoryRecord[], filter: HistoryFilter): DayGroup[] {
  const groups: DayGroup[] = [];
  let current: DayGroup | undefined;
  let lastPrefix = '';
  let lastKey = '';
  for (const entry of entries) {
    if (!matchesFilter(entry, filter)) continue;
    // Entries of the same UTC minute fall on the same local day (zone offsets are whole quarter hours): skip the
    // Date work for them.
    const prefix = entry.time.slice(0, 16);
    const key = prefix === lastPrefix ? lastKey : dayKey(entry.time);
    lastPrefix = prefix;
    lastKey = key;
    if (current?.key !== key) {
      current = { key, entries: [] };
      groups.push(current);
    }
    current.entries.push(entry);
  }
  return groups;
}
