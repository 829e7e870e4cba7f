import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { StoredEvent } from '../../../../shared/events';
import type { EventFilter } from '../../../../shared/filter';
import { ScreenHeader } from '../../components/ScreenHeader';
import { formatCount } from '../../format/money';
import { useRequest } from '../../hooks/useRequest';
import { client } from '../../transport';
import { useCan } from '../auth/access';
import { ArchiveBar } from './ArchiveBar';
import { EventDrawer } from './EventDrawer';
import { EventTable } from './EventTable';
import { ExportMenu } from './ExportMenu';
import { FilterBar } from './FilterBar';
import { Histogram } from './Histogram';
import { SavedViews } from './SavedViews';
import { useLive } from './liveStore';
import { mergeArchived, useArchivedEvents } from './useArchivedEvents';
import { useEventPages, useFacets, useHistogram } from './useTimelineData';
import { hasAnyFilter, useTimelineUrl } from './useTimelineUrl';

const NONE: StoredEvent[] = [];

/** Live appends can come in bursts (an import, a busy till); the chart is redrawn at most this often. */
const LIVE_REFRESH_MS = 1000;

export default function TimelineScreen() {
  const { filter, filterKey, eventSeq, setFilter, openEvent, closeEvent } = useTimelineUrl();
  const [liveTick, setLiveTick] = useState(0);
  const [reload, setReload] = useState(0);
  const pending = useLive((state) => state.pending);
  const canExport = useCan('audit:export');

  const histogram = useHistogram(filter, filterKey, liveTick);
  const facets = useFacets(liveTick);
  const pages = useEventPages(filter, filterKey, reload);
  const info = useRequest(`app.info#${reload}`, () => client.call('app.info', {}));
  const archivedTotal = info.value?.database.archived ?? 0;
  const archive = useArchivedEvents(filter, filterKey);
  const archived = archive.state.status === 'done' ? archive.state.result.events : NONE;
  const archivedSeqs = useMemo(() => new Set(archived.map((e) => e.seq)), [archived]);
  const rows = useMemo(() => mergeArchived(pages.rows, archived, pages.hasMore), [pages.rows, archived, pages.hasMore]);

  useLiveUpdates(() => setLiveTick((n) => n + 1));

  // Whatever the table loads next already includes the appended events.
  useEffect(() => {
    useLive.getState().reset();
  }, [filterKey, reload]);

  const rowFocus = useRef<HTMLElement | null>(null);
  const open = useCallback(
    (seq: number) => {
      rowFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      openEvent(seq);
    },
    [openEvent],
  );
  const close = useCallback(() => {
    closeEvent();
    // Give keyboard users back the row they came from, if it is still on screen.
    const row = rowFocus.current;
    if (row?.isConnected) requestAnimationFrame(() => row.focus());
  }, [closeEvent]);

  const clearFilters = useCallback(() => setFilter({}), [setFilter]);
  const selectRange = useCallback((from: string, to: string) => setFilter({ ...filter, from, to }), [filter, setFilter]);
  const zoomOut = useCallback(() => {
    const next: EventFilter = { ...filter };
    delete next.from;
    delete next.to;
    setFilter(next);
  }, [filter, setFilter]);

  return (
    <div className="screen screen-timeline">
      <ScreenHeader
        title="Timeline"
        subtitle="Every recorded event, newest first. Times are UTC."
        actions={canExport && <ExportMenu filter={filter} />}
      />
      <FilterBar filter={filter} facets={facets.value} onChange={setFilter} views={<SavedViews filter={filter} onOpen={setFilter} />} />
      <Histogram state={histogram} zoomed={filter.from !== undefined || filter.to !== undefined} onSelectRange={selectRange} onZoomOut={zoomOut} />
      {pending > 0 && (
        <div className="new-events" role="status">
          <button type="button" className="button button-accent-soft" onClick={() => setReload((n) => n + 1)} data-testid="show-new-events">
            {formatCount(pending)} new event{pending === 1 ? '' : 's'} — show
          </button>
        </div>
      )}
      {archivedTotal > 0 && <ArchiveBar archivedTotal={archivedTotal} archive={archive} />}
      <EventTable
        pages={rows === pages.rows ? pages : { ...pages, rows }}
        archivedSeqs={archivedSeqs}
        selectedSeq={eventSeq}
        filtered={hasAnyFilter(filter)}
        resetKey={`${filterKey}#${reload}`}
        onOpen={open}
        onClearFilters={clearFilters}
      />
      {eventSeq !== null && <EventDrawer seq={eventSeq} onClose={close} />}
    </div>
  );
}

/**
 * Counts appended events for the "N new events" offer at once, but throttles the chart refresh: the
 * table is never changed under the reader's eyes, the chart is cheap to redraw.
 */
function useLiveUpdates(refresh: () => void): void {
  const refreshRef = useRef(refresh);
  useEffect(() => {
    refreshRef.current = refresh;
  });
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = client.on('events.appended', ({ count }) => {
      useLive.getState().add(count);
      timer ??= setTimeout(() => {
        timer = null;
        refreshRef.current();
      }, LIVE_REFRESH_MS);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, []);
}
