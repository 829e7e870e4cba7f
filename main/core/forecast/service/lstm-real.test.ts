import { afterEach, describe, expect, it } from 'vitest';
import { forecastTestbed, weekly } from './test-sales';

let bed: ReturnType<typeof forecastTestbed> | null = null;
afterEach(async () => {
  const closing = bed;
  bed = null;
  await closing?.close();
});

describe('the real global LSTM (main/core/forecast/lstm) in a run', () => {
  it('trains over the SKU series and adds its candidate with a backtest', { timeout: 240_000 }, async () => {
    const t = (bed = forecastTestbed({ lstmEpochs: 2 }));
    t.sell('S1', 'A', '2026-01-01', '2026-02-27', weekly(10));
    t.sell('S1', 'B', '2026-01-01', '2026-02-27', weekly(4));
    const run = await t.service.run({ lstm: true });
    expect(run.state).toBe('completed');
    expect(run.lstm).toMatchObject({ trained: true, backend: expect.any(String), trainMs: expect.any(Number) });
    for (const sku of ['A', 'B']) {
      const series = await t.queries.series({ key: { storeId: 'S1', sku }, horizon: 30, aggregation: 'day' });
      const lstm = series.models.find((m) => m.name === 'lstm');
      expect(lstm?.description).toMatch(/LSTM/);
      expect(series.models.filter((m) => m.chosen)).toHaveLength(1);
      expect(series.forecast).toHaveLength(30);
    }
    expect(t.service.records.lstm('S1', 'sku:A', 90, t.service.sales.dataVersion())?.forecast.mean).toHaveLength(90);
  });
});
