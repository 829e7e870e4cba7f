import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { describe, expect, it } from 'vitest';
import type { ForestArrays, Matrix } from './forest';
import { scoreMatrix, trainIsolationForest, treeGenerator } from './isolation-forest';
import { averagePathLength } from './path-length';
import { rocAuc } from './roc-auc';
import { blobWithOutliers, uniformMatrix } from './test-data';
import { drawWithoutReplacement } from './tree-builder';

/** Depth of every node, walking the stored arrays from each root. */
function depths(forest: ForestArrays): Int32Array {
  const depth = new Int32Array(forest.feature.length);
  for (let node = 0; node < forest.feature.length; node++) {
    if (forest.feature[node] === -1) continue;
    depth[node + 1] = depth[node]! + 1;
    depth[forest.right[node]!] = depth[node]! + 1;
  }
  return depth;
}

/** The textbook walk (one row, one tree at a time, stopping at the leaf): what the fast kernel must equal. */
function plainScores(forest: ForestArrays, leafPath: Float64Array, maxSamples: number, matrix: Matrix): Float64Array {
  const trees = forest.roots.length - 1;
  return Float64Array.from({ length: matrix.rows }, (_, row) => {
    let sum = 0;
    for (let t = 0; t < trees; t++) {
      let node = forest.roots[t]!;
      while (forest.feature[node]! >= 0) node = matrix.data[row * matrix.cols + forest.feature[node]!]! <= forest.threshold[node]! ? node + 1 : forest.right[node]!;
      sum += leafPath[node]!;
    }
    return Math.pow(2, -sum / (trees * averagePathLength(maxSamples)));
  });
}

