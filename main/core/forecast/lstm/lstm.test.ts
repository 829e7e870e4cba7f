import { describe, expect, it } from 'vitest';
import { backtestPlan, scoreBacktest } from '../selection/backtest';
import { runGlobalLstm } from './index';
import { weeklySeries } from './test-series';

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** The plain mean of the history at each origin: the bar a model that learned anything must clear. */
function meanForecastMase(y: number[], h: number): number {
  const plan = backtestPlan(y.length, h, 7);
  return scoreBacktest(y, plan, plan.origins.map((o) => new Array<number>(plan.horizon).fill(mean(y.slice(0, o)))), 7).mase;
}

describe('runGlobalLstm', { timeout: 30_000 }, () => {
  it('learns a weekly pattern shared by many series, beats the plain mean on backtest, and still forecasts a series too short to backtest and one of zeros', async () => {
    const series = weeklySeries(12, 84);
    const short = [5, 6, 4, 7, 5];
    const phases = new Set<string>();
    let last = { done: 0, total: 0 };
    const zeros = new Array<number>(84).fill(0);
    const result = await runGlobalLstm([...series, short, zeros], {
      season: 7,
      horizons: [7, 14],
      epochs: 3,
      onProgress: (done, total, phase) => {
        phases.add(phase);
        last = { done, total };
      },
    });
    expect(['wasm', 'cpu', 'tensorflow']).toContain(result.backend);
    expect(result.epochs).toBe(3 + 2);
    expect([...phases]).toEqual(['backtest training', 'backtest', 'final training', 'forecast']);
    expect(last.done).toBe(last.total);

    const lstm = series.map((_, s) => result.series[s]!.byHorizon[7]!.backtest!.mase);
    const plain = series.map((y) => meanForecastMase(y, 7));
    expect(mean(lstm)).toBeLessThan(0.6 * mean(plain));
    expect(result.series[0]!.description).toBe('LSTM(32), 28-day window, global over 14 series');

    // Day 84 is a Monday-like position 0 (low), day 89 the Saturday peak: the forecast keeps the shape.
    const f = result.series[11]!.byHorizon[7]!.forecast;
    expect(f.mean.indexOf(Math.max(...f.mean))).toBe(5);
    expect(f.mean.indexOf(Math.min(...f.mean))).toBe(6);
    for (let k = 0; k < 7; k++) expect(f.lower95[k]! <= f.lower80[k]! && f.lower80[k]! <= f.mean[k]! && f.mean[k]! <= f.upper80[k]! && f.upper80[k]! <= f.upper95[k]!).toBe(true);
    expect(result.series[11]!.byHorizon[14]!.forecast.mean).toHaveLength(14);

    const tooShort = result.series[12]!;
    expect(tooShort.byHorizon[7]!.backtest).toBeNull();
    expect(tooShort.byHorizon[14]!.backtest).toBeNull();
    expect(tooShort.byHorizon[7]!.forecast.mean).toHaveLength(7);
    for (const v of tooShort.byHorizon[7]!.forecast.mean) expect(v).toBeGreaterThanOrEqual(0);
    expect(mean(tooShort.byHorizon[7]!.forecast.mean)).toBeGreaterThan(2);
    expect(mean(tooShort.byHorizon[7]!.forecast.mean)).toBeLessThan(12);
    // A SKU that never sold stays at zero, bounds and all.
    const never = result.series[13]!.byHorizon[7]!.forecast;
    expect([...never.mean, ...never.lower95, ...never.upper95]).toEqual(new Array<number>(21).fill(0));
  });
});
