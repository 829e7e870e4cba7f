/**
 * The network: one LSTM layer over the input window, a dense layer reading all output steps off its
 * last state (direct multi-step forecasting, so every horizon up to the largest comes from one pass),
 * added to the seasonal-mean baseline of the window (windows.ts), which it learns to correct.
 * Trained by our own loop: a masked squared error (targets past a series' training cut-off do not
 * count), seeded window sampling, no shuffling by TensorFlow, so a seed repeats a run exactly.
 */
import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../rng';
import { buildBatch, FEATURES, type Batch, type WindowPool, type WindowRef, type WindowShape } from './windows';

export const UNITS = 32;
const LEARNING_RATE = 0.005;

export interface Network {
  readonly model: tf.LayersModel;
  readonly optimizer: tf.Optimizer;
  readonly shape: WindowShape;
}

export function createNetwork(shape: WindowShape, seed: number): Network {
  const input = tf.input({ shape: [shape.length, FEATURES] });
  const state = tf.layers
    .lstm({
      units: UNITS,
      kernelInitializer: tf.initializers.glorotUniform({ seed }),
      // Glorot rather than orthogonal: tfjs's orthogonal initializer warns on stderr for a 32-unit LSTM's 32 × 128 matrix.
      recurrentInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
    })
    .apply(input) as tf.SymbolicTensor;
  const correction = tf.layers.dense({ units: shape.horizon, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) }).apply(state) as tf.SymbolicTensor;
  const baseline = tf.input({ shape: [shape.horizon] });
  const output = tf.layers.add().apply([correction, baseline]) as tf.SymbolicTensor;
  return { model: tf.model({ inputs: [input, baseline], outputs: output }), optimizer: tf.train.adam(LEARNING_RATE), shape };
}

export interface TrainPlan {
  readonly epochs: number;
  readonly samplesPerEpoch: number;
  readonly batchSize: number;
}

/**
 * Trains for `plan.epochs` epochs, each on a fresh seeded sample of windows from `pool`. Calls
 * `onEpoch` after each; returns the last epoch's mean loss.
 */
export function train(
  network: Network,
  series: readonly (readonly number[])[],
  limits: readonly number[],
  pool: WindowPool,
  plan: TrainPlan,
  random: SeededRandom,
  onEpoch: (epoch: number) => void,
): number {
  let lastLoss = NaN;
  for (let epoch = 0; epoch < plan.epochs; epoch++) {
    const refs = pool.sample(plan.samplesPerEpoch, random);
    let lossSum = 0;
    let batches = 0;
    for (let from = 0; from < refs.length; from += plan.batchSize) {
      const batch = buildBatch(series, refs.slice(from, from + plan.batchSize), network.shape, limits);
      const loss = tf.tidy(() => {
        const x = inputs(batch, network.shape);
        const target = tf.tensor2d(batch.target, [batch.count, network.shape.horizon]);
        const mask = tf.tensor2d(batch.mask, [batch.count, network.shape.horizon]);
        const cost = network.optimizer.minimize(() => maskedSquaredError(network.model.apply(x, { training: true }) as tf.Tensor, target, mask), true);
        return cost!;
      });
      lossSum += loss.dataSync()[0]!;
      loss.dispose();
      batches++;
    }
    lastLoss = lossSum / Math.max(1, batches);
    onEpoch(epoch + 1);
  }
  return lastLoss;
}

function inputs(batch: Batch, shape: WindowShape): tf.Tensor[] {
  return [tf.tensor3d(batch.x, [batch.count, shape.length, FEATURES]), tf.tensor2d(batch.baseline, [batch.count, shape.horizon])];
}

function maskedSquaredError(prediction: tf.Tensor, target: tf.Tensor, mask: tf.Tensor): tf.Scalar {
  const squared = tf.mul(tf.square(tf.sub(prediction, target)), mask);
  return tf.div(tf.sum(squared), tf.maximum(tf.sum(mask), 1)) as tf.Scalar;
}

/** Scaled forecasts (horizon values per origin, row-major) and each origin's scale. */
export function predictScaled(network: Network, series: readonly (readonly number[])[], refs: readonly WindowRef[]): { values: Float32Array; scales: Float32Array } {
  const { shape } = network;
  const values = new Float32Array(refs.length * shape.horizon);
  const scales = new Float32Array(refs.length);
  const CHUNK = 2048;
  for (let from = 0; from < refs.length; from += CHUNK) {
    // Targets are not needed here: a limit of 0 masks them all.
    const batch = buildBatch(series, refs.slice(from, from + CHUNK), shape, series.map(() => 0));
    const out = tf.tidy(() => network.model.predict(inputs(batch, shape)) as tf.Tensor);
    values.set(out.dataSync(), from * shape.horizon);
    out.dispose();
    scales.set(batch.scales, from);
  }
  return { values, scales };
}
