import { normalForecast } from '../intervals';
import type { FittedModel, Forecast } from '../types';

/**
 * Seasonal naive: each step ahead repeats the value one season earlier (plain naive when m is 1 or
 * the series is not longer than a season). Intervals are analytic: with σ² the variance of the
 * in-sample seasonal differences, step h has variance σ²·(⌊(h−1)/m⌋ + 1).
 */
export function fitSeasonalNaive(y: readonly number[], m: number): FittedModel {
  const lag = m > 1 && y.length > m ? Math.round(m) : 1;
  if (y.length === 0) throw new Error('seasonal naive needs at least one observation');
  let sq = 0;
  let count = 0;
  for (let t = lag; t < y.length; t++) {
    sq += (y[t]! - y[t - lag]!) ** 2;
    count++;
  }
  const sigma = count ? Math.sqrt(sq / count) : 0;
  const pointForecast = (h: number) => Array.from({ length: h }, (_, i) => y[y.length - lag + (i % lag)]!);
  return {
    family: 'snaive',
    description: lag > 1 ? `seasonal naive [${lag}]` : 'naive',
    pointForecast,
    forecast(h: number): Forecast {
      const sd = Array.from({ length: h }, (_, i) => sigma * Math.sqrt(Math.floor(i / lag) + 1));
      return normalForecast(pointForecast(h), sd);
    },
    refit: (next) => fitSeasonalNaive(next, m),
  };
}
