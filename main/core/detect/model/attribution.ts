import type { ForestArrays } from '../forest';

/**
 * Per-feature isolation attribution of one row: walking its path in every tree, each split credits
 * its feature with the bits of isolation it gave, log2(points at the node ÷ points in the child the
 * row went to). A split that cuts the row off from 250 of 256 points early scores about 5 bits; one
 * that halves a crowd scores 1. Summed over the path this is log2(maxSamples ÷ leaf size), so the
 * credits add up to how isolated the row is. Averaged over the trees; `out` has one slot per feature.
 */
export function isolationAttribution(forest: ForestArrays, row: ArrayLike<number>, out: Float64Array): Float64Array {
  const { roots, feature, threshold, right, size } = forest;
  out.fill(0);
  const trees = roots.length - 1;
  for (let t = 0; t < trees; t++) {
    let node = roots[t]!;
    for (let f = feature[node]!; f !== -1; f = feature[node]!) {
      const child = row[f]! <= threshold[node]! ? node + 1 : right[node]!;
      out[f]! += Math.log2(size[node]! / size[child]!);
      node = child;
    }
  }
  for (let f = 0; f < out.length; f++) out[f]! /= trees;
  return out;
}

/** The mean attribution over rows of a row-major matrix: what "typical" looks like, per feature. */
export function meanAttribution(forest: ForestArrays, data: ArrayLike<number>, rows: number, cols: number): number[] {
  return meanOf(addAttributions(forest, data, 0, rows, cols, new Float64Array(cols)), rows);
}

/** Adds the attributions of rows [from, to) into `total` (so a long sum can be done in slices). */
export function addAttributions(forest: ForestArrays, data: ArrayLike<number>, from: number, to: number, cols: number, total: Float64Array): Float64Array {
  const one = new Float64Array(cols);
  const row = new Float64Array(cols);
  for (let r = from; r < to; r++) {
    for (let c = 0; c < cols; c++) row[c] = data[r * cols + c]!;
    isolationAttribution(forest, row, one);
    for (let c = 0; c < cols; c++) total[c]! += one[c]!;
  }
  return total;
}

export function meanOf(total: Float64Array, rows: number): number[] {
  return Array.from(total, (sum) => (rows === 0 ? 0 : sum / rows));
}

/**
 * Columns ordered by how much more they isolate this row than a typical one (excess bits), largest
 * first; only columns with a positive excess.
 */
export function rankContributions(attribution: ArrayLike<number>, typical: readonly number[]): { column: number; excess: number }[] {
  const ranked: { column: number; excess: number }[] = [];
  for (let c = 0; c < attribution.length; c++) {
    const excess = attribution[c]! - (typical[c] ?? 0);
    if (excess > 0) ranked.push({ column: c, excess });
  }
  return ranked.sort((a, b) => b.excess - a.excess || a.column - b.column);
}
