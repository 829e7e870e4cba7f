import { seasonalStrength } from '../../decompose';

/** KPSS level-stationarity statistic with a Bartlett long-run variance over trunc(3√n/13) lags (as forecast's ndiffs). */
export function kpssStatistic(x: readonly number[]): number {
  const n = x.length;
  const mu = x.reduce((a, b) => a + b, 0) / n;
  const e = x.map((v) => v - mu);
  let cumulative = 0;
  let eta = 0;
  for (const v of e) {
    cumulative += v;
    eta += cumulative * cumulative;
  }
  eta /= n * n;
  const lags = Math.trunc((3 * Math.sqrt(n)) / 13);
  let s2 = e.reduce((a, v) => a + v * v, 0) / n;
  for (let l = 1; l <= lags; l++) {
    let c = 0;
    for (let t = l; t < n; t++) c += e[t]! * e[t - l]!;
    s2 += (2 * (1 - l / (lags + 1)) * c) / n;
  }
  return s2 > 0 ? eta / s2 : 0;
}

/** The 5 % critical value of the KPSS level test. */
export const KPSS_CRITICAL_5 = 0.463;

const isConstant = (x: readonly number[]) => x.every((v) => v === x[0]);

/** Number of first differences (0–maxD) after which KPSS no longer rejects stationarity at 5 %. */
export function ndiffs(x: readonly number[], maxD = 2): number {
  let d = 0;
  let series = [...x];
  while (d < maxD && series.length > 3 && !isConstant(series) && kpssStatistic(series) > KPSS_CRITICAL_5) {
    series = series.slice(1).map((v, t) => v - series[t]!);
    d++;
  }
  return d;
}

/** The seasonal-strength threshold above which R's nsdiffs takes one seasonal difference. */
export const SEASONAL_STRENGTH_THRESHOLD = 0.64;

/** 1 when the seasonal strength of the series is above 0.64 (R's default "seas" test), otherwise 0. */
export function nsdiffs(x: readonly number[], m: number): number {
  if (m < 2 || x.length < 2 * m + 1 || isConstant(x)) return 0;
  return seasonalStrength(x, m) > SEASONAL_STRENGTH_THRESHOLD ? 1 : 0;
}
