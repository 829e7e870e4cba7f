import path from 'node:path';
import { v7 } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventInput } from '../../../../shared/events';
import { AuditStore } from '../../store';
import { normalized, tempDir } from '../../store/test-helpers';
import { DASHBOARD_SQL, DashboardQueries, windowsEndingAt } from './summary-queries';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A Tuesday afternoon: "today" starts at 2026-03-10T00:00Z, "this week" just after 2026-03-03T15:30Z. */
const AS_OF = Date.parse('2026-03-10T15:30:00.000Z');

let tmp: ReturnType<typeof tempDir>;
let store: AuditStore;
let queries: DashboardQueries;
let serial = 0;

beforeEach(() => {
  tmp = tempDir();
  store = AuditStore.open(path.join(tmp.dir, 'dashboard.db'));
  queries = new DashboardQueries(store.db);
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

/** One event at `ms`; a fresh id each time, so the same shape can be appended many times. */
function at(ms: number, fields: Partial<EventInput> = {}): EventInput {
  serial += 1;
  const random = new Uint8Array(16).map((_, k) => (serial >> (8 * (k % 4))) & 0xff);
  return { event_id: v7({ msecs: ms, random }), ts: new Date(ms).toISOString(), store_id: 'S001', action: 'pos.sale', ...fields };
}

function times(n: number, make: (k: number) => EventInput): EventInput[] {
  return Array.from({ length: n }, (_, k) => make(k));
}

function append(events: EventInput[]): void {
  for (let i = 0; i < events.length; i += 1000) store.append(normalized(events.slice(i, i + 1000)));
}

describe('an empty log', () => {
  it('has no asOf and nothing to count', () => {
    expect(queries.figures()).toEqual({ asOf: null, eventsToday: 0, eventsThisWeek: 0, topUsers: [], topActions: [], categories: [], exceptions: [] });
  });
});

describe('today and this week end at the newest event', () => {
  beforeEach(() => {
    append([
      at(AS_OF - 7 * DAY - 30 * 60_000), // 15:00 a week before: the same hour as the week's start, outside it
      at(AS_OF - 7 * DAY), // exactly 7 days before asOf: outside (the window is ts > asOf − 7 days)
      at(AS_OF - 7 * DAY + 1), // the first millisecond of the week, in the partial hour counted from the index
      at(AS_OF - 7 * DAY + 15 * 60_000),
      at(AS_OF - 3 * DAY),
      at(Date.parse('2026-03-09T23:59:59.999Z')), // yesterday: in the week, not today
      at(Date.parse('2026-03-10T00:00:00.000Z')), // midnight: today
      at(Date.parse('2026-03-10T09:00:00.000Z')),
      at(AS_OF),
    ]);
  });

  it('counts the UTC day of asOf as today and the 7 days ending at asOf as the week', () => {
    const figures = queries.figures();
    expect(figures.asOf).toBe('2026-03-10T15:30:00.000Z');
    expect(figures.eventsToday).toBe(3);
    expect(figures.eventsThisWeek).toBe(7);
  });

  it('gives the same counts from the hourly table as a plain count over the events', () => {
    const w = windowsEndingAt(AS_OF);
    const direct = (from: number) => store.db.prepare('SELECT count(*) FROM events WHERE ts_ms >= ?').pluck().get(from);
    expect(queries.eventsFrom(w.weekFromMs)).toBe(direct(w.weekFromMs));
    expect(queries.eventsFrom(w.todayFromMs)).toBe(direct(w.todayFromMs));
    expect(queries.eventsFrom(w.weekFromMs + HOUR / 2)).toBe(direct(w.weekFromMs + HOUR / 2));
  });

  it('moves with the data: an event a day later makes a new, one-event today', () => {
    append([at(AS_OF + DAY)]);
    const figures = queries.figures();
    expect(figures.asOf).toBe('2026-03-11T15:30:00.000Z');
    expect(figures.eventsToday).toBe(1);
    // The week now starts after 2026-03-04T15:30Z: the 3-days-before event onwards.
    expect(figures.eventsThisWeek).toBe(6);
  });
});

describe('top users, top actions and categories over the week', () => {
  it('counts users with a user_id, the 8 busiest, ties by name, and nothing older than the week', () => {
    const busy = ['u-1', 'u-2', 'u-3', 'u-4', 'u-5', 'u-6', 'u-7', 'u-8', 'u-9', 'u-10'];
    append([
      // u-k has 20 − k events this week (u-9 and u-10 tie with u-8 at 12).
      ...busy.flatMap((user, k) => times(Math.max(12, 20 - k), (i) => at(AS_OF - i * HOUR, { user_id: user }))),
      ...times(50, (i) => at(AS_OF - 8 * DAY - i * HOUR, { user_id: 'u-old' })),
      ...times(40, (i) => at(AS_OF - i * HOUR, { user_id: null })),
    ]);
    expect(queries.figures().topUsers).toEqual([
      { key: 'u-1', count: 20 },
      { key: 'u-2', count: 19 },
      { key: 'u-3', count: 18 },
      { key: 'u-4', count: 17 },
      { key: 'u-5', count: 16 },
      { key: 'u-6', count: 15 },
      { key: 'u-7', count: 14 },
      { key: 'u-8', count: 13 },
    ]);
  });

  it('leaves out users who were quiet all week rather than listing them with 0', () => {
    append([at(AS_OF - 10 * DAY, { user_id: 'u-away' }), at(AS_OF, { user_id: 'u-here' }), at(AS_OF - HOUR, { user_id: 'u-here' })]);
    expect(queries.figures().topUsers).toEqual([{ key: 'u-here', count: 2 }]);
  });

  it('counts actions and categories, explicit categories included, the 8 largest of each', () => {
    const actions = ['pos.sale', 'pos.void', 'pos.refund', 'auth.login', 'cash.drawer_open', 'inventory.count', 'report.run', 'sync.push', 'system.start'];
    append([
      ...actions.flatMap((action, k) => times(actions.length - k, (i) => at(AS_OF - i * HOUR, { action }))),
      ...times(4, (i) => at(AS_OF - i * HOUR, { action: 'device.tamper', category: 'intrusion_detection' })),
      ...times(30, (i) => at(AS_OF - 7 * DAY - i * HOUR, { action: 'auth.logout' })),
    ]);
    const { topActions, categories } = queries.figures();
    expect(topActions).toEqual([
      { key: 'pos.sale', count: 9 },
      { key: 'pos.void', count: 8 },
      { key: 'pos.refund', count: 7 },
      { key: 'auth.login', count: 6 },
      { key: 'cash.drawer_open', count: 5 },
      { key: 'device.tamper', count: 4 },
      { key: 'inventory.count', count: 4 },
      { key: 'report.run', count: 3 },
    ]);
    expect(categories).toEqual([
      { key: 'pos', count: 24 },
      { key: 'authentication', count: 6 },
      { key: 'cash', count: 5 },
      { key: 'intrusion_detection', count: 4 },
      { key: 'inventory', count: 4 },
      { key: 'database', count: 3 },
      { key: 'network', count: 2 },
      { key: 'host', count: 1 },
    ]);
  });
});

describe('the exception table per cashier over 30 days', () => {
  const cashier = (store_id: string, user_id: string) => ({ store_id, user_id, user_role: 'cashier' });
  /** `n` events of `action` spread over the 30 days (every 5 hours back from asOf). */
  const many = (n: number, action: string, who: Partial<EventInput>, details: Record<string, unknown> = {}) =>
    times(n, (i) => at(AS_OF - i * 5 * HOUR, { action, details, ...who }));

  beforeEach(() => {
    const a = cashier('S001', 'u-a');
    const b = cashier('S001', 'u-b');
    const c = cashier('S001', 'u-c');
    const d = cashier('S002', 'u-d');
    append([
      ...many(120, 'pos.sale', a), ...many(1, 'pos.void', a), ...many(1, 'pos.post_void', a),
      ...many(3, 'pos.refund', a, { no_receipt: true }), ...many(2, 'pos.refund', a, { original_receipt: 'R-1' }),
      ...many(1, 'pos.refund', a, { no_receipt: false }), ...many(2, 'pos.no_sale', a), ...many(3, 'pos.discount', a),
      ...many(1, 'pos.price_override', a),
      ...many(100, 'pos.sale', b), ...many(4, 'pos.void', b), ...many(1, 'pos.post_void', b), ...many(1, 'pos.refund', b),
      ...many(3, 'pos.discount', b), ...many(1, 'pos.price_override', b),
      ...many(50, 'pos.sale', c), ...many(5, 'pos.refund', c),
      ...many(100, 'pos.sale', d),
      // Not counted: a manager's refunds, a cashier's other actions, and anything 30 days before asOf or earlier.
      ...many(9, 'pos.refund', { store_id: 'S001', user_id: 'u-m', user_role: 'manager' }),
      ...many(7, 'cash.drawer_open', a),
      at(AS_OF - 30 * DAY, { action: 'pos.refund', ...a }),
      ...times(20, (i) => at(AS_OF - 31 * DAY - i * HOUR, { action: 'pos.no_sale', ...b })),
      at(AS_OF - 30 * DAY + 1, { action: 'pos.sale', ...d }),
    ]);
  });

  it('counts each kind per cashier and store, no-receipt refunds only where details.no_receipt is true', () => {
    const rows = queries.figures().exceptions.map(({ worstRatio: _r, worstKind: _k, ...counts }) => counts);
    expect(rows).toEqual([
      { storeId: 'S001', userId: 'u-a', sales: 120, voids: 1, postVoids: 1, refunds: 6, noReceiptRefunds: 3, noSales: 2, discounts: 3, overrides: 1 },
      { storeId: 'S001', userId: 'u-b', sales: 100, voids: 4, postVoids: 1, refunds: 1, noReceiptRefunds: 0, noSales: 0, discounts: 3, overrides: 1 },
      { storeId: 'S001', userId: 'u-c', sales: 50, voids: 0, postVoids: 0, refunds: 5, noReceiptRefunds: 0, noSales: 0, discounts: 0, overrides: 0 },
      { storeId: 'S002', userId: 'u-d', sales: 101, voids: 0, postVoids: 0, refunds: 0, noReceiptRefunds: 0, noSales: 0, discounts: 0, overrides: 0 },
    ]);
  });

  it("names each cashier's worst rate against their store's cashiers, highest first", () => {
    // S001's cashiers together: 270 sales, 5 voids, 2 post-voids, 12 refunds, 2 no-sales, 6 discounts, 2 overrides.
    const ratios = queries.figures().exceptions.map((e) => [e.userId, e.worstRatio, e.worstKind]);
    expect(ratios).toEqual([
      ['u-a', (2 * 270) / (120 * 2), 'no-sale opens'], // 2.25; refunds only (6 · 270) / (120 · 12) = 1.125
      ['u-b', (4 * 270) / (100 * 5), 'voids'], // 2.16
      ['u-c', 0, null], // 50 sales: too few for a ratio, though 5 refunds in 50 is the highest rate
      ['u-d', 0, null], // S002 has no exceptions at all, so no store rate to compare with
    ]);
  });
});

describe('query plans', () => {
  it('starts every query from an index, never a scan of the events table', () => {
    append(times(50, (i) => at(AS_OF - i * HOUR, { user_id: `u-${i % 5}`, user_role: 'cashier', action: i % 3 ? 'pos.sale' : 'pos.refund' })));
    store.refreshStatistics();
    for (const [name, sql] of Object.entries(DASHBOARD_SQL)) {
      const params = Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => AS_OF - DAY);
      const plan = (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((row) => row.detail);
      expect(plan.filter((line) => /^SCAN /.test(line)), `${name}: ${plan.join(' | ')}`).toEqual([]);
      expect(plan.some((line) => /USING (COVERING )?INDEX|INTEGER PRIMARY KEY|PRIMARY KEY/.test(line)), name).toBe(true);
    }
  });
});
