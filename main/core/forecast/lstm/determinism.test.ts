import { beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend } from './backend';
import { runPipeline } from './pipeline';
import { weeklySeries } from './test-series';

/** On this thread (the worker runs the same pipeline), so three trainings fit the file's time. */
describe('the global LSTM', { timeout: 30_000 }, () => {
  beforeAll(() => chooseBackend());

  it('gives the same forecasts and backtests for the same inputs and seed, other ones for another seed', () => {
    const series = weeklySeries(6, 60, 11);
    const options = { season: 7, horizons: [7], epochs: 2 };
    const first = runPipeline(series, { ...options, seed: 5 });
    const again = runPipeline(series, { ...options, seed: 5 });
    const other = runPipeline(series, { ...options, seed: 6 });
    expect(again.series).toEqual(first.series);
    expect(again.backtestForecasts).toEqual(first.backtestForecasts);
    expect(other.series[0]!.byHorizon[7]!.forecast.mean).not.toEqual(first.series[0]!.byHorizon[7]!.forecast.mean);
  });
});
