import { afterEach, describe, expect, it } from 'vitest';
import type { Forecast } from '../types';
import type { RunGlobalLstm } from './lstm-bridge';
import { forecastTestbed, weekly } from './test-sales';

let bed: ReturnType<typeof forecastTestbed> | null = null;
afterEach(async () => {
  const closing = bed;
  bed = null;
  await closing?.close();
});

const flat = (value: number, h: number): Forecast => {
  const v = new Array<number>(h).fill(value);
  return { mean: v, lower80: v, upper80: v, lower95: v, upper95: v };
};
const accuracy = (score: number) => ({ mase: score, rmsse: score, mae: score, rmse: score, mape: score });

/** An LSTM stand-in that scores `score` on every backtest and forecasts 7 units a day. */
const fakeLstm = (score: number | Error): RunGlobalLstm => async (series, options) => {
  if (score instanceof Error) throw score;
  return {
    series: series.map(() => ({ description: 'LSTM(test)', byHorizon: Object.fromEntries(options.horizons.map((h) => [h, { forecast: flat(7, h), backtest: accuracy(score) }])) })),
    backend: 'cpu', trainMs: 12.4, epochs: 3, note: null,
  };
};

describe('the global LSTM in a run', () => {
  it('joins the model table of each SKU series and wins only with a better backtest on the selection measure; a failure leaves the statistical results', { timeout: 180_000 }, async () => {
    let lstm = fakeLstm(0.0001);
    const t = (bed = forecastTestbed({ lstm: (...args) => lstm(...args) }));
    t.sell('S1', 'A', '2026-02-01', '2026-02-27', weekly(10));
    const key = { storeId: 'S1', sku: 'A' };
    const run = await t.service.run({ lstm: true });
    expect(run).toMatchObject({ state: 'completed', lstm: { trained: true, backend: 'cpu', trainMs: 12, note: null } });
    const won = await t.queries.series({ key, horizon: 30, aggregation: 'day' });
    expect(won).toMatchObject({ model: 'lstm', description: 'LSTM(test)' });
    expect(won.forecast.every((p) => p.mean === 7)).toBe(true);
    expect(won.models.filter((m) => m.chosen).map((m) => m.name)).toEqual(['lstm']);
    // The category total is not the LSTM's (it trains on SKU series only).
    const fruit = await t.queries.series({ key: { storeId: 'S1', category: 'Fruit' }, horizon: 30, aggregation: 'day' });
    expect(fruit.models.map((m) => m.name)).not.toContain('lstm');
    // An on-demand horizon compares with the LSTM's forecast for that horizon too.
    const week = await t.queries.series({ key, horizon: 7, aggregation: 'day' });
    expect(week).toMatchObject({ model: 'lstm' });
    expect(week.forecast).toHaveLength(7);

    lstm = fakeLstm(1e9);
    await t.service.run({ lstm: true });
    const lost = await t.queries.series({ key, horizon: 30, aggregation: 'day' });
    expect(lost.model).not.toBe('lstm');
    expect(lost.models.find((m) => m.name === 'lstm')).toMatchObject({ chosen: false, backtest: { mase: 1e9 } });

    lstm = fakeLstm(new Error('no backend'));
    const failed = await t.service.run({ lstm: true });
    expect(failed).toMatchObject({ state: 'completed', lstm: { trained: false, note: 'The LSTM did not train: no backend' } });
    expect((await t.queries.series({ key, horizon: 30, aggregation: 'day' })).models.map((m) => m.name)).not.toContain('lstm');
  });

  it('gives an on-demand horizon computed before the LSTM had trained its row once it has', { timeout: 180_000 }, async () => {
    const t = (bed = forecastTestbed({ lstm: fakeLstm(0.0001) }));
    t.sell('S1', 'A', '2026-02-01', '2026-02-27', weekly(10));
    const key = { storeId: 'S1', sku: 'A' };
    await t.service.run({ lstm: false });
    const before = await t.queries.series({ key, horizon: 7, aggregation: 'day' });
    expect(before.models.map((m) => m.name)).not.toContain('lstm');
    // The same sales, now with the LSTM: the cached 7-day result gains its row, and the LSTM wins it.
    await t.service.run({ lstm: true });
    const after = await t.queries.series({ key, horizon: 7, aggregation: 'day' });
    expect(after).toMatchObject({ model: 'lstm', description: 'LSTM(test)' });
    expect(after.models.filter((m) => m.chosen).map((m) => m.name)).toEqual(['lstm']);
    expect(after.forecast.every((p) => p.mean === 7)).toBe(true);
  });
});
