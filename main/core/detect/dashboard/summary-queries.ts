import type { Statement } from 'better-sqlite3-multiple-ciphers';
import { StatementCache } from '../../store/statement-cache';
import type { Db } from '../../store/database';
import { HOUR_MS } from '../../store/histogram-buckets';
import { cashierExceptions, EXCEPTION_ACTIONS, type CashierCounts, type CashierException } from './exception-ratios';

const DAY_MS = 24 * HOUR_MS;
/** How many rows each top list holds. */
export const TOP_N = 8;
/** Days the per-cashier exception table looks back from `asOf`. */
export const EXCEPTION_DAYS = 30;
const WEEK_DAYS = 7;

export interface CountRow {
  key: string;
  count: number;
}

/** Everything on the Dashboard that comes from the events table (alerts come from the alert store). */
export interface EventFigures {
  asOf: string | null;
  eventsToday: number;
  eventsThisWeek: number;
  topUsers: CountRow[];
  topActions: CountRow[];
  categories: CountRow[];
  exceptions: CashierException[];
}

/**
 * The windows, all ending at `asOf` (the newest event's time, inclusive), because a demo or a copied
 * database may end in the past and "today" should still mean the data's last day:
 * - today: the UTC calendar day of `asOf`, from its midnight;
 * - this week: the 7 × 24 hours ending at `asOf`, i.e. `ts > asOf − 7 days` (a rolling window, not a
 *   calendar week, so Monday morning does not show an empty week);
 * - exceptions: the 30 × 24 hours ending at `asOf`, the same way.
 */
export interface Windows {
  asOfMs: number;
  todayFromMs: number;
  weekFromMs: number;
  exceptionsFromMs: number;
}

export function windowsEndingAt(asOfMs: number): Windows {
  return {
    asOfMs,
    todayFromMs: Math.floor(asOfMs / DAY_MS) * DAY_MS,
    weekFromMs: asOfMs - WEEK_DAYS * DAY_MS + 1,
    exceptionsFromMs: asOfMs - EXCEPTION_DAYS * DAY_MS + 1,
  };
}

/**
 * The SQL, exported so the plan test checks exactly what runs. Every query starts from an index:
 * - counts: the writer's hourly table (`event_counts_hourly`) for whole hours, and the `ts_ms` index
 *   (covering) for the part of an hour at the week's start;
 * - top users: one count per known user (the facet table) over the covering `(user_id, ts_ms)`
 *   index, so nothing but the week's index entries is read, whatever the number of users;
 * - actions and categories: one pass over the week's events through an index (`ts_ms`, or
 *   `(action, ts_ms)` by skip-scan once the planner has statistics); category has no index of its
 *   own, so each of the week's rows is looked up once and both lists come from the same rows;
 * - exceptions: the seven actions' ranges of the `(action, ts_ms)` index.
 */
export const DASHBOARD_SQL = {
  newest: 'SELECT max(ts_ms) FROM events',
  hoursFrom: 'SELECT coalesce(sum(n), 0) FROM event_counts_hourly WHERE hour_ms >= ?',
  eventsBetween: 'SELECT count(*) FROM events WHERE ts_ms >= ? AND ts_ms < ?',
  topUsers: `SELECT value AS key, (SELECT count(*) FROM events WHERE user_id = f.value AND ts_ms >= ?) AS count
      FROM event_facets AS f WHERE kind = 'user' ORDER BY count DESC, key LIMIT ${TOP_N}`,
  actionsAndCategories: `SELECT action, category, count(*) AS n FROM events
      WHERE ts_ms >= ? GROUP BY action, category`,
  exceptions: `SELECT store_id AS storeId, user_id AS userId, action, count(*) AS n,
        sum(CASE WHEN action <> 'pos.refund' THEN 0 WHEN json_type(details, '$.no_receipt') = 'true' THEN 1 ELSE 0 END) AS noReceipt
      FROM events
      WHERE action IN (${EXCEPTION_ACTIONS.map((a) => `'${a}'`).join(', ')}) AND ts_ms >= ?
        AND user_role = 'cashier' AND user_id IS NOT NULL
      GROUP BY store_id, user_id, action`,
} as const;

