import type { Aggregation } from '../../../../shared/contract/forecast-channels';
import type { Forecast } from '../types';
import { dateOf } from './sales-series';

/** z of the two-sided 80 % and 95 % normal bands. */
const Z80 = 1.2815515655446004;
const Z95 = 1.959963984540054;

/** The first day of the period holding `day` (epoch day): itself, its ISO week's Monday, its month's 1st. */
export function periodStart(day: number, aggregation: Aggregation): number {
  if (aggregation === 'day') return day;
  if (aggregation === 'week') return day - ((day + 3) % 7); // 1970-01-01 was a Thursday
  const date = new Date(day * 86_400_000);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / 86_400_000;
}

/** Units summed per period, oldest first; a period the history only partly covers holds what it covers. */
export function aggregateHistory(firstDay: number, units: readonly number[], aggregation: Aggregation): { date: string; units: number }[] {
  const out: { date: string; units: number }[] = [];
  let current = Number.NaN;
  units.forEach((value, i) => {
    const start = periodStart(firstDay + i, aggregation);
    if (start !== current) {
      out.push({ date: dateOf(start), units: 0 });
      current = start;
    }
    out[out.length - 1]!.units += value;
  });
  return out;
}

export interface ForecastPoint {
  date: string;
  mean: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
}

/**
 * The daily forecast (its first day `firstDay`) summed per period. Means add. Bands: each day's
 * standard deviation is read off its 95 % band (width ÷ 2·1.96), the days' errors are taken as
 * independent so variances add, and the period's bands are its mean ± z·√Σσ², floored at 0. The
 * independence is the limitation: a model's errors on neighbouring days are positively correlated
 * (a level that is off stays off), so the true bands of a week or a month are wider than these.
 */
export function aggregateForecast(firstDay: number, forecast: Forecast, aggregation: Aggregation): ForecastPoint[] {
  if (aggregation === 'day') {
    return forecast.mean.map((mean, i) => ({
      date: dateOf(firstDay + i), mean, lower80: forecast.lower80[i]!, upper80: forecast.upper80[i]!, lower95: forecast.lower95[i]!, upper95: forecast.upper95[i]!,
    }));
  }
  const periods: { date: string; mean: number; variance: number }[] = [];
  let current = Number.NaN;
  forecast.mean.forEach((mean, i) => {
    const start = periodStart(firstDay + i, aggregation);
    if (start !== current) {
      periods.push({ date: dateOf(start), mean: 0, variance: 0 });
      current = start;
    }
    const sd = Math.max(0, forecast.upper95[i]! - forecast.lower95[i]!) / (2 * Z95);
    const period = periods[periods.length - 1]!;
    period.mean += mean;
    period.variance += sd * sd;
  });
  return periods.map(({ date, mean, variance }) => {
    const sd = Math.sqrt(variance);
    return { date, mean, lower80: Math.max(0, mean - Z80 * sd), upper80: mean + Z80 * sd, lower95: Math.max(0, mean - Z95 * sd), upper95: mean + Z95 * sd };
  });
}
