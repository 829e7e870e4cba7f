import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { scoringForest, type ForestArrays, type Matrix, type ScoringForest } from './forest';
import { scoreRange } from './score-kernel';
import { heightLimit as heightLimitFor } from './path-length';
import { nodeBuffers, TreeBuilder } from './tree-builder';
import { fmix32 } from '../mix-hash';

export const MODEL_VERSION = 1;
export const DEFAULT_TREES = 100;
export const DEFAULT_MAX_SAMPLES = 256;
export const DEFAULT_SEED = 1;

/** Where a model came from and how it did: recorded with it, serialised with it. */
export interface ModelInfo {
  version: typeof MODEL_VERSION;
  kind: 'isolation-forest';
  trees: number;
  /** Points per tree: min(256, rows) unless asked otherwise. */
  maxSamples: number;
  /** ⌈log2 maxSamples⌉. */
  heightLimit: number;
  /** Column names, in the order the matrix holds them: a row to score must have the same. */
  features: string[];
  seed: number;
  /** ISO 8601. */
  trainedAt: string;
  trainedOn: TrainedOn;
  metrics: ModelMetrics;
}

export interface TrainedOn {
  rows: number;
  /** The file's name, when it came from one. */
  source?: string;
  /** SHA-256 of the file, hex. */
  sha256?: string;
}

export interface ModelMetrics {
  trainingMs: number;
  nodes: number;
  /** Mean path length h(x) of the training subsamples' points: what c(maxSamples) is measured against. */
  meanPathLength: number;
  /** The scores of the rows the model was trained on, once they were scored. */
  trainingScores?: ScoreSummary;
}

export interface ScoreSummary {
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface Model extends ModelInfo {
  /** The trees as trained and stored. */
  forest: ForestArrays;
  /** The same trees laid out for scoring. */
  scoring: ScoringForest;
}

export interface TrainOptions {
  seed?: number;
  trees?: number;
  /** Upper bound on points per tree (default 256); a smaller matrix uses all its rows. */
  maxSamples?: number;
  /** Column names (default f0, f1, …). */
  features?: string[];
  trainedOn?: Omit<TrainedOn, 'rows'>;
  /** ISO time to record (default now): tests pin it to compare serialised bytes. */
  trainedAt?: string;
}

/**
 * Trains an isolation forest on a row-major matrix. Tree t draws everything (subsample, features,
 * thresholds) from its own stream derived from (seed, t), so a forest is the same whichever thread
 * builds it, in whatever order.
 */
export function trainIsolationForest(matrix: Matrix, options: TrainOptions = {}): Model {
  const started = performance.now();
  const { rows, cols } = matrix;
  const seed = options.seed ?? DEFAULT_SEED;
  const trees = options.trees ?? DEFAULT_TREES;
  checkShape(matrix, options.features);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`the seed must be a whole number ≥ 0 (got ${seed})`);
  if (!Number.isInteger(trees) || trees < 1) throw new RangeError(`the number of trees must be a whole number ≥ 1 (got ${trees})`);
  const maxSamples = Math.min(options.maxSamples ?? DEFAULT_MAX_SAMPLES, rows);
  if (!Number.isInteger(maxSamples) || maxSamples < 1) throw new RangeError(`maxSamples must be a whole number ≥ 1 (got ${options.maxSamples})`);
  const heightLimit = heightLimitFor(maxSamples);

  const buffers = nodeBuffers(trees * (2 * maxSamples - 1));
  const builder = new TreeBuilder(matrix, maxSamples, heightLimit, buffers);
  const roots = new Int32Array(trees + 1);
  for (let t = 0; t < trees; t++) {
    roots[t] = buffers.count;
    builder.grow(treeGenerator(seed, t));
  }
  roots[trees] = buffers.count;
  const nodes = buffers.count;
  const forest: ForestArrays = {
    roots,
    feature: buffers.feature.slice(0, nodes),
    threshold: buffers.threshold.slice(0, nodes),
    right: buffers.right.slice(0, nodes),
    size: buffers.size.slice(0, nodes),
  };
  const scoring = scoringForest(forest, cols, maxSamples, heightLimit);
  return {
    version: MODEL_VERSION,
    kind: 'isolation-forest',
    trees,
    maxSamples,
    heightLimit,
    features: options.features ?? Array.from({ length: cols }, (_, i) => `f${i}`),
    seed,
    trainedAt: options.trainedAt ?? new Date().toISOString(),
    trainedOn: { rows, ...options.trainedOn },
    metrics: { trainingMs: performance.now() - started, nodes, meanPathLength: meanPathLength(forest, scoring) },
    forest,
    scoring,
  };
}

/** Scores every row of `matrix` on this thread (see scoreRange); the workers split the same work. */
export function scoreMatrix(model: Model, matrix: Matrix): Float64Array {
  checkColumns(model, matrix);
  const out = new Float64Array(matrix.rows);
  scoreRange(model.scoring, matrix.data, matrix.cols, 0, matrix.rows, out);
  return out;
}

export function checkColumns(model: ModelInfo, matrix: Matrix): void {
  if (matrix.cols !== model.features.length) {
    throw new RangeError(`the model was trained on ${model.features.length} features (${model.features.join(', ')}); these rows have ${matrix.cols}`);
  }
}

function checkShape(matrix: Matrix, features: string[] | undefined): void {
  const { rows, cols, data } = matrix;
  if (!Number.isInteger(rows) || rows < 1) throw new RangeError('there are no rows to train on');
  if (!Number.isInteger(cols) || cols < 1) throw new RangeError('there are no features to train on');
  if (data.length < rows * cols) throw new RangeError(`the matrix holds ${data.length} values, fewer than ${rows} × ${cols}`);
  if (features && features.length !== cols) throw new RangeError(`${features.length} feature names for ${cols} columns`);
}

/** Mean of h(x) over the points of each training subsample. */
function meanPathLength(forest: ForestArrays, scoring: ScoringForest): number {
  let total = 0;
  for (let node = 0; node < forest.feature.length; node++) if (forest.feature[node] === -1) total += forest.size[node]! * scoring.leafPath[node]!;
  return total / (scoring.rootSteps.length * scoring.maxSamples);
}


/**
 * pure-rand's xoroshiro128+ for tree `tree` of a forest seeded `seed`. Its four state words are
 * hashed from (seed, tree, word) — xoroshiro's authors advise seeding through a mixer, since its
 * first outputs from a plain small-integer state are poorly mixed — so neighbouring seeds and trees
 * start far apart.
 */
export function treeGenerator(seed: number, tree: number): RandomGenerator {
  const seedHash = fmix32(fmix32((seed >>> 0) ^ 0x9e3779b9) ^ Math.floor(seed / 0x1_0000_0000));
  const state = [0, 1, 2, 3].map((word) => fmix32(seedHash ^ fmix32(tree * 4 + word + 0x632be5ab)) | 0);
  // The all-zero state is xoroshiro's one fixed point.
  if (!state.some((word) => word !== 0)) state[0] = 1;
  return xoroshiro128plusFromState(state);
}