interface ExceptionRow {
  storeId: string;
  userId: string;
  action: string;
  n: number;
  noReceipt: number;
}

/** The Dashboard's figures from the events table. Synchronous and indexed: safe on the request path. */
export class DashboardQueries {

  private readonly statements: StatementCache;

  constructor(private readonly db: Db) {
    this.statements = new StatementCache(db);
  }

  figures(): EventFigures {
    const newest = this.sql(DASHBOARD_SQL.newest).pluck().get();
    if (typeof newest !== 'number') {
      return { asOf: null, eventsToday: 0, eventsThisWeek: 0, topUsers: [], topActions: [], categories: [], exceptions: [] };
    }
    const w = windowsEndingAt(newest);
    const { topActions, categories } = this.actionsAndCategories(w.weekFromMs);
    return {
      asOf: new Date(newest).toISOString(),
      eventsToday: this.eventsFrom(w.todayFromMs),
      eventsThisWeek: this.eventsFrom(w.weekFromMs),
      // Users quiet all week sort last with 0, so dropping them after the LIMIT loses nobody.
      topUsers: (this.sql(DASHBOARD_SQL.topUsers).all(w.weekFromMs) as CountRow[]).filter((row) => row.count > 0),
      topActions,
      categories,
      exceptions: this.exceptions(w.exceptionsFromMs),
    };
  }

  /**
   * Events with `ts_ms >= fromMs` (none are newer than `asOf`): the hourly table from the first whole
   * hour, plus the events of the partial hour before it.
   */
  eventsFrom(fromMs: number): number {
    const firstWholeHour = Math.ceil(fromMs / HOUR_MS) * HOUR_MS;
    const whole = this.sql(DASHBOARD_SQL.hoursFrom).pluck().get(firstWholeHour) as number;
    if (firstWholeHour === fromMs) return whole;
    return whole + (this.sql(DASHBOARD_SQL.eventsBetween).pluck().get(fromMs, firstWholeHour) as number);
  }

  private actionsAndCategories(fromMs: number): { topActions: CountRow[]; categories: CountRow[] } {
    const rows = this.sql(DASHBOARD_SQL.actionsAndCategories).raw().all(fromMs) as [string, string, number][];
    const actions = new Map<string, number>();
    const categories = new Map<string, number>();
    for (const [action, category, n] of rows) {
      actions.set(action, (actions.get(action) ?? 0) + n);
      categories.set(category, (categories.get(category) ?? 0) + n);
    }
    return { topActions: top(actions, TOP_N), categories: top(categories, TOP_N) };
  }

  private exceptions(fromMs: number): CashierException[] {
    const rows = this.sql(DASHBOARD_SQL.exceptions).all(fromMs) as ExceptionRow[];
    const cashiers = new Map<string, CashierCounts>();
    for (const row of rows) {
      const id = `${row.storeId}\u0000${row.userId}`;
      let counts = cashiers.get(id);
      if (!counts) {
        counts = { storeId: row.storeId, userId: row.userId, sales: 0, voids: 0, postVoids: 0, refunds: 0, noReceiptRefunds: 0, noSales: 0, discounts: 0, overrides: 0 };
        cashiers.set(id, counts);
      }
      addActionCount(counts, row);
    }
    return cashierExceptions([...cashiers.values()]);
  }

  private sql(text: string): Statement {
    return this.statements.get(text);
  }
}

function addActionCount(counts: CashierCounts, row: ExceptionRow): void {
  switch (row.action) {
    case 'pos.sale': counts.sales += row.n; break;
    case 'pos.void': counts.voids += row.n; break;
    case 'pos.post_void': counts.postVoids += row.n; break;
    case 'pos.refund':
      counts.refunds += row.n;
      counts.noReceiptRefunds += row.noReceipt;
      break;
    case 'pos.no_sale': counts.noSales += row.n; break;
    case 'pos.discount': counts.discounts += row.n; break;
    case 'pos.price_override': counts.overrides += row.n; break;
  }
}

/** The `n` largest counts, ties by key so the order is stable. */
export function top(counts: ReadonlyMap<string, number>, n: number): CountRow[] {
  return [...counts]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, n);
}
