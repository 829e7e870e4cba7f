import { afterEach, describe, expect, it } from 'vitest';
import type { PushedPayload } from '../../../../shared/contract';
import { forecastTestbed, weekly } from './test-sales';

let bed: ReturnType<typeof forecastTestbed> | null = null;
afterEach(async () => {
  const closing = bed;
  bed = null;
  await closing?.close();
});
const open = (...args: Parameters<typeof forecastTestbed>) => (bed = forecastTestbed(...args));

describe('ForecastService: series', () => {
  it('reads each store × SKU from the store’s first day to the history’s last, missing days 0, and category totals', () => {
    const t = open();
    t.sell('S1', 'A', '2026-01-01', '2026-01-10', (i) => (i === 3 || i === 4 ? null : i + 1));
    t.sell('S1', 'C', '2026-01-05', '2026-01-06', () => 2);
    t.sell('S2', 'B', '2026-01-08', '2026-01-12', () => 1);
    const s1 = t.service.sales.storeSeries('S1');
    expect(s1.map((s) => s.seriesKey)).toEqual(['sku:A', 'sku:C', 'category:Fruit', 'category:Pantry']);
    const a = s1[0]!;
    expect(a.units).toEqual([1, 2, 3, 0, 0, 6, 7, 8, 9, 10, 0, 0]);
    expect(s1[1]!.units).toEqual([0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 0, 0]);
    expect(t.service.sales.storeSeries('S2')[0]).toMatchObject({ name: 'Bananas', units: [1, 1, 1, 1, 1] });
    expect(() => t.service.sales.series({ storeId: 'S9', sku: 'A' })).toThrow(/no sales history for store S9/);
    expect(() => t.service.sales.series({ storeId: 'S2', sku: 'A' })).toThrow(/S2 has no sales of SKU A/);
  });

  it('says to import sales or load the demo when there is no history', async () => {
    const t = open();
    await expect(t.service.run({ lstm: false })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/import sales.*load the demo/) });
    expect(() => t.queries.atRisk({ limit: 10 })).toThrow(/import sales/);
  });
});

describe('ForecastService: runs and the cache', () => {
  it('trains every series at horizon 30, caches it, pushes progress, joins a run in progress, marks changed sales stale; other horizons on demand', { timeout: 180_000 }, async () => {
    const t = open();
    t.sell('S1', 'A', '2026-01-25', '2026-02-27', weekly(10));
    const first = t.service.run({ lstm: false });
    expect(t.service.run({ lstm: false })).toBe(first);
    const run = await first;
    expect(run).toMatchObject({ state: 'completed', done: 2, total: 2, failure: null, lstm: { trained: false } });
    const progress = t.pushed.filter((p) => p.event === 'job.progress').map((p) => p.payload as PushedPayload<'job.progress'>);
    expect(progress.every((p) => p.kind === 'forecast')).toBe(true);
    expect(progress.at(-1)).toMatchObject({ finished: true, done: 2, total: 2 });
    expect(t.service.isStale()).toBe(false);
    expect(t.queries.catalog()).toMatchObject({ stores: ['S1'], skus: [{ sku: 'A', name: 'Apples', category: 'Fruit' }], categories: ['Fruit'], firstDate: '2026-01-25', lastDate: '2026-02-27', lastRun: run });

    const key = { storeId: 'S1', sku: 'A' };
    const series = await t.queries.series({ key, horizon: 30, aggregation: 'day' });
    expect(series).toMatchObject({ name: 'Apples', horizon: 30, stale: false, trainedAt: '2026-03-01T12:00:00.000Z', accuracy: null, inventory: null });
    expect(series.forecast).toHaveLength(30);
    expect(series.forecast[0]!.date).toBe('2026-02-28');
    expect(series.history).toHaveLength(34);
    expect(series.models.filter((m) => m.chosen)).toHaveLength(1);
    expect(series.models.find((m) => m.chosen)?.name).toBe(series.model);

    t.sell('S1', 'A', '2026-02-28', '2026-02-28', () => 11);
    expect(t.service.isStale()).toBe(true);
    const stale = await t.queries.series({ key, horizon: 30, aggregation: 'day' });
    expect(stale).toMatchObject({ stale: true, trainedAt: series.trainedAt });
    // The stale answer scheduled a run; it is the one a caller now joins.
    expect(t.service.running).toBe(true);
    expect(await t.service.run({ lstm: false })).toMatchObject({ state: 'completed', total: 2 });
    const fresh = await t.queries.series({ key, horizon: 30, aggregation: 'day' });
    expect(fresh).toMatchObject({ stale: false });
    expect(fresh.forecast[0]!.date).toBe('2026-03-01');

    // A horizon outside the schedule: this one series, in a worker, then from the cache.
    const seven = await t.queries.series({ key, horizon: 7, aggregation: 'day' });
    expect(seven.forecast).toHaveLength(7);
    expect(t.service.records.results(7).map((r) => r.seriesKey)).toEqual(['sku:A']);
    const trainedAt = t.service.records.result('S1', 'sku:A', 7)!.trainedAt;
    expect((await t.queries.series({ key, horizon: 7, aggregation: 'day' })).forecast).toEqual(seven.forecast);
    expect(t.service.records.result('S1', 'sku:A', 7)!.trainedAt).toBe(trainedAt);

    // Week and month: the history summed per ISO week (from Monday) and month, the forecast means summed.
    const week = await t.queries.series({ key, horizon: 7, aggregation: 'week' });
    // 2026-01-25 is a Sunday: its week began on Monday 2026-01-19 and holds one day of history.
    expect(week.history[0]).toEqual({ date: '2026-01-19', units: weekly(10)(0) });
    expect(week.forecast.map((p) => p.date)).toEqual(['2026-02-23', '2026-03-02']);
    expect(week.forecast[1]!.mean).toBeCloseTo(seven.forecast.slice(1).reduce((s, p) => s + p.mean, 0), 6);
    const month = await t.queries.series({ key, horizon: 7, aggregation: 'month' });
    expect(month.history.map((h) => h.date)).toEqual(['2026-01-01', '2026-02-01']);
    expect(month.history[0]!.units + month.history[1]!.units).toBe(week.history.reduce((s, h) => s + h.units, 0));
    expect(month.forecast.map((p) => p.date)).toEqual(['2026-03-01']);
    expect(t.pools).toBe(1);
  });
});
