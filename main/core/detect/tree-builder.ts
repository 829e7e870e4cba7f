import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import type { Matrix } from './forest';

/** Node arrays being filled, sized for the most nodes a forest can have: trees · (2 · maxSamples − 1). */
export interface NodeBuffers {
  feature: Int32Array;
  threshold: Float64Array;
  right: Int32Array;
  size: Int32Array;
  /** Nodes written so far. */
  count: number;
}

export function nodeBuffers(capacity: number): NodeBuffers {
  return { feature: new Int32Array(capacity), threshold: new Float64Array(capacity), right: new Int32Array(capacity), size: new Int32Array(capacity), count: 0 };
}

/**
 * Grows isolation trees (Liu, Ting & Zhou 2008, with scikit-learn's choices): each tree on its own
 * subsample drawn without replacement; at a node, a feature chosen at random among those not
 * constant there (drawn without replacement until one varies, as scikit-learn's random splitter
 * does) and a threshold uniform in [min, max) of that feature at the node; a node becomes a leaf at
 * the height limit, with one point, or when every feature is constant. Scratch space is allocated
 * once per builder and reused for every tree.
 */
export class TreeBuilder {
  /** The subsample's rows, copied together (as float64): every node's work stays in a few KB. */
  private readonly values: Float64Array;
  /** Positions into `values`, partitioned in place as the tree grows. */
  private readonly order: Int32Array;
  /** A permutation of the columns, partly reshuffled at each node to draw features without replacement. */
  private readonly columns: Int32Array;
  private readonly displaced = new Map<number, number>();
  private rng!: RandomGenerator;

  constructor(
    private readonly matrix: Matrix,
    private readonly maxSamples: number,
    private readonly heightLimit: number,
    private readonly out: NodeBuffers,
  ) {
    this.values = new Float64Array(maxSamples * matrix.cols);
    this.order = new Int32Array(maxSamples);
    this.columns = Int32Array.from({ length: matrix.cols }, (_, i) => i);
  }

  /** Appends one tree to the buffers, grown from `rng` alone. */
  grow(rng: RandomGenerator): void {
    this.rng = rng;
    this.columns.forEach((_, i, cols) => (cols[i] = i));
    this.subsample();
    this.node(0, this.maxSamples, 0);
  }

  /** Copies maxSamples distinct rows, drawn uniformly, into `values`. */
  private subsample(): void {
    const { data, rows, cols } = this.matrix;
    const picked = drawWithoutReplacement(this.rng, rows, this.maxSamples, this.displaced);
    for (let i = 0; i < picked.length; i++) {
      const row = picked[i]!;
      for (let c = 0; c < cols; c++) {
        const value = data[row * cols + c]!;
        if (!Number.isFinite(value)) throw new RangeError(`row ${row + 1}, column ${c + 1} is not a finite number`);
        this.values[i * cols + c] = value;
      }
      this.order[i] = i;
    }
  }

  /** Writes the node for order[start, end) and, depth first, its subtree. */
  private node(start: number, end: number, depth: number): void {
    const out = this.out;
    const index = out.count++;
    out.size[index] = end - start;
    out.feature[index] = -1;
    out.right[index] = -1;
    out.threshold[index] = 0;
    if (depth >= this.heightLimit || end - start < 2 || !this.chooseSplit(start, end, index)) return;
    const mid = this.partition(start, end, out.feature[index]!, out.threshold[index]!);
    this.node(start, mid, depth + 1);
    out.right[index] = out.count;
    this.node(mid, end, depth + 1);
  }

  /** Sets the node's feature and threshold; false when every feature is constant on these points. */
  private chooseSplit(start: number, end: number, index: number): boolean {
    const { values, order, columns } = this;
    const cols = columns.length;
    for (let k = 0; k < cols; k++) {
      const pick = uniformInt(this.rng, k, cols - 1);
      const f = columns[pick]!;
      columns[pick] = columns[k]!;
      columns[k] = f;
      let min = Infinity;
      let max = -Infinity;
      for (let i = start; i < end; i++) {
        const v = values[order[i]! * cols + f]!;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      if (!(max > min)) continue;
      let threshold = min + (max - min) * uniformFloat64(this.rng);
      // Rounding (or a range too wide for a double) can reach max, which would leave the right side empty.
      if (!(threshold < max)) threshold = min;
      this.out.feature[index] = f;
      this.out.threshold[index] = threshold;
      return true;
    }
    return false;
  }

  /** Moves the points with x[f] <= threshold to the front; returns where the rest begin. */
  private partition(start: number, end: number, f: number, threshold: number): number {
    const { values, order } = this;
    const cols = this.columns.length;
    let i = start;
    let j = end - 1;
    while (i <= j) {
      if (values[order[i]! * cols + f]! <= threshold) {
        i++;
      } else {
        const swap = order[i]!;
        order[i] = order[j]!;
        order[j] = swap;
        j--;
      }
    }
    return i;
  }
}

/**
 * k distinct integers from [0, n), uniformly (in a random order): the first k steps of a Fisher–Yates
 * shuffle of 0…n−1, with only the displaced entries kept in `displaced`, so a draw costs O(k) however
 * large n is.
 */
export function drawWithoutReplacement(rng: RandomGenerator, n: number, k: number, displaced = new Map<number, number>()): Int32Array {
  if (k > n) throw new RangeError(`cannot draw ${k} distinct rows from ${n}`);
  displaced.clear();
  const picked = new Int32Array(k);
  for (let i = 0; i < k; i++) {
    const j = uniformInt(rng, i, n - 1);
    picked[i] = displaced.get(j) ?? j;
    displaced.set(j, displaced.get(i) ?? i);
  }
  return picked;
}
