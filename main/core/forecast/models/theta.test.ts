import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../rng';
import { fitEts, type EtsModel } from './ets/ets';
import { fitTheta, seasonallyTested } from './theta';

describe('Theta', () => {
  it('is SES plus half the fitted slope as drift, b/2·(h − 1 + (1 − (1 − α)^n)/α)', () => {
    const random = new SeededRandom(2);
    const y = Array.from({ length: 60 }, (_, t) => 20 + 0.4 * t + 2 * random.normal());
    const ses = fitEts(y, 1, { error: 'A', trend: 'N', season: 'N' }) as EtsModel;
    const alpha = ses.params.alpha;
    const n = y.length;
    // Least-squares slope by hand.
    const tMean = (n - 1) / 2;
    const yMean = y.reduce((a, b) => a + b, 0) / n;
    const slope = y.reduce((s, v, t) => s + (t - tMean) * (v - yMean), 0) / y.reduce((s, _, t) => s + (t - tMean) ** 2, 0);
    const expected = ses.pointForecast(3).map((level, i) => level + (slope / 2) * (i + (1 - (1 - alpha) ** n) / alpha));
    fitTheta(y, 1).pointForecast(3).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 8));
  });

  it('deseasonalises only series whose lag-m autocorrelation is significant', () => {
    const random = new SeededRandom(6);
    const seasonal = Array.from({ length: 48 }, (_, t) => 100 * (1 + 0.3 * Math.cos((2 * Math.PI * t) / 12)) + random.normal());
    const flat = Array.from({ length: 48 }, () => 100 + random.normal());
    expect(seasonallyTested(seasonal, 12)).toBe(true);
    expect(seasonallyTested(flat, 12)).toBe(false);
    expect(fitTheta(seasonal, 12).description).toMatch(/deseasonalised/);
  });
});
