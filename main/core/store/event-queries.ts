import { KEY_ACTION } from '../integrity/key-events';
import type { StoredEvent } from '../../../shared/events';
import type { EventFilter } from '../../../shared/filter';
import { AppError } from '../api/errors';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import { StatementCache } from './statement-cache';
import type { Db } from './database';
import { EVENT_COLUMNS, toStoredEvent, type EventRow } from './event-rows';
import { andWhere, filterToWhere, type SqlWhere } from './filter-sql';
import { chooseBucket, HOUR_MS } from './histogram-buckets';
import { archivedCount, lastSeq as lastSeqOf } from './tombstones';

export interface EventPage {
  events: StoredEvent[];
  nextCursor: string | null;
}

export interface Histogram {
  from: string | null;
  to: string | null;
  bucketMs: number;
  counts: number[];
  total: number;
}

export interface Facets {
  stores: string[];
  terminals: string[];
  users: string[];
  actions: string[];
}

/** The SQL of one page (newest first, continuing after a `ts_ms.seq` cursor), shared with its plan test. */
export function pageQuery(filter: EventFilter, cursor: string | null | undefined, limit: number): SqlWhere {
  let where = filterToWhere(filter);
  if (cursor) {
    const [tsMs, seq] = cursor.split('.').map(Number) as [number, number];
    where = andWhere(where, '(ts_ms, seq) < (?, ?)', tsMs, seq);
  }
  return {
    sql: `SELECT ${EVENT_COLUMNS} FROM events ${where.sql} ORDER BY ts_ms DESC, seq DESC LIMIT ?`,
    params: [...where.params, limit],
  };
}

/** Read side of the log. Every query is indexed and bounded, so it is safe on the UI's request path. */
/** SQL: the event is not one of the app's own records about itself (accounts, logins, looks at the log). */
const OWN_RECORDS = "action NOT LIKE 'auth.%' AND action NOT LIKE 'audit.%' AND action NOT LIKE 'user.%' AND action NOT LIKE 'role.%' AND action != 'config.change'";

export class EventQueries {

  private readonly statements: StatementCache;

  constructor(private readonly db: Db) {
    this.statements = new StatementCache(db);
  }

  private sql(text: string): Statement {
    return this.statements.get(text);
  }

  /** Newest first; the cursor is `ts_ms.seq` of the last row, continued with a keyset comparison. */
  page(filter: EventFilter, cursor: string | null | undefined, limit: number): EventPage {
    const query = pageQuery(filter, cursor, limit + 1);
    const rows = this.sql(query.sql).all(...query.params) as EventRow[];
    const more = rows.length > limit;
    const pageRows = more ? rows.slice(0, limit) : rows;
    const last = pageRows.at(-1);
    return {
      events: pageRows.map(toStoredEvent),
      nextCursor: more && last ? `${last.ts_ms}.${last.seq}` : null,
    };
  }

