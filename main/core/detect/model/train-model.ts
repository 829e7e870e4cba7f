import { summarize } from '../detect-outliers';
import { FEATURE_NAMES } from '../features';
import type { Matrix } from '../forest';
import { sharedMatrix, type IForestWorkers } from '../iforest-workers';
import { checkColumns, DEFAULT_MAX_SAMPLES, DEFAULT_TREES } from '../isolation-forest';
import { scoreRange } from '../score-kernel';
import { addAttributions, meanOf } from './attribution';
import type { ModelRecord, TrainedOn } from './model-records';
import { Pacer } from './pacer';

/** Share of a store's ordinary events the threshold lets through as findings (0.1 %: about one a day in a demo store). */
export const CONTAMINATION = 0.001;
/** Scores at or below 0.5 are ordinary by construction, so the threshold never goes under it. */
export const THRESHOLD_FLOOR = 0.5;
/**
 * Each false positive is copied into this share of the training rows: about 2.5 copies in every
 * tree's 256-row subsample, so its region of the feature space reads as ordinary.
 */
export const FALSE_POSITIVE_SHARE = 0.01;
/** …but never more than this share, however many there are. */
export const FALSE_POSITIVE_CAP = 0.25;
/** Rows of the typical-attribution estimate (a sample of the training rows). */
const ATTRIBUTION_ROWS = 1024;
/** Rows scored, or attributed, between two looks at the pacer. */
const PACE_ROWS = 512;

export interface TrainingSet {
  /** Sampled rows, row-major, confirmed incidents already left out. */
  data: Float64Array;
  seqs: number[];
  /** Feature rows of events people marked false positive. */
  falsePositives: Float64Array[];
  confirmedExcluded: number;
}

export interface TrainRequest {
  version: string;
  storeId: string | null;
  stores: string[];
  events: number;
  lastTsMs: number;
  feedbackHash: string;
  reason: string;
  seed: number;
  trainedAt: string;
}

/** Copies per false positive: FALSE_POSITIVE_SHARE of the rows each (at least 4), all of them together at most FALSE_POSITIVE_CAP. */
export function falsePositiveCopies(rows: number, falsePositives: number): number {
  if (falsePositives === 0) return 0;
  const wanted = Math.max(4, Math.ceil(FALSE_POSITIVE_SHARE * rows));
  return Math.max(1, Math.min(wanted, Math.floor((FALSE_POSITIVE_CAP * rows) / falsePositives)));
}

/** The training matrix: the sample, then each false positive repeated `copies` times (on a SharedArrayBuffer). */
export function trainingMatrix(set: TrainingSet, cols: number): { matrix: Matrix; copies: number } {
  const rows = set.seqs.length;
  const copies = falsePositiveCopies(rows, set.falsePositives.length);
  const total = rows + copies * set.falsePositives.length;
  const data = new Float64Array(new SharedArrayBuffer(total * cols * 8));
  data.set(set.data.subarray(0, rows * cols));
  let at = rows * cols;
  for (const row of set.falsePositives) {
    for (let k = 0; k < copies; k++, at += cols) data.set(row, at);
  }
  return { matrix: { rows: total, cols, data }, copies };
}

/**
 * Trains one model in the worker pool, then, on this thread, scores the sampled rows (not the
 * false-positive copies) for the threshold and the score quantiles, and measures the typical
 * attribution on up to 1,024 of them.
 */
export async function trainModel(workers: IForestWorkers, set: TrainingSet, request: TrainRequest, pacer = new Pacer()): Promise<ModelRecord> {
  const cols = FEATURE_NAMES.length;
  const { matrix, copies } = trainingMatrix(set, cols);
  const rows = set.seqs.length;
  const model = await workers.train(sharedMatrix(matrix), {
    seed: request.seed,
    trees: DEFAULT_TREES,
    maxSamples: DEFAULT_MAX_SAMPLES,
    features: [...FEATURE_NAMES],
    trainedAt: request.trainedAt,
    trainedOn: { source: `${request.storeId ?? 'baseline'} events ${Math.min(...set.seqs)}–${Math.max(...set.seqs)}` },
  });
  const sample: Matrix = { rows, cols, data: set.data.subarray(0, rows * cols) };
  checkColumns(model, sample);
  const scores = new Float64Array(rows);
  for (let from = 0; from < rows; from += PACE_ROWS) {
    await pacer.pace();
    scoreRange(model.scoring, sample.data, cols, from, Math.min(rows, from + PACE_ROWS), scores);
  }
  const summary = summarize(scores);
  const sorted = Float64Array.from(scores).sort();
  const quantile = sorted[Math.min(rows - 1, Math.floor((1 - CONTAMINATION) * rows))]!;
  const attributionRows = Math.min(rows, ATTRIBUTION_ROWS);
  const attribution = new Float64Array(cols);
  for (let from = 0; from < attributionRows; from += PACE_ROWS) {
    await pacer.pace();
    addAttributions(model.forest, set.data, from, Math.min(attributionRows, from + PACE_ROWS), cols, attribution);
  }
  const trainedOn: TrainedOn = {
    fromSeq: Math.min(...set.seqs),
    toSeq: Math.max(...set.seqs),
    rows,
    stores: request.stores,
    events: request.events,
    lastTsMs: request.lastTsMs,
    falsePositives: set.falsePositives.length,
    falsePositiveCopies: copies,
    confirmedExcluded: set.confirmedExcluded,
    feedbackHash: request.feedbackHash,
    reason: request.reason,
  };
  return {
    version: request.version,
    storeId: request.storeId,
    trainedAt: request.trainedAt,
    trainedOn,
    features: [...FEATURE_NAMES],
    params: { trees: model.trees, maxSamples: model.maxSamples, seed: model.seed, contamination: CONTAMINATION },
    metrics: {
      trainingMs: model.metrics.trainingMs,
      nodes: model.metrics.nodes,
      meanPathLength: model.metrics.meanPathLength,
      scores: summary,
      threshold: Math.max(THRESHOLD_FLOOR, quantile),
      typicalAttribution: meanOf(attribution, attributionRows),
    },
    model: { ...model, metrics: { ...model.metrics, trainingScores: summary } },
  };
}
