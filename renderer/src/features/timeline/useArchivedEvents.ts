import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChannelOutput } from '../../../../shared/contract/channels';
import type { StoredEvent } from '../../../../shared/events';
import type { EventFilter } from '../../../../shared/filter';
import { useJobs } from '../../app/jobsStore';
import { errorMessage } from '../../hooks/useRequest';
import { client } from '../../transport';

/** The newest archived events matching the filter that the timeline shows: enough to read, few enough to merge. */
export const ARCHIVE_LIMIT = 500;

export type ArchiveResult = ChannelOutput<'events.archived'>;

export type ArchiveState =
  | { status: 'off' }
  | { status: 'loading' }
  | { status: 'done'; result: ArchiveResult }
  | { status: 'error'; message: string };

export interface ArchivedEvents {
  state: ArchiveState;
  /** Start including archived events (kept on across filter changes until `exclude`). */
  include: () => void;
  exclude: () => void;
  retry: () => void;
}

/**
 * Archived events for the timeline's filter, on request: the core checks and reads every archive
 * segment in the filter's time span (slow, with progress), so it runs only once the user asks, then
 * again for each new filter while included. Answers for an older filter are dropped.
 */
export function useArchivedEvents(filter: EventFilter, filterKey: string): ArchivedEvents {
  const [included, setIncluded] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<ArchiveState>({ status: 'off' });
  const generation = useRef(0);

  useEffect(() => {
    generation.current += 1;
    if (!included) {
      setState({ status: 'off' });
      return;
    }
    const gen = generation.current;
    useJobs.getState().forget('archives');
    setState({ status: 'loading' });
    client.call('events.archived', { filter, limit: ARCHIVE_LIMIT }).then(
      (result) => {
        if (gen === generation.current) setState({ status: 'done', result });
      },
      (failure: unknown) => {
        if (gen === generation.current) setState({ status: 'error', message: errorMessage(failure) });
      },
    );
    // `filter` is identified by `filterKey`.
  }, [included, filterKey, attempt]);

  const include = useCallback(() => setIncluded(true), []);
  const exclude = useCallback(() => setIncluded(false), []);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, include, exclude, retry };
}

/** Newest first, as the database pages: time, then seq. */
function newerFirst(a: StoredEvent, b: StoredEvent): number {
  return Date.parse(b.ts) - Date.parse(a.ts) || b.seq - a.seq;
}

/**
 * The database's loaded rows with the archived events merged in by time. While the database has more
 * pages, only archived events newer than its last loaded row are placed (the rest belong further down,
 * among rows not loaded yet).
 */
export function mergeArchived(rows: StoredEvent[], archived: StoredEvent[], hasMore: boolean): StoredEvent[] {
  if (archived.length === 0) return rows;
  const last = rows.at(-1);
  const placed = hasMore && last ? archived.filter((e) => newerFirst(e, last) < 0) : archived;
  return rows.concat(placed).sort(newerFirst);
}
