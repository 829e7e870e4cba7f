import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../demo/load';
import { collectDemo, DEMO_END } from '../../demo/testing';
import { AuditStore } from '../../store';
import { tempDir } from '../../store/test-helpers';
import { EXCEPTION_ACTIONS } from './exception-ratios';
import { DASHBOARD_SQL, DashboardQueries, windowsEndingAt, type EventFigures } from './summary-queries';

/** The demo store of docs/demo-data.md, loaded the way the app loads it, into an encrypted file as the app keeps it. */
const OPTIONS = { days: 90, stores: 2, seed: 1, end: DEMO_END };
const KEY = Buffer.alloc(32, 7);
const generated = collectDemo(OPTIONS).events;

let tmp: ReturnType<typeof tempDir>;
let store: AuditStore;
let queries: DashboardQueries;
let figures: EventFigures;
beforeAll(async () => {
  tmp = tempDir();
  store = AuditStore.open(path.join(tmp.dir, 'demo.db'), { key: KEY });
  await loadDemo(store, OPTIONS);
  queries = new DashboardQueries(store.db);
  figures = queries.figures();
});
afterAll(() => {
  store.close();
  tmp.cleanup();
});

const row = (storeId: string, userId: string) => figures.exceptions.find((e) => e.storeId === storeId && e.userId === userId);

describe('the Dashboard on the demo store (90 days × 2 stores)', () => {
  it('puts the two planted cashiers at the top of the exception table, each for their own story', () => {
    expect(figures.exceptions.slice(0, 2).map((e) => `${e.storeId} ${e.userId}`).sort()).toEqual(['S001 u-104', 'S002 u-203']);
    expect(row('S001', 'u-104')).toMatchObject({ worstKind: 'refunds', worstRatio: expect.toSatisfy((r: number) => r >= 2.5) });
    expect(row('S002', 'u-203')).toMatchObject({ worstKind: 'no-sale opens', worstRatio: expect.toSatisfy((r: number) => r >= 2.5) });
    // Half of u-104's refunds have no receipt (the story), far above the colleagues'.
    const u104 = row('S001', 'u-104');
    expect(u104 && u104.noReceiptRefunds / u104.refunds).toBeGreaterThan(0.35);
    const colleagues = figures.exceptions.filter((e) => e.storeId === 'S001' && e.userId !== 'u-104');
    expect(colleagues).toHaveLength(6);
    for (const c of colleagues) expect(c.worstRatio).toBeLessThan(2.5);
  });

  it('agrees with counts made directly from the generated events', () => {
    const asOf = Math.max(...generated.map((e) => Date.parse(String(e.ts))));
    const w = windowsEndingAt(asOf);
    const inWindow = (from: number) => generated.filter((e) => Date.parse(String(e.ts)) >= from);
    expect(figures.asOf).toBe(new Date(asOf).toISOString());
    expect(figures.eventsToday).toBe(inWindow(w.todayFromMs).length);
    expect(figures.eventsThisWeek).toBe(inWindow(w.weekFromMs).length);

    const tally = new Map<string, number>();
    const add = (key: string) => tally.set(key, (tally.get(key) ?? 0) + 1);
    for (const e of inWindow(w.exceptionsFromMs)) {
      if (e.user_role !== 'cashier' || !(EXCEPTION_ACTIONS as readonly string[]).includes(e.action)) continue;
      add(`${e.store_id} ${e.user_id} ${e.action}`);
      if (e.action === 'pos.refund' && e.details?.no_receipt === true) add(`${e.store_id} ${e.user_id} no_receipt`);
    }
    for (const e of figures.exceptions) {
      const n = (what: string) => tally.get(`${e.storeId} ${e.userId} ${what}`) ?? 0;
      expect([e.sales, e.voids, e.postVoids, e.refunds, e.noReceiptRefunds, e.noSales, e.discounts, e.overrides]).toEqual([
        n('pos.sale'), n('pos.void'), n('pos.post_void'), n('pos.refund'), n('no_receipt'), n('pos.no_sale'), n('pos.discount'), n('pos.price_override'),
      ]);
    }
    expect(figures.exceptions).toHaveLength(13);

    const weekUsers = new Map<string, number>();
    for (const e of inWindow(w.weekFromMs)) if (e.user_id) weekUsers.set(e.user_id, (weekUsers.get(e.user_id) ?? 0) + 1);
    expect(figures.topUsers[0]).toEqual({ key: expect.any(String), count: Math.max(...weekUsers.values()) });
    expect(figures.topUsers.map((u) => u.count)).toEqual([...weekUsers.values()].sort((a, b) => b - a).slice(0, 8));
  });

  it('reads through indexes only (and logs how long the whole summary takes)', () => {
    for (const [name, sql] of Object.entries(DASHBOARD_SQL)) {
      const params = Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => Date.parse(figures.asOf ?? '') - 86_400_000);
      const plan = (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((p) => p.detail);
      expect(plan.filter((line) => /^SCAN /.test(line)), `${name}: ${plan.join(' | ')}`).toEqual([]);
    }
    const runs = Array.from({ length: 21 }, () => {
      const started = performance.now();
      queries.figures();
      return performance.now() - started;
    }).sort((a, b) => a - b);
    // A figure for docs/detection.md, not an assertion (benchmarks are never timed tests here).
    console.info(`dashboard summary on the demo store (${generated.length} events): median ${runs[10]?.toFixed(1)} ms, max ${runs[20]?.toFixed(1)} ms`);
  });
});
