import { quantileSorted, Z80, Z95 } from './stats';
import type { Forecast } from './types';

/** Gaussian intervals around a point forecast, from the forecast's standard deviation at each step. */
export function normalForecast(mean: number[], sd: number[]): Forecast {
  return {
    mean,
    lower80: mean.map((m, i) => m - Z80 * sd[i]!),
    upper80: mean.map((m, i) => m + Z80 * sd[i]!),
    lower95: mean.map((m, i) => m - Z95 * sd[i]!),
    upper95: mean.map((m, i) => m + Z95 * sd[i]!),
  };
}

/** Intervals from simulated paths: paths[k][i] is path k's value i steps ahead. The mean stays the model's own. */
export function simulatedForecast(mean: number[], paths: Float64Array[]): Forecast {
  const h = mean.length;
  const out = { mean, lower80: [] as number[], upper80: [] as number[], lower95: [] as number[], upper95: [] as number[] };
  const column = new Float64Array(paths.length);
  for (let i = 0; i < h; i++) {
    for (let k = 0; k < paths.length; k++) column[k] = paths[k]![i]!;
    column.sort();
    out.lower80.push(quantileSorted(column, 0.1));
    out.upper80.push(quantileSorted(column, 0.9));
    out.lower95.push(quantileSorted(column, 0.025));
    out.upper95.push(quantileSorted(column, 0.975));
  }
  return out;
}

/** Demand cannot go below zero: bounds of a non-negative series are cut at 0. */
export function floorAtZero(forecast: Forecast): Forecast {
  const cut = (values: number[]) => values.map((v) => Math.max(0, v));
  return { mean: cut(forecast.mean), lower80: cut(forecast.lower80), upper80: cut(forecast.upper80), lower95: cut(forecast.lower95), upper95: cut(forecast.upper95) };
}
