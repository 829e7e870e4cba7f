import { classicalDecomposition } from '../decompose';
import { normalForecast } from '../intervals';
import { acf, lineFit, qnorm } from '../stats';
import type { FittedModel, Forecast } from '../types';
import { type EtsModel, fitEts } from './ets/ets';

/**
 * The standard Theta method as R's `thetaf`: simple exponential smoothing (ETS(A,N,N) by maximum
 * likelihood) plus half the slope of a fitted line as drift, b/2·(h − 1 + (1 − (1 − α)^n)/α). A series
 * whose autocorrelation at lag m is significant at 90 % is seasonally adjusted first by classical
 * multiplicative decomposition, and the forecasts are reseasonalised. Intervals are SES's:
 * σ·√(1 + (h − 1)·α²), scaled by the seasonal index.
 */
export function fitTheta(y: readonly number[], m: number): FittedModel {
  const n = y.length;
  const seasonalIndex = seasonallyTested(y, m) ? classicalDecomposition(y, m, 'multiplicative').seasonal : null;
  const adjusted = seasonalIndex ? y.map((v, t) => v / seasonalIndex[t % m]!) : [...y];
  const ses = fitEts(adjusted, 1, { error: 'A', trend: 'N', season: 'N' }) as EtsModel;
  const alpha = Math.max(1e-10, ses.params.alpha);
  const drift = lineFit(adjusted).slope / 2;
  const index = (i: number) => (seasonalIndex ? seasonalIndex[(n + i) % m]! : 1);
  const pointForecast = (h: number) => ses.pointForecast(h).map((level, i) => (level + drift * (i + (1 - (1 - alpha) ** n) / alpha)) * index(i));
  return {
    family: 'theta',
    description: seasonalIndex ? `Theta (multiplicatively deseasonalised [${m}])` : 'Theta',
    pointForecast,
    forecast(h: number): Forecast {
      const sigma = Math.sqrt(ses.sigma2);
      return normalForecast(pointForecast(h), Array.from({ length: h }, (_, i) => sigma * Math.sqrt(1 + i * alpha * alpha) * index(i)));
    },
    refit: (next) => fitTheta(next, m),
  };
}

/** thetaf's seasonality test: |r_m| above the 90 % bound √((1 + 2 Σ_{k<m} r_k²)/n), positive data, at least two seasons. */
export function seasonallyTested(y: readonly number[], m: number): boolean {
  if (m < 2 || !Number.isInteger(m) || y.length < 2 * m || !y.every((v) => v > 0)) return false;
  const r = acf(y, m);
  let sum = 0;
  for (let k = 1; k < m; k++) sum += r[k]! ** 2;
  const bound = qnorm(0.95) * Math.sqrt((1 + 2 * sum) / y.length);
  return Math.abs(r[m]!) > bound;
}
