import { describe, expect, it } from 'vitest';
import { Z95 } from '../stats';
import { fitSeasonalNaive } from './naive';

describe('seasonal naive', () => {
  it('repeats the last season exactly', () => {
    const y = [1, 2, 3, 4, 10, 20, 30, 40];
    const model = fitSeasonalNaive(y, 4);
    expect(model.pointForecast(6)).toEqual([10, 20, 30, 40, 10, 20]);
    expect(model.description).toBe('seasonal naive [4]');
  });

  it('widens its intervals with each further season: σ·√(⌊(h−1)/m⌋ + 1)', () => {
    // Seasonal differences 9, 18, 27, 36: σ² = (81 + 324 + 729 + 1296) / 4.
    const model = fitSeasonalNaive([1, 2, 3, 4, 10, 20, 30, 40], 4);
    const sigma = Math.sqrt((81 + 324 + 729 + 1296) / 4);
    const f = model.forecast(5);
    expect(f.upper95[0]! - f.mean[0]!).toBeCloseTo(Z95 * sigma, 10);
    expect(f.upper95[3]! - f.mean[3]!).toBeCloseTo(Z95 * sigma, 10);
    expect(f.upper95[4]! - f.mean[4]!).toBeCloseTo(Z95 * sigma * Math.SQRT2, 10);
  });

  it('is the plain naive forecast without a season', () => {
    expect(fitSeasonalNaive([3, 5, 4], 1).pointForecast(3)).toEqual([4, 4, 4]);
  });
});
