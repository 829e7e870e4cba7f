import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../rng';
import { backtestPlan } from './backtest';
import { forecastSeries, selectionMeasure } from './select-model';

function weekly(n: number, seed: number): number[] {
  const random = new SeededRandom(seed);
  const profile = [0.86, 0.84, 0.9, 0.96, 1.12, 1.28, 1.04];
  return Array.from({ length: n }, (_, t) => Math.round(40 * profile[t % 7]! * (1 + 0.08 * random.normal())));
}

describe('backtest plan', () => {
  it('rolls the origin back half a window at a time, keeping two seasons to train on', () => {
    expect(backtestPlan(100, 10, 1)).toEqual({ origins: [90, 85, 80], horizon: 10 });
    expect(backtestPlan(48, 24, 12)).toEqual({ origins: [26], horizon: 22 });
    expect(backtestPlan(5, 3, 1)).toEqual({ origins: [], horizon: 0 });
  });
});

describe('forecastSeries', () => {
  it('auto compares every family and the combination and keeps the lowest backtest MASE', () => {
    const result = forecastSeries(weekly(200, 1), 7, 14);
    expect(result.candidates.map((c) => c.name)).toEqual(['snaive', 'ets', 'arima', 'theta', 'prophet', 'combo']);
    const best = Math.min(...result.candidates.map((c) => c.backtest!.mase));
    expect(result.backtest!.mase).toBe(best);
    expect(result.forecast.mean).toHaveLength(14);
    // A clear weekly pattern: the chosen model beats the seasonal naive in the backtest and keeps the Saturday peak.
    expect(result.backtest!.mase).toBeLessThanOrEqual(result.candidates.find((c) => c.name === 'snaive')!.backtest!.mase);
    const saturday = result.forecast.mean[(5 - (200 % 7) + 7) % 7]!;
    expect(saturday).toBe(Math.max(...result.forecast.mean.slice(0, 7)));
  });

  it('orders the bounds and keeps a sales series at or above zero', () => {
    const { forecast } = forecastSeries(weekly(120, 2), 7, 10, 'ets');
    for (let i = 0; i < 10; i++) {
      expect(forecast.lower95[i]).toBeLessThanOrEqual(forecast.lower80[i]!);
      expect(forecast.lower80[i]).toBeLessThanOrEqual(forecast.mean[i]!);
      expect(forecast.mean[i]).toBeLessThanOrEqual(forecast.upper80[i]!);
      expect(forecast.upper80[i]).toBeLessThanOrEqual(forecast.upper95[i]!);
      expect(forecast.lower95[i]).toBeGreaterThanOrEqual(0);
    }
  });

  it('considers Croston, SBA and TSB for an intermittent series', () => {
    const random = new SeededRandom(9);
    const y = Array.from({ length: 300 }, () => (random.next() < 0.25 ? 1 + Math.floor(random.next() * 3) : 0));
    const result = forecastSeries(y, 7, 14);
    expect(result.candidates.map((c) => c.name)).toEqual(expect.arrayContaining(['croston', 'sba', 'tsb']));
    // Chosen by RMSSE: MASE would reward forecasting the zero days.
    expect(selectionMeasure(y)).toBe('rmsse');
    expect(result.backtest!.rmsse).toBe(Math.min(...result.candidates.map((c) => c.backtest!.rmsse)));
    // About 0.25 × 2 units a day on average, not a copy of last week's spikes.
    expect(result.forecast.mean.every((v) => v > 0.2 && v < 1.2)).toBe(true);
  });

  it('forecasts a series too short to backtest with the model asked for', () => {
    const result = forecastSeries([3, 4, 5, 6, 7], 1, 3, 'arima');
    expect(result.plan.origins).toEqual([]);
    expect(result.backtest).toBeNull();
    expect(result.forecast.mean).toHaveLength(3);
  });
});
