import { simulatedForecast } from '../../intervals';
import type { FittedModel, Forecast } from '../../types';
import { buildDesign, calendarOf, seasonalitiesFor, type Calendar, type Design, type ProphetOptions, type Seasonality } from './design';
import { prepare, solve, unstandardise } from './elastic-net';
import { simulatePaths } from './simulate';

export type { ProphetOptions, Regressor } from './design';

/** What a refit keeps: the seasonalities, the log transform and the penalties; the changepoints move with the history. */
export interface ProphetStructure {
  readonly seasonalities: readonly Seasonality[];
  readonly log: boolean;
  readonly l1: number;
  readonly l2: number;
}

/** The fitted regression, with its parts for inspection. */
export interface ProphetModel extends FittedModel {
  readonly structure: ProphetStructure;
  /** Each candidate changepoint's observation index and fitted change in slope (model scale, per observation). */
  readonly changepoints: readonly { readonly index: number; readonly delta: number }[];
  /** Observation i's parts on the model scale (log scale for a log model): trend (with the intercept), each seasonality, holidays, regressors. */
  components(i: number): Record<string, number>;
}

/** The penalty grid, in the units of the standardised problem (columns and response of standard deviation 1). */
export const L1_GRID = [0.0003, 0.003, 0.03, 0.3];
export const L2_GRID = [0.001, 0.03, 1];
/** Used when the series is too short to hold out a validation fold. */
export const DEFAULT_L1 = 0.003;
export const DEFAULT_L2 = 0.03;
const MIN_TRAIN = 8;
const DEFAULT_SEED = 8;

/**
 * A Prophet-style regression: a piecewise-linear trend with candidate changepoints over the first 80 %
 * of the history, Fourier seasonalities (weekly and yearly for daily data), the demo calendar's
 * holidays on dated daily series and the caller's regressors, fitted as an elastic net (L1 on the
 * changepoint deltas, L2 on the rest) by coordinate descent. The penalties come from a small grid
 * scored on the last fold of the series itself; the log scale is used for a positive series whose
 * seasonal amplitude grows with its level (`growsWithLevel`). Intervals: simulated future changepoints
 * plus resampled residuals (docs/forecasting.md).
 */
export function fitProphet(y: readonly number[], m: number, options: ProphetOptions = {}): ProphetModel {
  if (y.length < 2) throw new Error('the regression needs at least two observations');
  const calendar = calendarOf(m, options.days);
  const seasonalities = seasonalitiesFor(y.length, m, calendar);
  const log = y.every((v) => v > 0) && growsWithLevel(y, cyclePeriod(m, calendar));
  const [l1, l2] = choosePenalty(y, calendar, seasonalities, log, options);
  return fitStructure(y, calendar, { seasonalities, log, l1, l2 }, options);
}

interface Coefficients {
  readonly design: Design;
  readonly intercept: number;
  readonly coef: Float64Array;
}

function estimate(z: readonly number[], calendar: Calendar, s: ProphetStructure, options: ProphetOptions): Coefficients {
  const design = buildDesign(z.length, calendar, s.seasonalities, options);
  const prep = prepare(Array.from({ length: z.length }, (_, i) => design.row(i)), z, design.kinds);
  return { design, ...unstandardise(prep, solve(prep, s.l1, s.l2)) };
}

const predict = (c: Coefficients, i: number) => {
  const row = c.design.row(i);
  let value = c.intercept;
  for (let j = 0; j < row.length; j++) value += c.coef[j]! * row[j]!;
  return value;
};

function fitStructure(y: readonly number[], calendar: Calendar, s: ProphetStructure, options: ProphetOptions): ProphetModel {
  const n = y.length;
  const z = s.log ? y.map(Math.log) : [...y];
  const fit = estimate(z, calendar, s, options);
  const residuals = Float64Array.from(z, (v, i) => v - predict(fit, i));
  const deltas = fit.design.changepoints.map((_, j) => Math.abs(fit.coef[fit.design.firstChangepoint + j]!));
  const meanAbsDelta = deltas.length ? deltas.reduce((a, b) => a + b, 0) / deltas.length : 0;
  const zForecast = (h: number) => Array.from({ length: h }, (_, i) => predict(fit, n + i));
  const back = (values: number[]) => (s.log ? values.map(Math.exp) : values);
  return {
    family: 'prophet',
    description: describeFit(fit.design, s),
    pointForecast: (h) => back(zForecast(h)),
    forecast(h: number): Forecast {
      const zHat = zForecast(h);
      const paths = simulatePaths({ zHat, step: 1 / Math.max(1, n - 1), rate: fit.design.changepoints.length, meanAbsDelta, residuals, log: s.log, seed: options.seed ?? DEFAULT_SEED });
      return simulatedForecast(back(zHat), paths);
    },
    refit: (next) => fitStructure(next, calendar, s, options),
    structure: s,
    changepoints: fit.design.changepoints.map((t, j) => ({ index: Math.round(t * (n - 1)), delta: fit.coef[fit.design.firstChangepoint + j]! / Math.max(1, n - 1) })),
    components(i: number) {
      const row = fit.design.row(i);
      const parts: Record<string, number> = {};
      for (const g of fit.design.groups) {
        let sum = g.name === 'trend' ? fit.intercept : 0;
        for (let j = g.from; j < g.to; j++) sum += fit.coef[j]! * row[j]!;
        parts[g.name] = sum;
      }
      return parts;
    },
  };
}

