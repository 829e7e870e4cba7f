import { quantileSorted } from '../stats';
import type { FittedModel, Forecast } from '../types';

/**
 * Methods for intermittent demand (many zero periods). Croston smooths the non-zero sizes and the
 * intervals between them separately and forecasts size / interval; SBA multiplies that by (1 − α/2)
 * to remove Croston's bias; TSB smooths the probability of demand every period instead of the
 * interval, so an item that stops selling fades out. Their forecasts are flat. Intervals are the
 * quantiles of the one-period demand distribution the model implies: zero with probability 1 − p,
 * otherwise a past non-zero size rescaled to the current size estimate (empirical, not Gaussian).
 */
export type IntermittentMethod = 'croston' | 'sba' | 'tsb';

/** Average demand interval above which a series counts as intermittent (Syntetos–Boylan's 1.32). */
export const ADI_THRESHOLD = 1.32;

export function averageDemandInterval(y: readonly number[]): number {
  const nonZero = y.filter((v) => v !== 0).length;
  return nonZero ? y.length / nonZero : Infinity;
}

export const isIntermittent = (y: readonly number[]) => y.every((v) => v >= 0) && averageDemandInterval(y) > ADI_THRESHOLD;

interface Estimate {
  size: number;
  probability: number;
  mse: number;
}

/** Croston's two smoothings (sizes and intervals), with α for both; the in-sample MSE of the one-step forecasts. */
export function croston(y: readonly number[], alpha: number): Estimate {
  const first = y.findIndex((v) => v > 0);
  if (first < 0) return { size: 0, probability: 0, mse: 0 };
  let size = y[first]!;
  let interval = first + 1;
  let since = 0;
  let sq = 0;
  for (let t = first + 1; t < y.length; t++) {
    since++;
    const e = y[t]! - size / interval;
    sq += e * e;
    if (y[t]! > 0) {
      size += alpha * (y[t]! - size);
      interval += alpha * (since - interval);
      since = 0;
    }
  }
  return { size, probability: 1 / interval, mse: sq / Math.max(1, y.length - first - 1) };
}

/** TSB: the size smoothed on demand periods with α, the demand probability every period with β. */
export function tsb(y: readonly number[], alpha: number, beta: number): Estimate {
  const first = y.findIndex((v) => v > 0);
  if (first < 0) return { size: 0, probability: 0, mse: 0 };
  let size = y[first]!;
  let probability = 1 / (first + 1);
  let sq = 0;
  for (let t = first + 1; t < y.length; t++) {
    const e = y[t]! - size * probability;
    sq += e * e;
    const occurred = y[t]! > 0 ? 1 : 0;
    probability += beta * (occurred - probability);
    if (occurred) size += alpha * (y[t]! - size);
  }
  return { size, probability, mse: sq / Math.max(1, y.length - first - 1) };
}

const GRID = [0.05, 0.1, 0.2, 0.3];

/** Fits the method, choosing its smoothing constants from a small grid by in-sample MSE (Croston and SBA keep the classic α = 0.1). */
export function fitIntermittent(y: readonly number[], method: IntermittentMethod): FittedModel {
  let estimate: Estimate;
  let label: string;
  if (method === 'tsb') {
    let best: { e: Estimate; alpha: number; beta: number } | null = null;
    for (const alpha of GRID) for (const beta of GRID) {
      const e = tsb(y, alpha, beta);
      if (!best || e.mse < best.e.mse) best = { e, alpha, beta };
    }
    estimate = best!.e;
    label = `TSB (α=${best!.alpha}, β=${best!.beta})`;
  } else {
    estimate = croston(y, 0.1);
    if (method === 'sba') estimate = { ...estimate, probability: estimate.probability * (1 - 0.1 / 2) };
    label = method === 'sba' ? 'SBA (α=0.1)' : 'Croston (α=0.1)';
  }
  const level = estimate.size * estimate.probability;
  const sizes = y.filter((v) => v > 0);
  const sizeMean = sizes.length ? sizes.reduce((a, b) => a + b, 0) / sizes.length : 0;
  // Past sizes rescaled so their mean is the current size estimate.
  const scaled = sizes.map((v) => (sizeMean > 0 ? (v * estimate.size) / sizeMean : 0)).sort((a, b) => a - b);
  const p = Math.min(1, estimate.probability);
  const q = (level: number) => (level <= 1 - p || scaled.length === 0 ? 0 : quantileSorted(scaled, (level - (1 - p)) / p));
  const pointForecast = (h: number) => new Array<number>(h).fill(level);
  return {
    family: 'croston',
    description: label,
    pointForecast,
    forecast(h: number): Forecast {
      const flat = (v: number) => new Array<number>(h).fill(v);
      return { mean: pointForecast(h), lower80: flat(q(0.1)), upper80: flat(q(0.9)), lower95: flat(q(0.025)), upper95: flat(q(0.975)) };
    },
    refit: (next) => fitIntermittent(next, method),
  };
}
