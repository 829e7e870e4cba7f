import { describe, expect, it } from 'vitest';
import { averagePathLength, heightLimit } from './path-length';

describe('c(n), the average path length', () => {
  it('is 0 for n ≤ 1 and 1 for n = 2', () => {
    expect([0, 1, 2].map(averagePathLength)).toEqual([0, 0, 1]);
  });

  it("equals scikit-learn 1.6's _average_path_length to the last bit", () => {
    // Printed by scikit-learn (sklearn.ensemble._iforest._average_path_length) for n = 3, 10, 117, 256.
    expect(averagePathLength(3)).toBe(1.207392357589623);
    expect(averagePathLength(10)).toBe(3.748880484475505);
    expect(averagePathLength(117)).toBe(8.678705729109812);
    expect(averagePathLength(256)).toBe(10.244770920119917);
  });

  it('is 2H(n−1) − 2(n−1)/n with H(i) = ln i + γ', () => {
    const n = 1000;
    expect(averagePathLength(n)).toBeCloseTo(2 * (Math.log(n - 1) + 0.5772156649) - (2 * (n - 1)) / n, 9);
  });
});

describe('height limit', () => {
  it('is ⌈log2 maxSamples⌉, and 1 for one or two samples', () => {
    expect([1, 2, 3, 4, 5, 117, 128, 129, 256, 257].map(heightLimit)).toEqual([1, 1, 2, 2, 3, 7, 7, 8, 8, 9]);
  });
});
