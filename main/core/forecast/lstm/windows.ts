/**
 * The LSTM's data: scaled input windows and masked multi-step targets, as flat Float32Arrays the
 * network turns into tensors. Plain TypeScript, no TensorFlow, so it is cheap to test and reason about.
 */
import type { SeededRandom } from '../rng';

/** Per time step: the scaled value, the season position as sine and cosine, and 1 where the window is padding. */
export const FEATURES = 4;

export interface WindowShape {
  /** Input steps (L). */
  readonly length: number;
  /** Output steps (the largest horizon asked for): the network forecasts them all at once. */
  readonly horizon: number;
  readonly season: number;
}

/** A forecast origin: the model sees `series[0, end)` and forecasts from `end` on. */
export interface WindowRef {
  readonly series: number;
  readonly end: number;
}

/**
 * The scale of a window: the mean absolute value of its input part, or, when that is all zeros
 * (an intermittent series between sales), of the whole history before the origin; 1 when that is
 * zero too, so a series of zeros stays zero. Only data before the origin is used, which keeps
 * training and forecasting on the same terms and leaks nothing.
 */
export function windowScale(y: readonly number[], end: number, length: number): number {
  const meanAbs = (from: number) => {
    let sum = 0;
    for (let t = from; t < end; t++) sum += Math.abs(y[t]!);
    return end > from ? sum / (end - from) : 0;
  };
  return meanAbs(Math.max(0, end - length)) || meanAbs(0) || 1;
}

/** Writes one input window (L × FEATURES) at `offset` of `x`, left-padded with zeros when the history is shorter than L. */
export function writeInput(x: Float32Array, offset: number, y: readonly number[], end: number, shape: WindowShape, scale: number): void {
  const { length, season } = shape;
  for (let i = 0; i < length; i++) {
    const t = end - length + i;
    const at = offset + i * FEATURES;
    const angle = season > 1 ? (2 * Math.PI * (((t % season) + season) % season)) / season : 0;
    x[at] = t >= 0 ? y[t]! / scale : 0;
    x[at + 1] = season > 1 ? Math.sin(angle) : 0;
    x[at + 2] = season > 1 ? Math.cos(angle) : 0;
    x[at + 3] = t >= 0 ? 0 : 1;
  }
}

/**
 * The baseline the network corrects, scaled: for each output step the mean of the window's values
 * at the same season position (four weeks of weekdays for daily data); without a season that fits
 * twice in the window, the last value (series without a season wander more often than they revert).
 * Learning a correction to it is far quicker than learning the weekly shape from scratch.
 */
export function writeBaseline(out: Float32Array, offset: number, y: readonly number[], end: number, shape: WindowShape, scale: number): void {
  const from = Math.max(0, end - shape.length);
  const season = Math.round(shape.season);
  const last = end > 0 ? y[end - 1]! / scale : 0;
  for (let k = 0; k < shape.horizon; k++) {
    let sum = 0;
    let count = 0;
    if (season > 1 && 2 * season <= end - from) {
      for (let t = end + k - season * Math.ceil((k + 1) / season); t >= from; t -= season) {
        sum += y[t]!;
        count++;
      }
    }
    out[offset + k] = count ? sum / count / scale : last;
  }
}

export interface Batch {
  readonly x: Float32Array;
  /** The seasonal-mean baseline per output step (scaled). */
  readonly baseline: Float32Array;
  /** Scaled targets, horizon per window; 0 where masked. */
  readonly target: Float32Array;
  /** 1 where the target is known (inside the training part), else 0. */
  readonly mask: Float32Array;
  readonly scales: Float32Array;
  readonly count: number;
}

/** Inputs and masked targets for windows; targets stop at each series' `limit` (its training cut-off). */
export function buildBatch(series: readonly (readonly number[])[], refs: readonly WindowRef[], shape: WindowShape, limits: readonly number[]): Batch {
  const x = new Float32Array(refs.length * shape.length * FEATURES);
  const target = new Float32Array(refs.length * shape.horizon);
  const mask = new Float32Array(refs.length * shape.horizon);
  const scales = new Float32Array(refs.length);
  const baseline = new Float32Array(refs.length * shape.horizon);
  refs.forEach((ref, r) => {
    const y = series[ref.series]!;
    const scale = windowScale(y, ref.end, shape.length);
    scales[r] = scale;
    writeInput(x, r * shape.length * FEATURES, y, ref.end, shape, scale);
    writeBaseline(baseline, r * shape.horizon, y, ref.end, shape, scale);
    const stop = Math.min(limits[ref.series]!, y.length);
    for (let k = 0; k < shape.horizon && ref.end + k < stop; k++) {
      target[r * shape.horizon + k] = y[ref.end + k]! / scale;
      mask[r * shape.horizon + k] = 1;
    }
  });
  return { x, baseline, target, mask, scales, count: refs.length };
}

/** The earliest origin a training window may have: enough history to show two seasons (or 8 steps), at most L. */
export function minContext(shape: WindowShape): number {
  return Math.min(shape.length, Math.max(8, 2 * Math.round(shape.season)));
}

/**
 * Every training origin there is: windows of each series whose first target lies before its
 * limit. `pick(i)` maps a draw in [0, total) to a window without listing them all (1,000 series
 * of 730 days hold about 700,000).
 */
export class WindowPool {
  private readonly starts: number[] = [];
  private readonly firstEnd: number[] = [];
  readonly total: number;

  constructor(series: readonly (readonly number[])[], limits: readonly number[], shape: WindowShape) {
    let total = 0;
    series.forEach((y, s) => {
      // A series shorter than the usual context still trains, from its second point on.
      const first = Math.min(minContext(shape), Math.max(1, Math.min(limits[s]!, y.length) - 1));
      const count = Math.max(0, Math.min(limits[s]!, y.length) - first);
      this.starts.push(total);
      this.firstEnd.push(first);
      total += count;
    });
    this.total = total;
  }

  pick(i: number): WindowRef {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    return { series: lo, end: this.firstEnd[lo]! + (i - this.starts[lo]!) };
  }

  /** `count` windows drawn uniformly with replacement (all of them, shuffled, when there are fewer). */
  sample(count: number, random: SeededRandom): WindowRef[] {
    if (this.total <= count) {
      const all = Array.from({ length: this.total }, (_, i) => this.pick(i));
      for (let i = all.length - 1; i > 0; i--) {
        const j = Math.floor(random.next() * (i + 1));
        [all[i], all[j]] = [all[j]!, all[i]!];
      }
      return all;
    }
    return Array.from({ length: count }, () => this.pick(Math.floor(random.next() * this.total)));
  }
}