describe('training', () => {
  it('grows 100 trees on min(256, rows) points each, no deeper than ⌈log2 maxSamples⌉', () => {
    const big = trainIsolationForest(uniformMatrix(2000, 4));
    expect(big).toMatchObject({ version: 1, kind: 'isolation-forest', trees: 100, maxSamples: 256, heightLimit: 8, seed: 1, trainedOn: { rows: 2000 }, features: ['f0', 'f1', 'f2', 'f3'] });
    const depth = depths(big.forest);
    const leaves = [...big.forest.feature.keys()].filter((n) => big.forest.feature[n] === -1);
    expect(Math.max(...leaves.map((n) => depth[n]!))).toBe(8);
    for (let t = 0; t < 100; t++) expect(big.forest.size[big.forest.roots[t]!]).toBe(256);
    // Below the limit a leaf holds one point; at it, any number.
    expect(leaves.every((n) => depth[n] === 8 || big.forest.size[n] === 1)).toBe(true);

    const small = trainIsolationForest(uniformMatrix(117, 3));
    expect(small).toMatchObject({ maxSamples: 117, heightLimit: 7 });
    expect(Math.max(...depths(small.forest))).toBeLessThanOrEqual(7);
  });

  it('draws each subsample without replacement, uniformly', () => {
    const rng = xoroshiro128plus(3);
    const counts = new Int32Array(1000);
    for (let draw = 0; draw < 400; draw++) {
      const picked = drawWithoutReplacement(rng, 1000, 256);
      expect(new Set(picked).size).toBe(256);
      for (const row of picked) counts[row]!++;
    }
    // Each row is picked with probability 256/1000 per draw: about 102 times in 400, sd about 9.
    expect(Math.min(...counts)).toBeGreaterThan(60);
    expect(Math.max(...counts)).toBeLessThan(150);
    expect([...drawWithoutReplacement(rng, 5, 5)].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('never splits on a feature that is constant at the node, and makes a leaf when all are', () => {
    // Column 0 is 0 or 1, column 1 is always 7, column 2 repeats column 0: the root splits on
    // column 0 or 2, and each side is then constant in every column, so it is a leaf.
    const rows = 400;
    const data = Float64Array.from({ length: rows * 3 }, (_, i) => (i % 3 === 1 ? 7 : Math.floor(i / 3) % 2));
    const { forest } = trainIsolationForest({ rows, cols: 3, data });
    expect(forest.feature.length).toBe(3 * 100);
    for (let t = 0; t < 100; t++) {
      const root = forest.roots[t]!;
      expect([0, 2]).toContain(forest.feature[root]);
      expect(forest.threshold[root]).toBeGreaterThanOrEqual(0);
      expect(forest.threshold[root]).toBeLessThan(1);
      expect([forest.feature[root + 1], forest.feature[root + 2]]).toEqual([-1, -1]);
    }
    // Both columns that vary are chosen, as each is uniformly likely.
    expect(new Set(Array.from(forest.roots.subarray(0, 100), (root) => forest.feature[root])).size).toBe(2);
  });

  it('gives every row 0.5 when every row is the same (one leaf per tree, so h = c(256))', () => {
    const model = trainIsolationForest({ rows: 300, cols: 2, data: new Float64Array(600).fill(3) });
    expect(model.forest.feature.every((f) => f === -1)).toBe(true);
    const scores = scoreMatrix(model, { rows: 2, cols: 2, data: Float64Array.of(3, 3, 100, -100) });
    expect(scores[0]).toBe(scores[1]);
    expect(scores[0]).toBeCloseTo(0.5, 12);
  });

  it('is the same for the same seed, and differs between seeds', () => {
    const matrix = uniformMatrix(1000, 5);
    const first = scoreMatrix(trainIsolationForest(matrix, { seed: 42 }), matrix);
    expect(scoreMatrix(trainIsolationForest(matrix, { seed: 42 }), matrix)).toEqual(first);
    const other = scoreMatrix(trainIsolationForest(matrix, { seed: 43 }), matrix);
    expect(other.filter((score, i) => score !== first[i]).length).toBeGreaterThan(990);
    // Trees draw from (seed, tree) alone: the first 10 trees of a 100-tree forest are a 10-tree forest.
    const ten = trainIsolationForest(matrix, { seed: 42, trees: 10 }).forest;
    const hundred = trainIsolationForest(matrix, { seed: 42 }).forest;
    expect(hundred.feature.subarray(0, ten.feature.length)).toEqual(ten.feature);
    expect(treeGenerator(2 ** 40, 0).next()).not.toBe(treeGenerator(0, 0).next());
  });

  it('rejects a bad seed, an empty matrix and values that are not finite', () => {
    const matrix = uniformMatrix(10, 2);
    expect(() => trainIsolationForest(matrix, { seed: -1 })).toThrow(/seed/);
    expect(() => trainIsolationForest(matrix, { seed: 1.5 })).toThrow(/seed/);
    expect(() => trainIsolationForest({ rows: 0, cols: 2, data: new Float64Array(0) })).toThrow(/no rows/);
    expect(() => trainIsolationForest({ rows: 2, cols: 1, data: Float64Array.of(1, NaN) })).toThrow(/row 2, column 1 is not a finite number/);
  });
});

describe('scoring', () => {
  it('scores far-away points above the cloud they lie outside', () => {
    const { matrix, labels } = blobWithOutliers(2000, 20, 4);
    const scores = scoreMatrix(trainIsolationForest(matrix, { seed: 5 }), matrix);
    const inliers = scores.filter((_, i) => !labels[i]);
    const outliers = scores.filter((_, i) => labels[i]);
    expect(rocAuc(scores, labels)).toBeGreaterThan(0.99);
    expect(Math.min(...outliers)).toBeGreaterThan(0.6);
    expect(inliers.reduce((a, b) => a + b) / inliers.length).toBeLessThan(0.5);
  });

  it('equals, bit for bit, the plain walk of the stored trees one row at a time', () => {
    const matrix = uniformMatrix(3001, 6);
    const model = trainIsolationForest(matrix, { seed: 9 });
    expect(scoreMatrix(model, matrix)).toEqual(plainScores(model.forest, model.scoring.leafPath, model.maxSamples, matrix));
  });

  it('takes float32 rows as well as float64', () => {
    const matrix = uniformMatrix(500, 3);
    const narrow = { ...matrix, data: Float32Array.from(matrix.data) };
    const model = trainIsolationForest(narrow, { seed: 2 });
    expect(scoreMatrix(model, narrow)).toEqual(plainScores(model.forest, model.scoring.leafPath, model.maxSamples, narrow));
  });

  it('refuses rows with a different number of features', () => {
    const model = trainIsolationForest(uniformMatrix(50, 3));
    expect(() => scoreMatrix(model, uniformMatrix(5, 2))).toThrow(/trained on 3 features \(f0, f1, f2\); these rows have 2/);
  });
});
