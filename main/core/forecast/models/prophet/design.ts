import { holidayOn } from '../../../demo/calendar';

/** A promotion (or any other) regressor: one value per observation, and on past the history for the forecast; a missing value counts as 0. */
export interface Regressor {
  readonly name: string;
  readonly values: readonly number[];
}

export interface ProphetOptions {
  /** The epoch day (whole UTC days since 1970-01-01) of each observation; entries past the history date the forecast. */
  readonly days?: readonly number[];
  /** Extra columns given by the caller, such as promotions. */
  readonly regressors?: readonly Regressor[];
  /** The demo calendar's holidays as regressors on daily dated series (default true). */
  readonly holidays?: boolean;
  /** Seed of the simulated trend paths behind the intervals. */
  readonly seed?: number;
}

/** One Fourier seasonality: `order` sine/cosine pairs of the given period, on calendar days or on the observation index. */
export interface Seasonality {
  readonly name: string;
  readonly period: number;
  readonly order: number;
  readonly onDays: boolean;
}

/** How a column is penalised: not at all (the slope), L1 (changepoint deltas) or L2 (seasonal, holiday, regressor terms). */
export const FREE = 0;
export const L1 = 1;
export const L2 = 2;

/** Prophet's defaults: 25 candidate changepoints over the first 80 % of the history. */
export const CHANGEPOINTS = 25;
export const CHANGEPOINT_RANGE = 0.8;
const WEEKLY_ORDER = 3;
const YEARLY_ORDER = 10;
const YEAR_DAYS = 365.25;
const MAX_FOURIER_ORDER = 10;
/** Two years of days counted inclusively, so the demo's 730-day history gets its yearly terms. */
const TWO_YEARS = 730;

/** The calendar of a series: daily when its dates are a day apart, or, without dates, when its season is 7. */
export interface Calendar {
  readonly daily: boolean;
  /** The day (or, without dates, the index) of observation i, extended past the given dates at the median step. */
  dayOf(i: number): number;
  readonly dated: boolean;
}

export function calendarOf(m: number, days: readonly number[] | undefined): Calendar {
  if (!days || days.length < 2) return { daily: m === 7, dated: false, dayOf: (i) => i };
  const gaps = days.slice(1).map((d, i) => d - days[i]!).sort((a, b) => a - b);
  const step = gaps[Math.floor(gaps.length / 2)]!;
  const last = days.length - 1;
  return { daily: step >= 0.9 && step <= 1.1, dated: true, dayOf: (i) => (i <= last ? days[i]! : days[last]! + (i - last) * step) };
}

/**
 * Prophet's choice of seasonalities: for daily data weekly (order 3) from two weeks of history and
 * yearly (order 10, 365.25 days) from two years (730 days); for other data one seasonality of the season's
 * length, of order ⌊m/2⌋ up to 10, from two seasons.
 */
export function seasonalitiesFor(n: number, m: number, calendar: Calendar): Seasonality[] {
  if (calendar.daily) {
    const span = calendar.dayOf(n - 1) - calendar.dayOf(0) + 1;
    return [
      ...(span >= 14 ? [{ name: 'weekly', period: 7, order: WEEKLY_ORDER, onDays: true }] : []),
      ...(span >= TWO_YEARS ? [{ name: 'yearly', period: YEAR_DAYS, order: YEARLY_ORDER, onDays: true }] : []),
    ];
  }
  if (m < 2 || n < 2 * m) return [];
  return [{ name: `period ${m}`, period: m, order: Math.min(MAX_FOURIER_ORDER, Math.floor(m / 2)), onDays: false }];
}

/** The columns of the regression for a history of n observations; `row(i)` also gives the future's rows (i ≥ n). */
export interface Design {
  readonly kinds: Int8Array;
  /** Where the changepoint columns start, and each one's position on the scaled time axis (0 at the first observation, 1 at the last). */
  readonly firstChangepoint: number;
  readonly changepoints: number[];
  readonly holidayNames: string[];
  /** The column ranges [from, to) of the trend, each seasonality, the holidays and the regressors. */
  readonly groups: readonly { readonly name: string; readonly from: number; readonly to: number }[];
  row(i: number): Float64Array;
  /** Scaled time of observation i. */
  time(i: number): number;
}

export function buildDesign(n: number, calendar: Calendar, seasonalities: readonly Seasonality[], options: ProphetOptions): Design {
  const time = (i: number) => (n > 1 ? i / (n - 1) : 0);
  const changepoints = changepointTimes(n).map(time);
  const holidays = options.holidays !== false && calendar.daily && calendar.dated;
  const holidayAt = (i: number) => (holidays ? holidayOn(calendar.dayOf(i))?.name : undefined);
  const holidayNames = [...new Set(Array.from({ length: n }, (_, i) => holidayAt(i)).filter((name): name is string => !!name))];
  const regressors = options.regressors ?? [];
  const fourier = seasonalities.reduce((sum, s) => sum + 2 * s.order, 0);
  const p = 1 + changepoints.length + fourier + holidayNames.length + regressors.length;
  const kinds = new Int8Array(p).fill(L2);
  kinds[0] = FREE;
  kinds.fill(L1, 1, 1 + changepoints.length);
  const row = (i: number) => {
    const out = new Float64Array(p);
    const t = time(i);
    let c = 0;
    out[c++] = t;
    for (const cp of changepoints) out[c++] = Math.max(0, t - cp);
    for (const s of seasonalities) {
      const x = s.onDays ? calendar.dayOf(i) : i;
      for (let k = 1; k <= s.order; k++) {
        const angle = (2 * Math.PI * k * x) / s.period;
        out[c++] = Math.sin(angle);
        out[c++] = Math.cos(angle);
      }
    }
    if (holidayNames.length) {
      const name = holidayAt(i);
      for (const h of holidayNames) out[c++] = h === name ? 1 : 0;
    }
    for (const r of regressors) out[c++] = r.values[i] ?? 0;
    return out;
  };
  const groups: { name: string; from: number; to: number }[] = [{ name: 'trend', from: 0, to: 1 + changepoints.length }];
  for (const s of seasonalities) groups.push({ name: s.name, from: groups[groups.length - 1]!.to, to: groups[groups.length - 1]!.to + 2 * s.order });
  groups.push({ name: 'holidays', from: groups[groups.length - 1]!.to, to: groups[groups.length - 1]!.to + holidayNames.length });
  groups.push({ name: 'regressors', from: groups[groups.length - 1]!.to, to: p });
  return { kinds, firstChangepoint: 1, changepoints, holidayNames, groups, row, time };
}

/** Prophet's placement: K = min(25, ⌊0.8n⌋ − 1) changepoints at rounded, evenly spaced indexes of the first 80 % of the history. */
export function changepointTimes(n: number): number[] {
  const span = Math.floor(n * CHANGEPOINT_RANGE);
  const k = Math.min(CHANGEPOINTS, span - 1);
  if (k < 1) return [];
  const indexes = Array.from({ length: k }, (_, j) => Math.round(((j + 1) * (span - 1)) / k));
  return [...new Set(indexes)].filter((i) => i > 0 && i < n - 1);
}
