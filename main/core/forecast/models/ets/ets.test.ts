import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../rng';
import { Z95 } from '../../stats';
import { type EtsModel, fitEts } from './ets';
import { etsFilter } from './ets-filter';
import { fitEtsSpec, parameterCount } from './ets-fit';

describe('ETS', () => {
  it('simple exponential smoothing of a constant series forecasts the constant', () => {
    const model = fitEts(new Array(40).fill(12.5), 1, { error: 'A', trend: 'N', season: 'N' });
    model.pointForecast(5).forEach((v) => expect(v).toBeCloseTo(12.5, 6));
  });

  it("Holt's linear method continues a straight line", () => {
    const y = Array.from({ length: 30 }, (_, t) => 5 + 2 * t);
    const model = fitEts(y, 1, { error: 'A', trend: 'A', season: 'N' });
    model.pointForecast(4).forEach((v, i) => expect(v).toBeCloseTo(5 + 2 * (30 + i), 4));
  });

  it('computes AICc as −2 log L + 2k + 2k(k+1)/(n − k − 1)', () => {
    const random = new SeededRandom(3);
    const y = Array.from({ length: 50 }, () => 10 + random.normal());
    const fit = fitEtsSpec(y, { error: 'A', trend: 'N', season: 'N', m: 1 })!;
    // α, ℓ0 and σ²: three parameters.
    expect(fit.k).toBe(3);
    expect(parameterCount({ error: 'A', trend: 'Ad', season: 'A', m: 12 })).toBe(4 + 2 + 11 + 1);
    const n2ll = etsFilter(fit.spec, fit.params, y).neg2LogLik;
    expect(fit.aicc).toBeCloseTo(n2ll + 6 + (2 * 3 * 4) / (50 - 3 - 1), 8);
  });

  it('gives ETS(A,N,N) the class-1 interval σ·√(1 + (h−1)α²)', () => {
    const random = new SeededRandom(11);
    let level = 100;
    const y = Array.from({ length: 120 }, () => (level += 0.5 * random.normal()) + random.normal());
    const model = fitEts(y, 1, { error: 'A', trend: 'N', season: 'N' }) as EtsModel;
    const f = model.forecast(6);
    const alpha = model.params.alpha;
    for (let h = 1; h <= 6; h++) expect(f.upper95[h - 1]! - f.mean[h - 1]!).toBeCloseTo(Z95 * Math.sqrt(model.sigma2 * (1 + (h - 1) * alpha * alpha)), 8);
  });

  it('picks a seasonal model for a seasonal series and recovers its pattern', () => {
    const random = new SeededRandom(5);
    const pattern = [10, -5, 0, 20, -15, -10];
    const y = Array.from({ length: 96 }, (_, t) => 200 + pattern[t % 6]! + random.normal());
    const model = fitEts(y, 6);
    expect(model.description).toMatch(/,[AM]\)\[6\]$/);
    model.pointForecast(6).forEach((v, i) => expect(v).toBeCloseTo(200 + pattern[(96 + i) % 6]!, -0.5));
  });

  it('simulates intervals for multiplicative models, the same on every run', () => {
    const random = new SeededRandom(8);
    const y = Array.from({ length: 60 }, (_, t) => 50 * (1 + 0.3 * Math.sin((2 * Math.PI * t) / 4)) * (1 + 0.05 * random.normal()));
    const model = fitEts(y, 4, { error: 'M', season: 'M' });
    const f = model.forecast(8);
    expect(f).toEqual(model.forecast(8));
    for (let i = 0; i < 8; i++) {
      expect(f.lower95[i]).toBeLessThan(f.lower80[i]!);
      expect(f.upper80[i]).toBeLessThan(f.upper95[i]!);
    }
  });
});
