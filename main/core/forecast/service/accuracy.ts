import type { ForecastRecords } from './forecast-records';
import { dateOf, type DailySeries } from './sales-series';

export interface TrackedAccuracy {
  days: number;
  mae: number;
  mase: number | null;
  points: { date: string; forecast: number; actual: number }[];
}

const SEASON = 7;

/**
 * Past forecasts against what sold: for each day the history now holds that some run forecast, the
 * forecast made from the latest origin before it (the freshest the store had that morning) and the
 * units sold. MASE scales the MAE by the in-sample MAE of the weekly seasonal naive forecast over the
 * history up to the earliest of those origins (what that forecast could know). Null until a day has matured.
 */
export function trackedAccuracy(records: ForecastRecords, series: DailySeries): TrackedAccuracy | null {
  const last = dateOf(series.firstDay + series.units.length - 1);
  const recorded = records.latestPoints(series.storeId, series.seriesKey, last);
  const points = recorded.flatMap((p) => {
    const i = Math.round(Date.parse(`${p.date}T00:00:00.000Z`) / 86_400_000) - series.firstDay;
    const actual = series.units[i];
    return actual === undefined ? [] : [{ date: p.date, forecast: p.mean, actual, origin: p.origin }];
  });
  if (!points.length) return null;
  const mae = points.reduce((s, p) => s + Math.abs(p.forecast - p.actual), 0) / points.length;
  const earliest = points.reduce((min, p) => (p.origin < min ? p.origin : min), points[0]!.origin);
  const scale = seasonalNaiveMae(series.units.slice(0, Math.round(Date.parse(`${earliest}T00:00:00.000Z`) / 86_400_000) - series.firstDay + 1));
  return { days: points.length, mae, mase: scale > 0 ? mae / scale : null, points: points.map(({ date, forecast, actual }) => ({ date, forecast, actual })) };
}

/** Mean |y_t − y_{t−7}| (lag 1 when the history is shorter than two weeks). */
export function seasonalNaiveMae(y: readonly number[]): number {
  const lag = y.length > 2 * SEASON ? SEASON : 1;
  let sum = 0;
  for (let t = lag; t < y.length; t++) sum += Math.abs(y[t]! - y[t - lag]!);
  return y.length > lag ? sum / (y.length - lag) : 0;
}
