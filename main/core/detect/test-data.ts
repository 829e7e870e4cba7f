import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { Matrix } from './forest';

/** Seeded test data: a matrix of uniform values in [0, 1). */
export function uniformMatrix(rows: number, cols: number, seed = 7): Matrix & { data: Float64Array } {
  const rng = xoroshiro128plus(seed);
  return { rows, cols, data: Float64Array.from({ length: rows * cols }, () => uniformFloat64(rng)) };
}

/**
 * Seeded test data: `inliers` points from a standard normal in `cols` dimensions, then `outliers`
 * points at distance 6–8 in a random direction, with their labels.
 */
export function blobWithOutliers(inliers: number, outliers: number, cols: number, seed = 11): { matrix: Matrix & { data: Float64Array }; labels: boolean[] } {
  const rng = xoroshiro128plus(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniformFloat64(rng))) * Math.cos(2 * Math.PI * uniformFloat64(rng));
  const rows = inliers + outliers;
  const data = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const point = Array.from({ length: cols }, normal);
    const scale = r < inliers ? 1 : (6 + 2 * uniformFloat64(rng)) / Math.hypot(...point);
    point.forEach((v, c) => (data[r * cols + c] = v * scale));
  }
  return { matrix: { rows, cols, data }, labels: Array.from({ length: rows }, (_, r) => r >= inliers) };
}

/** A typed array's bytes, for comparing large arrays bit for bit (vitest's deep equality walks them slowly). */
export function bytesOf(array: ArrayBufferView): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}
