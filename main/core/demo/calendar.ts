import type { Category } from './catalog';

/**
 * Calendar arithmetic on "epoch days" (whole UTC days since 1970-01-01). The demo treats every store
 * clock as UTC, so a day is simply [day × 24 h, (day + 1) × 24 h) and no time-zone rules apply.
 */

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

export function epochDayOf(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

export function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Compact date for receipt numbers: 20260131. */
export function compactDate(day: number): string {
  return isoDate(day).replaceAll('-', '');
}

/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** Monday-based week number, used to key weekly promotions. */
export function weekIndex(day: number): number {
  return Math.floor((day + 3) / 7);
}

export function dayOfYear(day: number): number {
  const date = new Date(day * DAY_MS);
  return day - Math.floor(Date.UTC(date.getUTCFullYear(), 0, 1) / DAY_MS) + 1;
}

/** Milliseconds for a wall-clock time on a day: at(day, 22, 47, 5). */
export function at(day: number, hours: number, minutes = 0, seconds = 0): number {
  return day * DAY_MS + hours * HOUR_MS + minutes * MINUTE_MS + seconds * 1000;
}

/** US Thanksgiving: fourth Thursday of November. */
export function thanksgivingDay(year: number): number {
  const nov1 = Math.floor(Date.UTC(year, 10, 1) / DAY_MS);
  const toThursday = (3 - weekday(nov1) + 7) % 7;
  return nov1 + toThursday + 21;
}

export interface HolidayEffect {
  name: string;
  /** The stores do not trade at all (no sales, no shifts). */
  closed: boolean;
  /** Multiplier on every SKU's demand. */
  factor: number;
  /** Extra multiplier for a few categories (on top of `factor`). */
  byCategory: Partial<Record<Category, number>>;
}

function effect(name: string, factor: number, byCategory: Partial<Record<Category, number>> = {}): HolidayEffect {
  return { name, closed: false, factor, byCategory };
}

/** The holidays the sales model knows; exported so forecasting can use the same calendar as regressors. */
export function holidayOn(day: number): HolidayEffect | null {
  const date = new Date(day * DAY_MS);
  const month = date.getUTCMonth() + 1;
  const dom = date.getUTCDate();
  const thanksgiving = thanksgivingDay(date.getUTCFullYear());
  if (day === thanksgiving - 1) return effect('Thanksgiving Eve', 1.45, { Bakery: 1.35, Dairy: 1.25, Produce: 1.3 });
  if (day === thanksgiving) return effect('Thanksgiving', 0.55);
  if (month === 12) {
    if (dom === 23) return effect('Dec 23', 1.3, { Bakery: 1.15 });
    if (dom === 24) return effect('Christmas Eve', 1.55, { Bakery: 1.3, Dairy: 1.2 });
    if (dom === 25) return { name: 'Christmas Day', closed: true, factor: 0, byCategory: {} };
    if (dom === 26) return effect('Dec 26', 0.85);
    if (dom === 31) return effect("New Year's Eve", 1.3, { Beverages: 1.45, Snacks: 1.35 });
  }
  if (month === 1 && dom === 1) return effect("New Year's Day", 0.6);
  if (month === 7 && dom === 3) return effect('July 3', 1.15, { Beverages: 1.3, Snacks: 1.2 });
  if (month === 7 && dom === 4) return effect('Independence Day', 1.2, { Beverages: 1.5, Snacks: 1.4 });
  return null;
}
