import { afterAll, describe, expect, it } from 'vitest';
import { ForecastWorkers } from './forecast-workers';
import { SeededRandom } from './rng';
import { forecastSeries } from './selection/select-model';

describe('ForecastWorkers', { timeout: 120_000 }, () => {
  const pool = new ForecastWorkers(2);
  afterAll(() => pool.close());

  it('gives every series the same result as forecasting it on this thread, in input order', async () => {
    const random = new SeededRandom(17);
    const series = Array.from({ length: 6 }, (_, k) => Array.from({ length: 120 }, (_, t) => 30 + k * 5 + 6 * Math.sin((2 * Math.PI * t) / 7) + random.normal()));
    const progress: number[] = [];
    const results = await pool.forecastMany(series, { season: 7, horizon: 7, onProgress: (done) => progress.push(done) });
    expect(results).toEqual(series.map((y) => forecastSeries(y, 7, 7)));
    expect(progress[progress.length - 1]).toBe(6);
  });
});
