import type { Matrix } from './forest';
import { IForestWorkers, sharedMatrix } from './iforest-workers';
import { scoreMatrix, trainIsolationForest, type Model, type ScoreSummary, type TrainOptions } from './isolation-forest';

/** Below this many rows, training and scoring take less time on the calling thread than starting workers. */
export const IN_THREAD_ROWS = 50_000;

export interface Detection {
  /** With metrics.trainingScores filled in from `scores`. */
  model: Model;
  /** One per row, in row order: 2^(−E[h(x)]/c(maxSamples)), near 1 for anomalies, ≤ 0.5 for ordinary rows. */
  scores: Float64Array;
}

/**
 * Trains a forest on every row and scores the same rows, as scikit-learn's fit followed by
 * score_samples does. Large inputs go to worker threads (training on one, scoring split among all);
 * `workers`, when given, is used and left open.
 */
export async function detectOutliers(matrix: Matrix, options: TrainOptions & { workers?: IForestWorkers } = {}): Promise<Detection> {
  const { workers, ...train } = options;
  if (!workers && matrix.rows < IN_THREAD_ROWS) {
    const model = trainIsolationForest(matrix, train);
    return withSummary(model, scoreMatrix(model, matrix));
  }
  const pool = workers ?? new IForestWorkers();
  try {
    const input = sharedMatrix(matrix);
    const model = await pool.train(input, train);
    return withSummary(model, await pool.score(model, input));
  } finally {
    if (!workers) await pool.close();
  }
}

function withSummary(model: Model, scores: Float64Array): Detection {
  return { model: { ...model, metrics: { ...model.metrics, trainingScores: summarize(scores) } }, scores };
}

/** Nearest-rank percentiles of the scores. */
export function summarize(scores: Float64Array): ScoreSummary {
  const sorted = Float64Array.from(scores).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
  let total = 0;
  for (const score of sorted) total += score;
  return { min: sorted[0]!, mean: total / sorted.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1]! };
}
