import { accuracy, meanAccuracy, type Accuracy } from '../metrics';
import type { FittedModel } from '../types';

/** Where the rolling-origin backtest cuts a series: each origin is a training length, each window `horizon` long. */
export interface BacktestPlan {
  readonly origins: number[];
  readonly horizon: number;
}

/** Backtest windows per series (rolling origin), spaced half a window apart. */
export const BACKTEST_FOLDS = 3;

/**
 * Up to BACKTEST_FOLDS origins ending at the last observation, each leaving at least two seasons
 * (or six points) to train on. The window is the forecast horizon, shortened when the series is
 * too short to hold it. An empty plan means the series is too short to backtest at all.
 */
export function backtestPlan(n: number, h: number, m: number, folds = BACKTEST_FOLDS): BacktestPlan {
  const minTrain = m > 1 ? Math.max(6, 2 * Math.round(m) + 2) : 6;
  const horizon = Math.min(h, n - minTrain);
  if (horizon < 1) return { origins: [], horizon: 0 };
  const step = Math.max(1, Math.floor(horizon / 2));
  const origins: number[] = [];
  for (let k = 0; k < folds; k++) {
    const origin = n - horizon - k * step;
    if (origin < minTrain) break;
    origins.push(origin);
  }
  return { origins, horizon };
}

/** Point forecasts of one model refitted at each origin (one array per origin). */
export function backtestForecasts(model: FittedModel, y: readonly number[], plan: BacktestPlan): number[][] {
  return plan.origins.map((origin) => clampIfNonNegative(y, model.refit(y.slice(0, origin)).pointForecast(plan.horizon)));
}

/** Accuracy of the forecasts at each origin, averaged over the origins. */
export function scoreBacktest(y: readonly number[], plan: BacktestPlan, forecasts: number[][], lag: number): Accuracy {
  return meanAccuracy(plan.origins.map((origin, i) => accuracy(y.slice(0, origin), y.slice(origin, origin + plan.horizon), forecasts[i]!, lag)));
}

/** A series that never went below zero (sales) is not forecast below zero. */
export function clampIfNonNegative(y: readonly number[], values: number[]): number[] {
  return y.every((v) => v >= 0) ? values.map((v) => Math.max(0, v)) : values;
}
