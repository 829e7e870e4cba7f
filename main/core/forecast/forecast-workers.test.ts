import { afterAll, describe, expect, it } from 'vitest';
import { ForecastWorkers } from './forecast-workers';
import { SeededRandom } from './rng';
import { forecastSeries } from './selection/select-model';

describe('ForecastWorkers', { timeout: 120_000 }, () => {
  const pool = new ForecastWorkers(2);
  afterAll(() => pool.close());

  it('gives every series the same result as forecasting it on this thread, in input order, dated ones with their days', async () => {
    const random = new SeededRandom(17);
    const series = Array.from({ length: 6 }, (_, k) => Array.from({ length: 120 }, (_, t) => 30 + k * 5 + 6 * Math.sin((2 * Math.PI * t) / 7) + random.normal()));
    const progress: number[] = [];
    // Epoch days: 2025-07-31 + 120 days spans Thanksgiving, one of the Prophet-style model's holidays.
    const firstDays = [null, 20_300, null, 20_300, null, 20_000];
    const results = await pool.forecastMany(series, { season: 7, horizon: 7, firstDays, onProgress: (done) => progress.push(done) });
    const days = (first: number | null) => (first === null ? {} : { days: Array.from({ length: 127 }, (_, d) => first + d) });
    expect(results).toEqual(series.map((y, k) => forecastSeries(y, 7, 7, 'auto', days(firstDays[k] ?? null))));
    expect(progress[progress.length - 1]).toBe(6);
  });
});
