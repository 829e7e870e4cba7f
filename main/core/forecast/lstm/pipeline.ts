/**
 * The global LSTM from series to forecasts, on this thread (the worker runs it; tests may too):
 * 1. a backtest model trained only on each series' data before its earliest backtest origin,
 * 2. its forecasts at every origin of `backtestPlan`, scored like the statistical models, and its
 *    scaled errors per step ahead (the intervals),
 * 3. the same network trained on for half as many epochs on all the data, which forecasts.
 */
import { SeededRandom } from '../rng';
import { backtestPlan, clampIfNonNegative, scoreBacktest, type BacktestPlan } from '../selection/backtest';
import { withIntervals, stepQuantiles, type StepQuantiles } from './intervals';
import { createNetwork, predictScaled, train, UNITS, type Network, type TrainPlan } from './network';
import type { LstmSeriesOutput } from './types';
import { WindowPool, type WindowRef, type WindowShape } from './windows';

/** Input window: four weeks of daily data, or two seasons when longer. */
export const WINDOW = 28;
/** Training windows per epoch at most: what keeps 1,000 series × 730 days within minutes on the WASM backend. */
export const MAX_SAMPLES_PER_EPOCH = 16_384;
const MAX_BATCH = 512;
/** Gradient steps the backtest model gets by default, spread over 6 to 30 epochs (each step costs about 0.4 s at a batch of 512 on WASM). */
const TARGET_STEPS = 160;
/** In-sample windows scored for the intervals when the backtests hold too few errors. */
const IN_SAMPLE_WINDOWS = 4096;

export interface PipelineOptions {
  season: number;
  horizons: readonly number[];
  seed: number;
  epochs?: number;
  onProgress?: (done: number, total: number, phase: string) => void;
}

export interface PipelineResult {
  series: LstmSeriesOutput[];
  epochs: number;
  intervalsFrom: 'backtest' | 'in-sample';
  /** Per series, per horizon (in `horizons` order): the backtest model's forecasts at each origin, or null without a backtest. */
  backtestForecasts: (number[][] | null)[][];
}

export function trainPlan(windows: number, epochs: number | undefined): TrainPlan {
  const samplesPerEpoch = Math.max(1, Math.min(MAX_SAMPLES_PER_EPOCH, windows));
  const batchSize = Math.min(MAX_BATCH, Math.max(64, Math.ceil(samplesPerEpoch / 16)));
  const steps = Math.ceil(samplesPerEpoch / batchSize);
  return { samplesPerEpoch, batchSize, epochs: epochs ?? Math.min(30, Math.max(6, Math.ceil(TARGET_STEPS / steps))) };
}

export function runPipeline(series: readonly (readonly number[])[], options: PipelineOptions): PipelineResult {
  const { season, horizons } = options;
  const shape: WindowShape = { length: Math.max(WINDOW, 2 * Math.round(season)), horizon: Math.max(1, ...horizons), season };
  const plans = series.map((y) => horizons.map((h) => backtestPlan(y.length, h, season)));
  const lengths = series.map((y) => y.length);
  const cutoffs = series.map((y, s) => Math.min(y.length, ...plans[s]!.flatMap((p) => p.origins)));
  const backtested = plans.some((byH) => byH.some((p) => p.origins.length > 0));
  const random = new SeededRandom(options.seed);
  const network = createNetwork(shape, options.seed);
  try {
    const firstPool = new WindowPool(series, backtested ? cutoffs : lengths, shape);
    const first = trainPlan(firstPool.total, options.epochs);
    const finalPool = backtested ? new WindowPool(series, lengths, shape) : firstPool;
    const second = backtested ? { ...trainPlan(finalPool.total, undefined), epochs: Math.ceil(first.epochs / 2) } : null;
    const total = first.epochs + (second?.epochs ?? 0) + 2;
    let done = 0;
    const progress = (phase: string) => options.onProgress?.(++done, total, phase);

    train(network, series, backtested ? cutoffs : lengths, firstPool, first, random, () => progress(backtested ? 'backtest training' : 'training'));
    const backtest = backtestAll(network, series, plans, season);
    progress('backtest');
    if (second) train(network, series, lengths, finalPool, second, random, () => progress('final training'));

    let quantiles = stepQuantiles(backtest.errors);
    const intervalsFrom = quantiles ? 'backtest' : 'in-sample';
    quantiles ??= stepQuantiles(scaledErrors(network, series, finalPool.sample(IN_SAMPLE_WINDOWS, random)));
    const description = `LSTM(${UNITS}), ${shape.length}-${season === 7 ? 'day' : 'step'} window, global over ${series.length} series`;
    const finals = forecastAll(network, series, quantiles);
    progress('forecast');
    return {
      series: series.map((_, s) => ({
        description,
        byHorizon: Object.fromEntries(horizons.map((h, i) => [h, { forecast: sliceForecast(finals[s]!, h), backtest: backtest.scores[s]![i]! }])),
      })),
      epochs: first.epochs + (second?.epochs ?? 0),
      intervalsFrom,
      backtestForecasts: backtest.forecasts,
    };
  } finally {
    network.model.dispose();
    network.optimizer.dispose();
  }
}

