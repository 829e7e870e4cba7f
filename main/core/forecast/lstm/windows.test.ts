import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../rng';
import { buildBatch, WindowPool, windowScale, writeBaseline } from './windows';

const shape = { length: 14, horizon: 9, season: 7 };

describe('LSTM windows', () => {
  it('scales by the input window, then by the history before the origin, and a series of zeros by 1', () => {
    const y = [4, 4, 4, 4, 0, 0, 0, 0];
    expect(windowScale(y, 4, 14)).toBe(4);
    expect(windowScale(y, 8, 4)).toBe(2);
    expect(windowScale([0, 0, 0], 3, 14)).toBe(1);
  });

  it('takes as baseline the mean of the same weekday in the window, or the last value without room for two weeks', () => {
    const y = Array.from({ length: 21 }, (_, t) => (t % 7 === 5 ? 20 : 10) + (t >= 14 ? 2 : 0));
    const out = new Float32Array(9);
    writeBaseline(out, 0, y, 21, shape, 1);
    // Day 21 is weekday 0 (mean of 10 and 12), day 26 weekday 5 (mean of 20 and 22), day 28 weekday 0 again.
    expect([...out]).toEqual([11, 11, 11, 11, 11, 21, 11, 11, 11]);
    writeBaseline(out, 0, y, 10, shape, 2);
    expect(out[0]).toBe(5);
  });

  it('masks targets past the training limit and pads a short history', () => {
    const y = [1, 2, 3, 4, 5, 6];
    const batch = buildBatch([y], [{ series: 0, end: 3 }], shape, [5]);
    expect([...batch.mask.slice(0, 3)]).toEqual([1, 1, 0]);
    expect(batch.target[0]).toBeCloseTo(4 / 2);
    // The first input step is padding (flag 1), the last one the value 3 scaled by the mean 2.
    expect(batch.x[3]).toBe(1);
    expect(batch.x[(14 - 1) * 4]).toBeCloseTo(1.5);
  });

  it('counts every training origin before each limit and draws the same windows for the same seed', () => {
    const pool = new WindowPool([new Array<number>(30).fill(1), new Array<number>(20).fill(1)], [25, 20], shape);
    expect(pool.total).toBe(25 - 14 + (20 - 14));
    expect(pool.pick(0)).toEqual({ series: 0, end: 14 });
    expect(pool.pick(11)).toEqual({ series: 1, end: 14 });
    expect(pool.sample(5, new SeededRandom(9))).toEqual(pool.sample(5, new SeededRandom(9)));
    expect(new Set(pool.sample(100, new SeededRandom(1)).map((r) => `${r.series}:${r.end}`)).size).toBe(pool.total);
  });
});
