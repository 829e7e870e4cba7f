import { describe, expect, it } from 'vitest';
import { averageDemandInterval, croston, fitIntermittent, isIntermittent, tsb } from './intermittent';

describe('intermittent demand', () => {
  // Demands of 3 (after 3 periods), 2 (after 2) and 4 (after 3).
  const y = [0, 0, 3, 0, 2, 0, 0, 4];

  it("Croston on a hand example: sizes 3 → 2.9 → 3.01, intervals 3 → 2.9 → 2.91 with α = 0.1", () => {
    const e = croston(y, 0.1);
    expect(e.size).toBeCloseTo(3.01, 12);
    expect(e.probability).toBeCloseTo(1 / 2.91, 12);
    expect(fitIntermittent(y, 'croston').pointForecast(2)).toEqual([3.01 / 2.91, 3.01 / 2.91].map((v) => expect.closeTo(v, 12)));
    // SBA removes the bias with the factor 1 − α/2.
    expect(fitIntermittent(y, 'sba').pointForecast(1)[0]).toBeCloseTo((0.95 * 3.01) / 2.91, 12);
  });

  it('TSB updates the demand probability every period', () => {
    // p starts at 1/3; then 0 (t=3), 1 (t=4), 0, 0, 1 with β = 0.5.
    let p = 1 / 3;
    for (const occurred of [0, 1, 0, 0, 1]) p += 0.5 * (occurred - p);
    const e = tsb(y, 0.5, 0.5);
    expect(e.probability).toBeCloseTo(p, 12);
    // Sizes 3 → 2.5 → 3.25.
    expect(e.size).toBeCloseTo(3.25, 12);
  });

  it('classifies by the average demand interval (threshold 1.32)', () => {
    expect(averageDemandInterval(y)).toBeCloseTo(8 / 3, 12);
    expect(isIntermittent(y)).toBe(true);
    expect(isIntermittent([1, 2, 0, 3, 4])).toBe(false);
  });

  it('gives intervals from the zero-or-size mixture: 0 below the no-demand probability', () => {
    const f = fitIntermittent(y, 'croston').forecast(3);
    // P(demand) ≈ 0.34, so the 10 % and 2.5 % quantiles are zero days.
    expect(f.lower80).toEqual([0, 0, 0]);
    expect(f.lower95).toEqual([0, 0, 0]);
    expect(f.upper95[0]).toBeGreaterThan(f.mean[0]!);
  });
});
