import { beforeAll, describe, expect, it } from 'vitest';
import { backtestPlan } from '../selection/backtest';
import { chooseBackend } from './backend';
import { runPipeline } from './pipeline';
import { weeklySeries } from './test-series';

/**
 * The backtest model must not have seen any series past its earliest backtest origin. Two data sets
 * that agree up to that origin and differ wildly after it (a twenty-fold jump in one series' last
 * days) must then give identical backtest forecasts at every origin before the jump: any leak into
 * the shared network's training would change its weights and so every one of them.
 */
describe('the LSTM backtest', { timeout: 30_000 }, () => {
  beforeAll(() => chooseBackend());

  it('is trained only on data before the earliest origin: a later level shift changes nothing before it', () => {
    const days = 70;
    const horizons = [7, 14];
    const plain = weeklySeries(6, days, 21);
    const shifted = plain.map((y, s) => (s === 0 ? y.map((v, t) => (t >= days - 20 ? v * 20 : v)) : y));
    const options = { season: 7, horizons, seed: 1, epochs: 2 };
    const a = runPipeline(plain, options);
    const b = runPipeline(shifted, options);

    const plan14 = backtestPlan(days, 14, 7);
    expect(plan14.origins).toEqual([56, 49, 42]);
    // Origins 49 and 42 see only history before the jump at day 50 (in every series).
    for (let s = 0; s < plain.length; s++) {
      expect(b.backtestForecasts[s]![1]![1]).toEqual(a.backtestForecasts[s]![1]![1]);
      expect(b.backtestForecasts[s]![1]![2]).toEqual(a.backtestForecasts[s]![1]![2]);
    }
    // The jump is real to the final model, which has seen it.
    const finalA = a.series[0]!.byHorizon[7]!.forecast.mean;
    const finalB = b.series[0]!.byHorizon[7]!.forecast.mean;
    expect(Math.min(...finalB.map((v, k) => v / finalA[k]!))).toBeGreaterThan(5);
  });
});