/** Forecasts at every distinct origin of every series, scored per horizon; errors pooled per step ahead. */
function backtestAll(network: Network, series: readonly (readonly number[])[], plans: BacktestPlan[][], season: number) {
  const refs: WindowRef[] = [];
  const index = new Map<string, number>();
  plans.forEach((byH, s) =>
    byH.forEach((plan) =>
      plan.origins.forEach((end) => {
        if (!index.has(`${s}:${end}`)) index.set(`${s}:${end}`, refs.push({ series: s, end }) - 1);
      }),
    ),
  );
  const { values, scales } = predictScaled(network, series, refs);
  const H = network.shape.horizon;
  const at = (s: number, end: number, steps: number) => {
    const r = index.get(`${s}:${end}`)!;
    return Array.from({ length: steps }, (_, k) => values[r * H + k]! * scales[r]!);
  };
  const forecasts = plans.map((byH, s) => byH.map((plan) => (plan.origins.length ? plan.origins.map((end) => clampIfNonNegative(series[s]!, at(s, end, plan.horizon))) : null)));
  const scores = plans.map((byH, s) => byH.map((plan, i) => (forecasts[s]![i] ? scoreBacktest(series[s]!, plan, forecasts[s]![i]!, season) : null)));
  const errors = errorsPerStep(series, refs, values, scales, H);
  return { forecasts, scores, errors };
}

function errorsPerStep(series: readonly (readonly number[])[], refs: readonly WindowRef[], values: Float32Array, scales: Float32Array, H: number): number[][] {
  const errors: number[][] = Array.from({ length: H }, () => []);
  refs.forEach((ref, r) => {
    const y = series[ref.series]!;
    for (let k = 0; k < H && ref.end + k < y.length; k++) errors[k]!.push(y[ref.end + k]! / scales[r]! - values[r * H + k]!);
  });
  return errors;
}

/** In-sample scaled errors of the trained network on windows it may have seen: narrower than honest ones, used only when backtests are lacking. */
function scaledErrors(network: Network, series: readonly (readonly number[])[], refs: readonly WindowRef[]): number[][] {
  const { values, scales } = predictScaled(network, series, refs);
  return errorsPerStep(series, refs, values, scales, network.shape.horizon);
}

interface FinalForecast {
  mean: number[];
  scale: number;
  nonNegative: boolean;
  zero: boolean;
}

function forecastAll(network: Network, series: readonly (readonly number[])[], quantiles: StepQuantiles | null) {
  const refs = series.map((y, s) => ({ series: s, end: y.length }));
  const { values, scales } = predictScaled(network, series, refs);
  const H = network.shape.horizon;
  return series.map((y, s) => {
    const final: FinalForecast = {
      mean: Array.from({ length: H }, (_, k) => values[s * H + k]! * scales[s]!),
      scale: scales[s]!,
      nonNegative: y.every((v) => v >= 0),
      // A series that never sold has nothing to scale: it stays at zero, bounds included.
      zero: y.every((v) => v === 0),
    };
    return { final, quantiles };
  });
}

function sliceForecast({ final, quantiles }: { final: FinalForecast; quantiles: StepQuantiles | null }, h: number) {
  const mean = final.zero ? new Array<number>(h).fill(0) : final.mean.slice(0, h);
  if (!quantiles || final.zero) return { mean: [...mean], lower80: [...mean], upper80: [...mean], lower95: [...mean], upper95: [...mean] };
  return withIntervals(mean, final.scale, quantiles, final.nonNegative);
}
