import { describe, expect, it } from 'vitest';
import { holidayOn } from '../../../demo/calendar';
import { SeededRandom } from '../../rng';
import { forecastSeries } from '../../selection/select-model';
import { changepointTimes } from './design';
import { fitProphet, growsWithLevel } from './prophet';

const DAY_MS = 86_400_000;
const FIRST_DAY = Date.UTC(2023, 0, 2) / DAY_MS; // a Monday
const WEEKLY = [-10, -12, -6, 0, 8, 18, 2]; // Monday … Sunday, mean 0
const CHANGE_AT = 500;
const NOISE_SD = 3;

/** Level 100; +0.05 a day until day 500, then −0.03 a day; a weekly and a yearly swing; the demo's holidays as ±50 × (factor − 1). */
function truth(d: number): { trend: number; weekly: number; yearly: number; holiday: number } {
  const day = FIRST_DAY + d;
  const trend = 100 + 0.05 * d - 0.08 * Math.max(0, d - CHANGE_AT);
  const weekly = WEEKLY[(((day + 3) % 7) + 7) % 7]!;
  const yearly = 15 * Math.cos((2 * Math.PI * (d - 196)) / 365.25);
  const effect = holidayOn(day);
  return { trend, weekly, yearly, holiday: effect ? 50 * (effect.factor - 1) : 0 };
}

function simulate(length: number, seed: number): number[] {
  const random = new SeededRandom(seed);
  return Array.from({ length }, (_, d) => {
    const t = truth(d);
    return t.trend + t.weekly + t.yearly + t.holiday + NOISE_SD * random.normal();
  });
}

const daysFor = (length: number) => Array.from({ length }, (_, d) => FIRST_DAY + d);
const HISTORY = 3 * 365;