function describeFit(design: Design, s: ProphetStructure): string {
  const parts = [`${design.changepoints.length} changepoints`];
  for (const season of s.seasonalities) parts.push(`${season.name} order ${season.order}`);
  if (design.holidayNames.length) parts.push(`${design.holidayNames.length} holidays`);
  if (s.log) parts.push('log scale');
  parts.push(`L1 ${s.l1}, L2 ${s.l2}`);
  return `Prophet(${parts.join('; ')})`;
}

/** The validation fold: a tenth of the series, at least two cycles, at most a fifth. */
export function validationLength(n: number, period: number): number {
  return Math.min(Math.floor(n / 5), Math.max(2 * period, Math.ceil(n / 10)));
}

/**
 * Each (λ₁, λ₂) of the grid is fitted on the series without its last fold and scored by the fold's
 * mean absolute error; ties go to the stronger penalty. Consecutive fits start from the previous
 * solution (same columns), so the grid costs little more than one fit.
 */
function choosePenalty(y: readonly number[], calendar: Calendar, seasonalities: readonly Seasonality[], log: boolean, options: ProphetOptions): [number, number] {
  const hv = validationLength(y.length, Math.max(1, ...seasonalities.map((s) => (s.onDays ? Math.min(s.period, 7) : s.period))));
  const train = y.length - hv;
  if (hv < 1 || train < MIN_TRAIN) return [DEFAULT_L1, DEFAULT_L2];
  const z = y.slice(0, train).map((v) => (log ? Math.log(v) : v));
  const design = buildDesign(train, calendar, seasonalities, options);
  const prep = prepare(Array.from({ length: train }, (_, i) => design.row(i)), z, design.kinds);
  const future = Array.from({ length: hv }, (_, i) => design.row(train + i));
  let best: [number, number] = [DEFAULT_L1, DEFAULT_L2];
  let bestError = Infinity;
  let warm: Float64Array | undefined;
  for (const l2 of [...L2_GRID].reverse()) {
    for (const l1 of [...L1_GRID].reverse()) {
      warm = solve(prep, l1, l2, warm);
      const { intercept, coef } = unstandardise(prep, warm);
      let error = 0;
      future.forEach((row, i) => {
        let value = intercept;
        for (let j = 0; j < row.length; j++) value += coef[j]! * row[j]!;
        error += Math.abs(y[train + i]! - (log ? Math.exp(value) : value));
      });
      if (error < bestError * (1 - 1e-12)) [bestError, best] = [error, [l1, l2]];
    }
  }
  return best;
}

/** The cycle the log rule looks at: the season, or a week for daily data; 0 when there is none. */
function cyclePeriod(m: number, calendar: Calendar): number {
  if (calendar.daily) return 7;
  return m >= 2 ? Math.round(m) : 0;
}

/**
 * The multiplicative-seasonality rule: over the complete cycles, regress the log of each cycle's
 * standard deviation on the log of its mean. A slope above 0.5 (nearer proportional growth, 1, than a
 * constant amplitude, 0) means the seasonal swing grows with the level. It needs at least four cycles
 * and levels that differ by at least 20 % between cycles, otherwise the series stays additive.
 */
export function growsWithLevel(y: readonly number[], period: number): boolean {
  if (period < 2) return false;
  const cycles = Math.floor(y.length / period);
  if (cycles < 4) return false;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let c = 0; c < cycles; c++) {
    const part = y.slice(y.length - (c + 1) * period, y.length - c * period);
    const mean = part.reduce((a, b) => a + b, 0) / period;
    const sd = Math.sqrt(part.reduce((a, b) => a + (b - mean) ** 2, 0) / (period - 1));
    if (!(sd > 0)) continue;
    xs.push(Math.log(mean));
    ys.push(Math.log(sd));
  }
  if (xs.length < 4 || Math.max(...xs) - Math.min(...xs) < Math.log(1.2)) return false;
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const sxy = xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0);
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return sxy / sxx > 0.5;
}
