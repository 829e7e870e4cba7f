import { DAY_MS, epochDayOf } from './calendar';

export interface DemoOptions {
  days: number;
  stores: number;
  seed: number;
  /** Exclusive: UTC midnight after the last day. A time later in the day is floored to that midnight. */
  end: Date;
  /** Days of sales history ending at `end`; default max(days, 730), never fewer than `days`. */
  salesDays?: number;
}

export const MAX_DEMO_DAYS = 3660;
export const MAX_DEMO_STORES = 99;
export const DEFAULT_SALES_DAYS = 730;

/** The options as whole epoch days, checked once so the rest of the generator can trust them. */
export interface ResolvedOptions {
  seed: number;
  stores: number;
  days: number;
  /** First day with events (epoch day). */
  firstEventDay: number;
  /** Day after the last one (epoch day), i.e. `end`. */
  endDay: number;
  salesDays: number;
  firstSalesDay: number;
}

function wholeNumber(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be a whole number from ${min} to ${max}, got ${value}`);
  }
  return value;
}

export function resolveOptions(options: DemoOptions): ResolvedOptions {
  const days = wholeNumber('days', options.days, 1, MAX_DEMO_DAYS);
  const stores = wholeNumber('stores', options.stores, 1, MAX_DEMO_STORES);
  if (!Number.isSafeInteger(options.seed)) throw new RangeError(`seed must be a safe integer, got ${options.seed}`);
  const endMs = options.end.getTime();
  if (!Number.isFinite(endMs)) throw new RangeError('end must be a valid date');
  const endDay = epochDayOf(endMs);
  const requestedSales = options.salesDays ?? Math.max(days, DEFAULT_SALES_DAYS);
  // Sales must cover the event days, or the receipts could not add up to the daily units.
  const salesDays = Math.max(days, wholeNumber('salesDays', requestedSales, 1, MAX_DEMO_DAYS));
  return {
    seed: options.seed,
    stores,
    days,
    firstEventDay: endDay - days,
    endDay,
    salesDays,
    firstSalesDay: endDay - salesDays,
  };
}

export function isoAt(day: number, offsetMs = 0): string {
  return new Date(day * DAY_MS + offsetMs).toISOString();
}
