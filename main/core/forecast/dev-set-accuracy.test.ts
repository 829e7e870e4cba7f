import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEV_SET, evaluateDevSet } from '../../../test/bench/forecast-accuracy';

/**
 * The accuracy bar on the development set (../shared/data/forecast): auto selection's mean
 * MASE no worse than R forecast's auto.arima, and at least as good as R's ets on most series. It is
 * accuracy, not speed, so it is asserted; the table itself is in docs/forecasting.md.
 */
describe.runIf(fs.existsSync(path.join(DEV_SET, 'r_forecast_baselines.csv')))('accuracy on the development set', { timeout: 300_000 }, () => {
  it('auto beats R auto.arima on mean MASE and R ets on most series', () => {
    const results = evaluateDevSet();
    expect(results).toHaveLength(14);
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean(results.map((r) => r.auto))).toBeLessThanOrEqual(mean(results.map((r) => r.r.arima)));
    expect(results.filter((r) => r.auto <= r.r.ets).length).toBeGreaterThan(results.length / 2);
  });
});
