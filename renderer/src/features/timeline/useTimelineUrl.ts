import { useCallback, useMemo } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { filterFromSearch, filterToSearch, type EventFilter } from '../../../../shared/filter';

export interface NavigateOptions {
  /** Replace the current history entry instead of adding one: for typing, where Back should not replay keystrokes. */
  replace?: boolean;
}

/** Marks a history entry this tab created by opening an event, so closing can simply go back to before it. */
interface OpenedState {
  openedEvent: true;
}

function isOpenedState(state: unknown): state is OpenedState {
  return typeof state === 'object' && state !== null && 'openedEvent' in state;
}

/**
 * The timeline's view lives in the URL (filter + open event), so a view can be bookmarked or sent to a
 * colleague and Back undoes the last change. `filterKey` is the canonical form used as a cache key.
 */
export function useTimelineUrl() {
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const search = params.toString();
  const filter = useMemo(() => filterFromSearch(search), [search]);
  const filterKey = filterToSearch(filter);
  const eventSeq = parseSeq(params.get('event'));

  const write = useCallback(
    (nextFilter: EventFilter, seq: number | null, options: NavigateOptions, state?: OpenedState) => {
      const next = new URLSearchParams(filterToSearch(nextFilter));
      if (seq !== null) next.set('event', String(seq));
      setParams(next, { replace: options.replace ?? false, state });
    },
    [setParams],
  );

  const setFilter = useCallback(
    (next: EventFilter, options: NavigateOptions = {}) => write(next, eventSeq, options),
    [write, eventSeq],
  );
  const opened = isOpenedState(location.state);
  // Switching from one open event to another replaces the entry: Back then closes the drawer rather than
  // stepping through every event looked at.
  const openEvent = useCallback(
    (seq: number) => write(filter, seq, { replace: eventSeq !== null && opened }, { openedEvent: true }),
    [write, filter, eventSeq, opened],
  );
  const closeEvent = useCallback(() => {
    if (opened) navigate(-1);
    else write(filter, null, { replace: true });
  }, [opened, navigate, write, filter]);

  return { filter, filterKey, eventSeq, setFilter, openEvent, closeEvent };
}

function parseSeq(value: string | null): number | null {
  if (value === null || !/^\d{1,15}$/.test(value)) return null;
  const seq = Number(value);
  return seq > 0 ? seq : null;
}

export function hasAnyFilter(filter: EventFilter): boolean {
  return Object.values(filter).some((value) => value !== undefined && value !== '');
}
