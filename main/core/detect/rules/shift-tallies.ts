import type { Db } from '../../store/database';
import { DAY_MS } from './severity';

/** The exceptions counted per cashier and shift, and what each is counted against. */
export const TALLY_KINDS = ['sales', 'lineVoids', 'postVoids', 'refunds', 'noReceiptRefunds', 'noSales', 'discounts', 'overrides', 'drawerCounts', 'overShort'] as const;
export type TallyKind = (typeof TALLY_KINDS)[number];
export type Tally = Record<TallyKind, number>;
export type Shift = 'morning' | 'evening';

export interface ShiftTallies {
  storeId: string;
  /** The window: [from, to) in ms. */
  from: number;
  to: number;
  /** Per shift, the whole store's counts. */
  store: Record<Shift, Tally>;
  /** Per shift, per user. */
  users: Record<Shift, Map<string, Tally>>;
}

export interface TallyOptions {
  windowDays: number;
  /** Minutes after midnight UTC from which a session belongs to the evening shift (14:15 = 855). */
  shiftChangeMinute: number;
  /** A drawer count off by this much (minor units) or more counts as over/short. */
  overShortMinor: number;
}

const ACTIONS = "('pos.sale', 'pos.void', 'pos.post_void', 'pos.refund', 'pos.no_sale', 'pos.discount', 'pos.price_override', 'cash.over_short')";

export function emptyTally(): Tally {
  return Object.fromEntries(TALLY_KINDS.map((k) => [k, 0])) as Tally;
}

/**
 * One pass over a store's point-of-sale events in the window, summed per user and session in SQL.
 * A session's shift is the time of its first counted event: before `shiftChangeMinute` it is the
 * morning shift (the demo's tills hand over at 14:15–14:45 UTC), so a morning cashier's drawer count
 * at 14:30 still belongs to the morning. Events without a session are put in a shift by their own time.
 */
export function shiftTallies(db: Db, storeId: string, to: number, options: TallyOptions): ShiftTallies {
  const from = to - options.windowDays * DAY_MS;
  const change = options.shiftChangeMinute * 60_000;
  const rows = db
    .prepare(
      `SELECT user_id AS user, min(ts_ms) AS start,
         sum(action = 'pos.sale') AS sales, sum(action = 'pos.void') AS lineVoids, sum(action = 'pos.post_void') AS postVoids,
         sum(action = 'pos.refund') AS refunds,
         sum(CASE WHEN action = 'pos.refund' THEN coalesce(json_extract(details, '$.no_receipt') = 1, 0) ELSE 0 END) AS noReceiptRefunds,
         sum(action = 'pos.no_sale') AS noSales, sum(action = 'pos.discount') AS discounts, sum(action = 'pos.price_override') AS overrides,
         sum(action = 'cash.over_short') AS drawerCounts, sum(action = 'cash.over_short' AND abs(coalesce(amount_minor, 0)) >= ?) AS overShort
       FROM events
       WHERE store_id = ? AND ts_ms >= ? AND ts_ms < ? AND action IN ${ACTIONS} AND user_id IS NOT NULL
       GROUP BY user_id, coalesce(session_id, CASE WHEN ts_ms % ${DAY_MS} < ${change} THEN 'morning' ELSE 'evening' END)`,
    )
    .all(options.overShortMinor, storeId, from, to) as (Tally & { user: string; start: number })[];
  const result: ShiftTallies = { storeId, from, to, store: { morning: emptyTally(), evening: emptyTally() }, users: { morning: new Map(), evening: new Map() } };
  for (const row of rows) {
    const shift: Shift = row.start % DAY_MS < change ? 'morning' : 'evening';
    const mine = result.users[shift].get(row.user) ?? emptyTally();
    for (const kind of TALLY_KINDS) {
      mine[kind] += row[kind];
      result.store[shift][kind] += row[kind];
    }
    result.users[shift].set(row.user, mine);
  }
  return result;
}
