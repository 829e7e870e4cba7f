import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChannelOutput } from '../../../../shared/contract/channels';
import type { StoredEvent } from '../../../../shared/events';
import type { EventFilter } from '../../../../shared/filter';
import { errorMessage, useRequest } from '../../hooks/useRequest';
import { client } from '../../transport';

export const PAGE_SIZE = 100;
/** Enough bars to see a day's rhythm over a week, few enough that each bar stays clickable at 1366 px. */
export const MAX_BUCKETS = 120;

export type Histogram = ChannelOutput<'events.histogram'>;
export type Facets = ChannelOutput<'events.facets'>;

export function useHistogram(filter: EventFilter, filterKey: string, refresh: number) {
  return useRequest(`${filterKey}#${refresh}`, () => client.call('events.histogram', { filter, maxBuckets: MAX_BUCKETS }));
}

export function useFacets(refresh: number) {
  return useRequest(`facets#${refresh}`, () => client.call('events.facets', {}));
}

export interface EventPages {
  rows: StoredEvent[];
  /** `first`: the first page is loading (show skeletons); `more`: a further page is loading. */
  loading: 'first' | 'more' | null;
  error: string | null;
  hasMore: boolean;
  loadMore: () => void;
  retry: () => void;
}

/**
 * Keyset-paged events for a filter, newest first. Pages are appended as the user scrolls; a new filter
 * (or `reload`) starts again from the top. Answers for an older filter are dropped by generation.
 */
export function useEventPages(filter: EventFilter, filterKey: string, reload: number): EventPages {
  const [rows, setRows] = useState<StoredEvent[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState<EventPages['loading']>('first');
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);
  const inFlight = useRef(false);

  const fetchPage = useCallback(async (query: EventFilter, from: string | null, gen: number) => {
    inFlight.current = true;
    setLoading(from === null ? 'first' : 'more');
    setError(null);
    try {
      const page = await client.call('events.query', { filter: query, cursor: from, limit: PAGE_SIZE });
      if (gen !== generation.current) return;
      setRows((previous) => (from === null ? page.events : previous.concat(page.events)));
      setCursor(page.nextCursor);
      setHasMore(page.nextCursor !== null);
    } catch (failure) {
      if (gen !== generation.current) return;
      setError(errorMessage(failure));
    } finally {
      if (gen === generation.current) {
        inFlight.current = false;
        setLoading(null);
      }
    }
  }, []);

  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    generation.current += 1;
    inFlight.current = false;
    setRows([]);
    setCursor(null);
    setHasMore(false);
    void fetchPage(filter, null, generation.current);
    // `filter` is identified by `filterKey`; its object identity changes on unrelated URL edits.
  }, [filterKey, reload, attempt, fetchPage]);

  const loadMore = useCallback(() => {
    if (inFlight.current || cursor === null || error !== null) return;
    void fetchPage(filter, cursor, generation.current);
  }, [filter, cursor, error, fetchPage]);

  const retry = useCallback(() => {
    if (rows.length === 0) setAttempt((n) => n + 1);
    else if (cursor !== null) void fetchPage(filter, cursor, generation.current);
  }, [filter, rows.length, cursor, fetchPage]);

  return { rows, loading, error, hasMore, loadMore, retry };
}
