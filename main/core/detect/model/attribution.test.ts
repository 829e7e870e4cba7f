import { describe, expect, it } from 'vitest';
import { trainIsolationForest } from '../isolation-forest';
import { isolationAttribution, meanAttribution, rankContributions } from './attribution';

describe('isolation attribution', () => {
  // Two features, both spread evenly over 0..1; the outlier is ordinary in the first and far out in the second.
  const rows = 512;
  const data = new Float64Array(rows * 2);
  for (let r = 0; r < rows; r++) [data[2 * r], data[2 * r + 1]] = [(r * 37 % rows) / rows, (r * 101 % rows) / rows];
  const model = trainIsolationForest({ rows, cols: 2, data }, { seed: 3 });

  it('credits the feature that isolates a row more than the one where it is ordinary', () => {
    const attribution = isolationAttribution(model.forest, [0.5, 9], new Float64Array(2));
    expect(attribution[1]).toBeGreaterThan(1.5 * attribution[0]!);
    // Every split's credit is at most the bits of the whole path: log2(256) = 8 per tree.
    expect(attribution[0]! + attribution[1]!).toBeLessThanOrEqual(8);
    const typical = meanAttribution(model.forest, data, rows, 2);
    expect(rankContributions(attribution, typical)[0]?.column).toBe(1);
    // A typical row gets about as much from each feature.
    expect(typical[0]! / typical[1]!).toBeGreaterThan(0.8);
    expect(typical[0]! / typical[1]!).toBeLessThan(1.25);
  });
});