  get(seq: number): StoredEvent {
    const row = this.sql(`SELECT ${EVENT_COLUMNS} FROM events WHERE seq = ?`).get(seq) as EventRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `There is no event #${seq}.`);
    return toStoredEvent(row);
  }

  /**
   * Counts per bucket over [from, to). Without a range the data's own span is used. Buckets are
   * "nice" widths aligned to UTC so labels read as whole minutes, hours or days.
   */
  histogram(filter: EventFilter, maxBuckets: number): Histogram {
    const span = this.span(filter);
    if (!span) return { from: null, to: null, bucketMs: 0, counts: [], total: 0 };
    const bucketMs = chooseBucket(span.from, span.to, maxBuckets);
    const from = Math.floor(span.from / bucketMs) * bucketMs;
    const to = Math.ceil(span.to / bucketMs) * bucketMs;
    const counts = new Array<number>(Math.max(1, (to - from) / bucketMs)).fill(0);
    const rows = this.countBuckets(filter, from, to, bucketMs);
    let total = 0;
    for (const [bucket, n] of rows) {
      counts[bucket] = n;
      total += n;
    }
    return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), bucketMs, counts, total };
  }

  /**
   * [bucket index, count] pairs. With no filter but time and buckets of an hour or more, the writer's
   * hourly counts answer exactly (every bucket is a whole number of UTC hours); otherwise one
   * GROUP BY over the best index for the filter.
   */
  private countBuckets(filter: EventFilter, from: number, to: number, bucketMs: number): [number, number][] {
    const onlyTime = Object.entries(filter).every(([key, value]) => value === undefined || key === 'from' || key === 'to');
    if (onlyTime && bucketMs % HOUR_MS === 0) {
      return this.sql(`SELECT (hour_ms - CAST(? AS INTEGER)) / CAST(? AS INTEGER) AS b, sum(n) FROM event_counts_hourly
                  WHERE hour_ms >= ? AND hour_ms < ? GROUP BY b`)
        .raw()
        .all(from, bucketMs, from, to) as [number, number][];
    }
    const where = filterToWhere({ ...filter, from: new Date(from).toISOString(), to: new Date(to).toISOString() });
    return this.sql(`SELECT (ts_ms - CAST(? AS INTEGER)) / CAST(? AS INTEGER) AS b, count(*) AS n FROM events ${where.sql} GROUP BY b`)
      .raw()
      .all(from, bucketMs, ...where.params) as [number, number][];
  }

  facets(): Facets {
    const rows = this.sql('SELECT kind, value FROM event_facets ORDER BY kind, value').raw().all() as [string, string][];
    const facets: Facets = { stores: [], terminals: [], users: [], actions: [] };
    const target = { store: facets.stores, terminal: facets.terminals, user: facets.users, action: facets.actions };
    for (const [kind, value] of rows) target[kind as keyof typeof target]?.push(value);
    return facets;
  }

  summary(): { events: number; lastSeq: number; archived: number; firstTs: string | null; lastTs: string | null; empty: boolean } {
    // seq is gap-free from 1 across the events and the tombstones of archived ones, so counts need no scan.
    const lastSeq = lastSeqOf(this.db);
    const archived = archivedCount(this.db);
    // Stored ts is the normalised ISO form of ts_ms, so the edges give the same strings.
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    // The store's own records (signing keys, setup, logins, looks at the log) do not make a database
    // "in use": the demo may still be loaded after first-run setup.
    const empty = this.sql(`SELECT 1 FROM events WHERE action != ? AND ${OWN_RECORDS} LIMIT 1`).pluck().get(KEY_ACTION) === undefined;
    return { events: lastSeq - archived, lastSeq, archived, firstTs: iso(this.edge('ASC')), lastTs: iso(this.edge('DESC')), empty };
  }

  /** Up to `limit` matching events, newest first, through the keyset pages; `more` when others match too. */
  collect(filter: EventFilter, limit: number): { events: StoredEvent[]; more: boolean } {
    const events: StoredEvent[] = [];
    let cursor: string | null = null;
    do {
      const page = this.page(filter, cursor, Math.min(500, limit + 1 - events.length));
      events.push(...page.events);
      cursor = page.nextCursor;
    } while (cursor && events.length <= limit);
    return { events: events.slice(0, limit), more: events.length > limit || cursor !== null };
  }

  /** The log's record of looks at itself (audit.view/export/verify), newest first, through the action index. */
  accessLog(limit: number, beforeSeq?: number): { seq: number; ts: string; action: string; userName: string | null; role: string | null; channel: string | null; query: string }[] {
    const rows = this.sql(`SELECT seq, ts, action, user_id, user_role, details FROM events
        WHERE action IN ('audit.view', 'audit.export', 'audit.verify') AND seq < ? ORDER BY seq DESC LIMIT ?`)
      .all(beforeSeq ?? Number.MAX_SAFE_INTEGER, limit) as { seq: number; ts: string; action: string; user_id: string | null; user_role: string | null; details: string }[];
    return rows.map((r) => {
      const details = JSON.parse(r.details) as { channel?: string; query?: unknown };
      return { seq: r.seq, ts: r.ts, action: r.action, userName: r.user_id, role: r.user_role, channel: details.channel ?? null, query: JSON.stringify(details.query ?? {}) };
    });
  }

  /** The filter's own range, or the data's first/last event where the filter leaves it open. */
  private span(filter: EventFilter): { from: number; to: number } | null {
    const from = filter.from !== undefined ? Date.parse(filter.from) : this.edge('ASC');
    const to = filter.to !== undefined ? Date.parse(filter.to) : this.edge('DESC');
    if (from === null || to === null) return null;
    return { from, to: Math.max(to, from + 1) + (filter.to === undefined ? 1 : 0) };
  }

  private edge(direction: 'ASC' | 'DESC'): number | null {
    const value = this.sql(`SELECT ts_ms FROM events ORDER BY ts_ms ${direction} LIMIT 1`).pluck().get();
    return typeof value === 'number' ? value : null;
  }
}
