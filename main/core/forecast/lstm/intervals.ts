/**
 * Prediction intervals from empirical errors: the scaled errors (actual − forecast) / scale of
 * out-of-sample forecasts, pooled over series and origins, one distribution per step ahead; a
 * forecast's bounds are its mean plus that step's quantiles times its own scale.
 */
import type { Forecast } from '../types';

/** Steps with fewer errors than this borrow the nearest better-filled earlier step's, widened by √(step ratio). */
export const MIN_ERRORS_PER_STEP = 20;

export interface StepQuantiles {
  /** Per step ahead: the 2.5, 10, 90 and 97.5 % quantiles of the scaled errors. */
  readonly q025: number[];
  readonly q10: number[];
  readonly q90: number[];
  readonly q975: number[];
}

function quantile(sorted: readonly number[], p: number): number {
  const at = p * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/**
 * Per-step quantiles; when no step has enough errors but all steps together do (one short series:
 * three windows), the errors of every step divided by √(step) are pooled and scaled back per step.
 * Null when even the pool is too small.
 */
export function stepQuantiles(errors: readonly number[][]): StepQuantiles | null {
  return perStepQuantiles(errors) ?? pooledQuantiles(errors);
}

function pooledQuantiles(errors: readonly number[][]): StepQuantiles | null {
  const pooled = errors.flatMap((step, k) => step.map((e) => e / Math.sqrt(k + 1))).sort((a, b) => a - b);
  if (pooled.length < MIN_ERRORS_PER_STEP) return null;
  const at = (p: number) => errors.map((_, k) => quantile(pooled, p) * Math.sqrt(k + 1));
  return { q025: at(0.025), q10: at(0.1), q90: at(0.9), q975: at(0.975) };
}

function perStepQuantiles(errors: readonly number[][]): StepQuantiles | null {
  const q: StepQuantiles = { q025: [], q10: [], q90: [], q975: [] };
  let base = -1;
  for (let k = 0; k < errors.length; k++) {
    if (errors[k]!.length >= MIN_ERRORS_PER_STEP) base = k;
    if (base < 0) continue;
    const sorted = [...errors[base]!].sort((a, b) => a - b);
    const widen = Math.sqrt((k + 1) / (base + 1));
    q.q025[k] = quantile(sorted, 0.025) * widen;
    q.q10[k] = quantile(sorted, 0.1) * widen;
    q.q90[k] = quantile(sorted, 0.9) * widen;
    q.q975[k] = quantile(sorted, 0.975) * widen;
  }
  const first = q.q10.findIndex((v) => v !== undefined);
  if (first < 0) return null;
  // Steps before the first well-filled one take its quantiles, narrowed the same way.
  for (let k = 0; k < first; k++) {
    const narrow = Math.sqrt((k + 1) / (first + 1));
    q.q025[k] = q.q025[first]! * narrow;
    q.q10[k] = q.q10[first]! * narrow;
    q.q90[k] = q.q90[first]! * narrow;
    q.q975[k] = q.q975[first]! * narrow;
  }
  return q;
}

/** Bounds never cross the mean (a biased error distribution could put both on one side); non-negative series are floored at 0. */
export function withIntervals(mean: readonly number[], scale: number, q: StepQuantiles, nonNegative: boolean): Forecast {
  const floor = (v: number) => (nonNegative ? Math.max(0, v) : v);
  const at = (k: number, quantiles: number[], side: 1 | -1) => {
    const v = mean[k]! + quantiles[k]! * scale;
    return floor(side < 0 ? Math.min(v, mean[k]!) : Math.max(v, mean[k]!));
  };
  return {
    mean: mean.map(floor),
    lower80: mean.map((_, k) => at(k, q.q10, -1)),
    upper80: mean.map((_, k) => at(k, q.q90, 1)),
    lower95: mean.map((_, k) => Math.min(at(k, q.q025, -1), at(k, q.q10, -1))),
    upper95: mean.map((_, k) => Math.max(at(k, q.q975, 1), at(k, q.q90, 1))),
  };
}
