/**
 * Euler–Mascheroni constant. The paper rounds it to 0.5772156649; scikit-learn uses numpy's full
 * double, and so do we, so that scores can be compared with its digit for digit.
 */
const EULER_GAMMA = 0.5772156649015329;

/**
 * c(n): the average path length of an unsuccessful search in a binary search tree of n points, which
 * is the expected depth still to go below a leaf that holds n points, and the score's normaliser.
 * c(n) = 2·H(n−1) − 2(n−1)/n with H(i) ≈ ln(i) + γ; c(2) = 1; c(n ≤ 1) = 0.
 */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

/** ⌈log2(maxSamples)⌉ (at least 1): the depth at which a tree stops splitting. */
export function heightLimit(maxSamples: number): number {
  return Math.ceil(Math.log2(Math.max(maxSamples, 2)));
}