describe('Prophet-style regression', () => {
  const y = simulate(HISTORY, 1);
  const model = fitProphet(y, 7, { days: daysFor(HISTORY + 56) });

  it('places Prophet’s 25 candidate changepoints over the first 80 % of the history', () => {
    const indexes = changepointTimes(HISTORY);
    expect(indexes).toHaveLength(25);
    expect(indexes[indexes.length - 1]).toBe(Math.floor(0.8 * HISTORY) - 1);
    expect(model.description).toMatch(/^Prophet\(25 changepoints; weekly order 3; yearly order 10; \d+ holidays; /);
  });

  it('recovers the trend change: where it is (within a few days) and its size', () => {
    const big = model.changepoints.filter((c) => Math.abs(c.delta) > 0.2 * Math.max(...model.changepoints.map((x) => Math.abs(x.delta))));
    const weight = big.reduce((s, c) => s + Math.abs(c.delta), 0);
    const centre = big.reduce((s, c) => s + c.index * Math.abs(c.delta), 0) / weight;
    // The candidates are 35 days apart; the weighted centre of the fitted changes lands between them.
    expect(Math.abs(centre - CHANGE_AT)).toBeLessThanOrEqual(10);
    const total = model.changepoints.reduce((s, c) => s + c.delta, 0);
    expect(total).toBeGreaterThan(-0.08 * 1.25);
    expect(total).toBeLessThan(-0.08 * 0.75);
  });

  it('recovers the weekly pattern and the holiday effects', () => {
    const start = 700;
    const fitted = Array.from({ length: 7 }, (_, i) => model.components(start + i).weekly!);
    const meanFitted = fitted.reduce((a, b) => a + b, 0) / 7;
    fitted.forEach((v, i) => expect(Math.abs(v - meanFitted - truth(start + i).weekly)).toBeLessThan(1.5));
    const christmas = Date.UTC(2024, 11, 25) / DAY_MS - FIRST_DAY;
    expect(model.components(christmas).holidays).toBeCloseTo(truth(christmas).holiday, -1);
  });

  it('covers about 80 % and 95 % of a simulated future with its intervals', () => {
    let in80 = 0;
    let in95 = 0;
    let count = 0;
    for (const seed of [11, 12, 13, 14]) {
      const series = simulate(HISTORY + 56, seed);
      const forecast = fitProphet(series.slice(0, HISTORY), 7, { days: daysFor(HISTORY + 56), seed }).forecast(56);
      series.slice(HISTORY).forEach((actual, i) => {
        in80 += Number(actual >= forecast.lower80[i]! && actual <= forecast.upper80[i]!);
        in95 += Number(actual >= forecast.lower95[i]! && actual <= forecast.upper95[i]!);
        count++;
      });
    }
    expect(in80 / count).toBeGreaterThan(0.7);
    expect(in80 / count).toBeLessThan(0.92);
    expect(in95 / count).toBeGreaterThan(0.88);
  });

  it('is repeatable: the same seed gives the same intervals, another seed others', () => {
    const again = fitProphet(y, 7, { days: daysFor(HISTORY + 56) }).forecast(28);
    expect(again).toEqual(model.forecast(28));
    const other = fitProphet(y, 7, { days: daysFor(HISTORY + 56), seed: 99 }).forecast(28);
    expect(other.mean).toEqual(again.mean);
    expect(other.upper95).not.toEqual(again.upper95);
  });

  it('fits a series with no seasonality as a trend: a line with noise is continued', () => {
    const random = new SeededRandom(5);
    const line = Array.from({ length: 200 }, (_, t) => 20 + 0.5 * t + random.normal());
    const plain = fitProphet(line, 1);
    expect(plain.description).not.toMatch(/order/);
    expect(Object.keys(plain.components(0)).sort()).toEqual(['holidays', 'regressors', 'trend']);
    plain.pointForecast(10).forEach((v, i) => expect(Math.abs(v - (20 + 0.5 * (200 + i)))).toBeLessThan(3));
    const forecast = plain.forecast(10);
    forecast.mean.forEach((v, i) => expect(forecast.lower95[i]! < v && v < forecast.upper95[i]!).toBe(true));
  });

  it('estimates a promotion regressor given by the caller', () => {
    const random = new SeededRandom(6);
    const promo = Array.from({ length: 300 }, (_, t) => (Math.floor(t / 7) % 5 === 1 ? 1 : 0));
    const sales = promo.slice(0, 280).map((p, t) => 50 + 20 * p + WEEKLY[t % 7]! + 2 * random.normal());
    const fitted = fitProphet(sales, 7, { regressors: [{ name: 'promotion', values: promo }] });
    const onPromo = promo.findIndex((p, t) => t >= 280 && p === 1);
    const lift = fitted.components(onPromo).regressors! - fitted.components(onPromo - 7).regressors!;
    expect(lift).toBeGreaterThan(17);
    expect(lift).toBeLessThan(23);
  });

  it('uses the log scale when the seasonal swing grows with the level, not when it stays the same size', () => {
    const level = (t: number) => 20 * Math.exp(t / 150);
    const multiplicative = Array.from({ length: 280 }, (_, t) => level(t) * (1 + WEEKLY[t % 7]! / 40));
    const additive = Array.from({ length: 280 }, (_, t) => level(t) + WEEKLY[t % 7]!);
    expect(growsWithLevel(multiplicative, 7)).toBe(true);
    expect(growsWithLevel(additive, 7)).toBe(false);
    expect(fitProphet(multiplicative, 7).description).toMatch(/log scale/);
  });

  it('competes in auto selection and can be asked for by name', () => {
    const short = y.slice(0, 200);
    const auto = forecastSeries(short, 7, 14);
    expect(auto.candidates.map((c) => c.name)).toContain('prophet');
    const named = forecastSeries(short, 7, 14, 'prophet', { days: daysFor(214) });
    expect(named.model).toBe('prophet');
    expect(named.backtest!.mase).toBeGreaterThan(0);
    expect(named.forecast.mean).toHaveLength(14);
  });
});
