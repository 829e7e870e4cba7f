import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { Link } from 'react-router';
import type { StoredEvent } from '../../../../shared/events';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Spinner } from '../../components/Spinner';
import { formatCount, formatMoney } from '../../format/money';
import { formatUtc } from '../../format/time';
import type { EventPages } from './useTimelineData';

const ROW_HEIGHT = 36;
/** Start fetching the next page this many rows before the end, so scrolling rarely meets a spinner. */
const PREFETCH_ROWS = 30;

interface EventTableProps {
  pages: EventPages;
  /** Rows read from archive segments rather than the database (marked as such). */
  archivedSeqs: ReadonlySet<number>;
  selectedSeq: number | null;
  filtered: boolean;
  /** Changes whenever the list starts over (new filter, "show new events"): the scroll goes back to the top. */
  resetKey: string;
  onOpen: (seq: number) => void;
  onClearFilters: () => void;
}

const COLUMNS = ['Time (UTC)', 'Store', 'Terminal', 'User', 'Action', 'Status', 'Amount', 'Resource'];

export function EventTable({ pages, archivedSeqs, selectedSeq, filtered, resetKey, onOpen, onClearFilters }: EventTableProps) {
  const { rows, loading, error, hasMore, loadMore, retry } = pages;
  const scroller = useRef<HTMLDivElement>(null);
  const showFooter = rows.length > 0;
  const virtualizer = useVirtualizer({
    count: rows.length + (showFooter ? 1 : 0),
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastVisible = items.at(-1)?.index ?? 0;

  useEffect(() => {
    if (hasMore && lastVisible >= rows.length - PREFETCH_ROWS) loadMore();
  }, [hasMore, lastVisible, rows.length, loadMore]);

  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 });
  }, [resetKey]);

  const focusRow = (index: number) => {
    if (index < 0 || index >= rows.length) return;
    virtualizer.scrollToIndex(index, { align: 'auto' });
    requestAnimationFrame(() => {
      scroller.current?.querySelector<HTMLElement>(`[data-index="${index}"]`)?.focus();
    });
  };

  const onRowKey = (event: KeyboardEvent<HTMLDivElement>, index: number, seq: number) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onOpen(seq);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      focusRow(index + (event.key === 'ArrowDown' ? 1 : -1));
    }
  };

  const firstLoad = loading === 'first';
  const empty = rows.length === 0 && loading === null && error === null;

  return (
    <section
      className="panel event-table"
      role="grid"
      aria-label="Events, newest first"
      aria-rowcount={hasMore ? -1 : rows.length + 1}
      aria-busy={loading !== null}
      data-testid="event-table"
    >
      <div className="table-row table-head" role="row" aria-rowindex={1}>
        {COLUMNS.map((name) => (
          <span role="columnheader" key={name} className={name === 'Amount' ? 'cell-amount' : undefined}>
            {name}
          </span>
        ))}
      </div>
      <div className="table-body" ref={scroller}>
        {firstLoad && <SkeletonRows />}
        {rows.length === 0 && error !== null && <ErrorPanel title="Events could not be loaded" message={error} onRetry={retry} />}
        {empty && (
          <div className="table-empty" data-testid="table-empty">
            {filtered ? (
              <>
                <strong>No events match these filters</strong>
                <p>Try a wider date range, or remove a filter.</p>
                <button type="button" className="button" onClick={onClearFilters}>
                  Clear filters
                </button>
              </>
            ) : (
              <>
                <strong>No events have been recorded yet</strong>
                <p>
                  Events appear here as your tills send them. To look around first, load the demo store from the{' '}
                  <Link to="/dashboard">Dashboard</Link>.
                </p>
              </>
            )}
          </div>
        )}
        {!firstLoad && rows.length > 0 && (
          <div className="table-canvas" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const style = { transform: `translateY(${item.start}px)`, height: item.size };
              const row = rows[item.index];
              if (!row) {
                return (
                  <div key="footer" className="table-footer" style={style}>
                    <TableFooter count={rows.length} loading={loading === 'more'} error={error} hasMore={hasMore} onRetry={retry} />
                  </div>
                );
              }
              return (
                <EventRow
                  key={row.seq}
                  event={row}
                  archived={archivedSeqs.has(row.seq)}
                  index={item.index}
                  selected={row.seq === selectedSeq}
                  style={style}
                  onOpen={onOpen}
                  onKeyDown={onRowKey}
                />
              );
            })}
          </div>
        )}
      </div>
    </section>
  );
}

interface EventRowProps {
  event: StoredEvent;
  archived: boolean;
  index: number;
  selected: boolean;
  style: { transform: string; height: number };
  onOpen: (seq: number) => void;
  onKeyDown: (event: KeyboardEvent<HTMLDivElement>, index: number, seq: number) => void;
}

function EventRow({ event, archived, index, selected, style, onOpen, onKeyDown }: EventRowProps) {
  const failed = event.status === 'failure';
  const className = ['table-row', 'event-row', failed ? 'row-failure' : '', archived ? 'row-archived' : '', selected ? 'row-selected' : ''].join(' ').trim();
  return (
    <div
      role="row"
      tabIndex={0}
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={className}
      style={style}
      data-index={index}
      data-testid="event-row"
      data-seq={event.seq}
      data-ts={event.ts}
      data-user={event.user_id ?? ''}
      data-action={event.action}
      data-archived={archived || undefined}
      onClick={() => onOpen(event.seq)}
      onKeyDown={(e) => onKeyDown(e, index, event.seq)}
    >
      <span role="gridcell" className="cell-time">
        {formatUtc(event.ts)}
      </span>
      <span role="gridcell">{event.store_id}</span>
      <span role="gridcell">{event.terminal_id ?? '—'}</span>
      <span role="gridcell">{event.user_id ?? '—'}</span>
      <span role="gridcell" className="cell-action">
        {event.action}
        {archived && <span className="pill pill-archived">Archived</span>}
      </span>
      <span role="gridcell">
        <span className={failed ? 'pill pill-failure' : 'pill pill-success'}>{failed ? 'Failure' : 'Success'}</span>
      </span>
      <span role="gridcell" className="cell-amount">
        {formatMoney(event.amount_minor, event.currency)}
      </span>
      <span role="gridcell" className="cell-resource" title={resourceLabel(event)}>
        {resourceLabel(event)}
      </span>
    </div>
  );
}

function resourceLabel(event: StoredEvent): string {
  if (event.resource_type && event.resource_id) return `${event.resource_type} ${event.resource_id}`;
  return event.resource_type ?? event.resource_id ?? '';
}

interface TableFooterProps {
  count: number;
  loading: boolean;
  error: string | null;
  hasMore: boolean;
  onRetry: () => void;
}

function TableFooter({ count, loading, error, hasMore, onRetry }: TableFooterProps) {
  if (error !== null) {
    return (
      <span className="footer-error" role="alert">
        More events could not be loaded: {error}{' '}
        <button type="button" className="button button-small" onClick={onRetry}>
          Retry
        </button>
      </span>
    );
  }
  if (loading || hasMore) return <Spinner label="Loading more events…" />;
  return <span>End of the list · {formatCount(count)} events</span>;
}

function SkeletonRows() {
  return (
    <div aria-hidden="true">
      {Array.from({ length: 8 }, (_, i) => (
        <div className="table-row skeleton-row" key={i}>
          {COLUMNS.map((name) => (
            <span key={name} className="skeleton skeleton-text" />
          ))}
        </div>
      ))}
    </div>
  );
}
