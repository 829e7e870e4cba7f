import { afterEach, describe, expect, it } from 'vitest';
import { seasonalNaiveMae } from './accuracy';
import type { CachedResult } from './forecast-records';
import { forecastTestbed, weekly } from './test-sales';

let bed: ReturnType<typeof forecastTestbed> | null = null;
afterEach(async () => {
  const closing = bed;
  bed = null;
  await closing?.close();
});
const open = () => (bed = forecastTestbed());

/** A horizon-30 result as a run would cache it, with a flat forecast of `perDay`. */
function cached(storeId: string, sku: string, perDay: number, version: string): CachedResult {
  const mean = new Array<number>(30).fill(perDay);
  return {
    storeId, seriesKey: `sku:${sku}`, horizon: 30, dataVersion: version, origin: '2026-02-27', trainedAt: '2026-03-01T12:00:00.000Z', model: 'snaive', description: 'seasonal naive',
    forecast: { mean, lower80: mean, upper80: mean, lower95: mean, upper95: mean }, models: [], selection: 'mase',
  };
}

describe('forecast.atRisk', () => {
  it('lists SKUs with a count, soonest stock-out first, with cover, risk and turnover', () => {
    const t = open();
    for (const [store, sku] of [['S1', 'A'], ['S1', 'B'], ['S1', 'C'], ['S2', 'A']] as const) t.sell(store, sku, '2026-02-01', '2026-02-27', () => 2);
    const version = t.service.sales.dataVersion();
    t.service.records.saveResult(cached('S1', 'A', 2, version)); // 10 on hand: out on day 6 → stockout
    t.service.records.saveResult(cached('S1', 'B', 1, version)); // 12 on hand: out on day 13 → low
    t.service.records.saveResult(cached('S1', 'C', 0, version)); // nothing expected to sell → ok, no date
    t.service.records.saveResult(cached('S2', 'A', 2, version)); // 100 on hand: out on day 51 → ok
    t.store.stock.upsertSnapshots([
      { store_id: 'S1', sku: 'A', date: '2026-02-20', on_hand: 30 },
      { store_id: 'S1', sku: 'A', date: '2026-02-27', on_hand: 10 },
      { store_id: 'S1', sku: 'B', date: '2026-02-27', on_hand: 12 },
      { store_id: 'S1', sku: 'C', date: '2026-02-27', on_hand: 5 },
      { store_id: 'S2', sku: 'A', date: '2026-02-27', on_hand: 100 },
    ]);
    const rows = t.queries.atRisk({ limit: 50 });
    expect(rows.map((r) => [r.storeId, r.sku, r.risk, r.stockoutDate])).toEqual([
      ['S1', 'A', 'stockout', '2026-03-05'],
      ['S1', 'B', 'low', '2026-03-12'],
      ['S2', 'A', 'ok', '2026-04-19'],
      ['S1', 'C', 'ok', null],
    ]);
    // 54 units sold in the last 365 days over the average of the two counts, (30 + 10) / 2.
    expect(rows[0]).toMatchObject({ name: 'Apples', category: 'Fruit', onHand: 10, countedOn: '2026-02-27', dailyDemand: 2, daysOfCover: 5, turnover: 54 / 20 });
    expect(rows[3]!.daysOfCover).toBeNull();
    expect(t.queries.atRisk({ storeId: 'S2', limit: 50 }).map((r) => r.sku)).toEqual(['A']);
    expect(t.queries.atRisk({ limit: 1 })).toHaveLength(1);
    expect(() => t.queries.atRisk({ storeId: 'S9', limit: 5 })).toThrow(/no sales history for store S9/);
  });

  it('retrains after a completed sales import that changed the sales, not after a stock import', () => {
    const t = open();
    t.sell('S1', 'A', '2026-02-01', '2026-02-27', () => 2);
    const job = (kind: string, state: string) => ({ jobId: 'j', owner: 'o', kind, fileName: 'f.csv', state, startedAt: '', progress: {}, result: null }) as never;
    t.bus.publish('imports.job', job('stock', 'completed'));
    t.bus.publish('imports.job', job('sales', 'running'));
    expect(t.service.running).toBe(false);
    t.bus.publish('imports.job', job('sales', 'completed'));
    expect(t.service.running).toBe(true);
  });
});

describe('accuracy tracking', () => {
  it('holds the forecasts a run made against the days that have since sold', { timeout: 120_000 }, async () => {
    const t = open();
    const units = weekly(10);
    t.sell('S1', 'A', '2026-01-25', '2026-02-20', units);
    const key = { storeId: 'S1', sku: 'A' };
    await t.service.run({ lstm: false });
    expect((await t.queries.series({ key, horizon: 30, aggregation: 'day' })).accuracy).toBeNull();
    const made = t.service.records.latestPoints('S1', 'sku:A', '2026-02-27');
    expect(made.map((p) => p.date)).toEqual(['2026-02-21', '2026-02-22', '2026-02-23', '2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27']);

    // Seven more days sell (day indexes 27–33 of the same pattern).
    t.sell('S1', 'A', '2026-02-21', '2026-02-27', (i) => units(27 + i));
    const { accuracy, stale } = await t.queries.series({ key, horizon: 30, aggregation: 'day' });
    expect(stale).toBe(true);
    const actual = Array.from({ length: 7 }, (_, i) => units(27 + i));
    expect(accuracy!.points).toEqual(made.map((p, i) => ({ date: p.date, forecast: p.mean, actual: actual[i] })));
    const mae = made.reduce((s, p, i) => s + Math.abs(p.mean - actual[i]!), 0) / 7;
    expect(accuracy!.days).toBe(7);
    expect(accuracy!.mae).toBeCloseTo(mae, 9);
    const history = Array.from({ length: 27 }, (_, i) => units(i));
    expect(accuracy!.mase).toBeCloseTo(mae / seasonalNaiveMae(history), 9);
  });
});
