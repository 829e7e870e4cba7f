import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../rng';
import { ArimaModel } from './arima';
import { exactLikelihood } from './arma-likelihood';
import { fitArimaOrder } from './arima-fit';
import { fitAutoArima } from './auto-arima';
import { fromStationary, minRootModulus, multiply, toStationary } from './polynomials';
import { kpssStatistic, KPSS_CRITICAL_5, ndiffs } from './unit-root';

function ar1(phi: number, n: number, seed: number, mean = 0): number[] {
  const random = new SeededRandom(seed);
  let x = random.normal() / Math.sqrt(1 - phi * phi);
  const out: number[] = [];
  for (let t = 0; t < n + 50; t++) {
    x = phi * x + random.normal();
    if (t >= 50) out.push(mean + x);
  }
  return out;
}

describe('ARIMA building blocks', () => {
  it('maps to stationary coefficients and back', () => {
    const raw = [0.3, -1.2, 0.8];
    const phi = toStationary(raw);
    fromStationary(phi).forEach((v, i) => expect(v).toBeCloseTo(raw[i]!, 10));
    // AR(1): the coefficient is tanh of the raw value.
    expect(toStationary([0.5])[0]).toBeCloseTo(Math.tanh(0.5), 15);
  });

  it('finds polynomial roots: 1 − 0.5B has its root at 2, (1 − 0.5B)(1 + 0.25B) the nearer at 2', () => {
    expect(minRootModulus([1, -0.5])).toBeCloseTo(2, 8);
    expect(minRootModulus(multiply([1, -0.5], [1, 0.25]))).toBeCloseTo(2, 8);
    expect(minRootModulus([1, 0, 0.81])).toBeCloseTo(1 / 0.9, 8);
  });

  it('gives the exact AR(1) likelihood: variance from (1 − φ²)z₁² + Σ(z_t − φz_{t−1})², plus −log(1 − φ²)', () => {
    const z = [0.5, -0.2, 1.1, 0.7, -0.4, 0.0, 0.9];
    const phi = 0.6;
    let ssq = (1 - phi * phi) * z[0]! ** 2;
    for (let t = 1; t < z.length; t++) ssq += (z[t]! - phi * z[t - 1]!) ** 2;
    const n = z.length;
    const sigma2 = ssq / n;
    const expected = n * Math.log(sigma2) - Math.log(1 - phi * phi) + n * (1 + Math.log(2 * Math.PI));
    const result = exactLikelihood(z, [phi], []);
    expect(result.sigma2).toBeCloseTo(sigma2, 10);
    expect(result.neg2LogLik).toBeCloseTo(expected, 8);
  });

  it('KPSS rejects a random walk and keeps white noise', () => {
    const random = new SeededRandom(21);
    const noise = Array.from({ length: 300 }, () => random.normal());
    let walk = 0;
    const rw = noise.map((e) => (walk += e));
    expect(kpssStatistic(noise)).toBeLessThan(KPSS_CRITICAL_5);
    expect(kpssStatistic(rw)).toBeGreaterThan(KPSS_CRITICAL_5);
    expect(ndiffs(noise)).toBe(0);
    expect(ndiffs(rw)).toBe(1);
  });
});

describe('ARIMA estimation and forecasting', () => {
  it('recovers φ of a simulated AR(1) (φ = 0.6, mean 10) by CSS-ML', () => {
    const y = ar1(0.6, 500, 42, 10);
    const fit = fitArimaOrder(y, { p: 1, d: 0, q: 0, P: 0, D: 0, Q: 0, m: 1, constant: true }, 'ML')!;
    // Within three standard errors (√((1 − φ²)/n) ≈ 0.036) of the truth, and next to this sample's least-squares φ.
    expect(Math.abs(fit.coef.ar[0]! - 0.6)).toBeLessThan(3 * Math.sqrt((1 - 0.36) / 500));
    const m = y.reduce((a, b) => a + b, 0) / y.length;
    let num = 0;
    let den = 0;
    for (let t = 1; t < y.length; t++) {
      num += (y[t]! - m) * (y[t - 1]! - m);
      den += (y[t - 1]! - m) ** 2;
    }
    expect(Math.abs(fit.coef.ar[0]! - num / den)).toBeLessThan(0.005);
    expect(Math.abs(fit.coef.mu - 10)).toBeLessThan(0.3);
    expect(Math.abs(fit.sigma2 - 1)).toBeLessThan(0.15);
  });

  it('forecasts an AR(1) toward its mean with ψ-weights φ^j', () => {
    const y = ar1(0.7, 300, 7, 5);
    const model = new ArimaModel(y, fitArimaOrder(y, { p: 1, d: 0, q: 0, P: 0, D: 0, Q: 0, m: 1, constant: true }, 'ML')!);
    const phi = model.fit.coef.ar[0]!;
    model.psiWeights(5).forEach((psi, j) => expect(psi).toBeCloseTo(phi ** j, 12));
    const f = model.pointForecast(3);
    const mu = model.fit.coef.mu;
    expect(f[0]).toBeCloseTo(mu + phi * (y[y.length - 1]! - mu), 8);
    expect(f[1]).toBeCloseTo(mu + phi * phi * (y[y.length - 1]! - mu), 8);
  });

  it('a random walk with drift gets d = 1 and a drift near the true one', () => {
    const random = new SeededRandom(99);
    let level = 0;
    const y = Array.from({ length: 200 }, () => (level += 0.5 + random.normal()));
    const model = fitAutoArima(y, 1) as ArimaModel;
    expect(model.fit.order.d).toBe(1);
    const f = model.pointForecast(10);
    expect((f[9]! - f[0]!) / 9).toBeGreaterThan(0.2);
    expect((f[9]! - f[0]!) / 9).toBeLessThan(0.8);
  });

  it('takes a seasonal difference for a strongly seasonal series', () => {
    const random = new SeededRandom(4);
    const pattern = [5, -3, 8, -10];
    const y = Array.from({ length: 120 }, (_, t) => 50 + pattern[t % 4]! + random.normal());
    const model = fitAutoArima(y, 4) as ArimaModel;
    expect(model.fit.order.D).toBe(1);
    model.pointForecast(4).forEach((v, i) => expect(Math.abs(v - 50 - pattern[(120 + i) % 4]!)).toBeLessThan(2));
  });
});
