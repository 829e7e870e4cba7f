import type { SalesDay } from '../../../shared/sales';
import { DAY_MS, dayOfYear, holidayOn, isoDate, weekIndex, weekday } from './calendar';
import { DEMO_CATALOG } from './catalog';
import { Rng, Stream, hashUnit } from './rng';
import type { StoreLayout } from './staff';

/**
 * Daily unit sales per store × SKU. The mean is a product of multiplicative effects (store size, SKU
 * affinity, weekday, yearly season, trend, holiday, promotion); the count is negative binomial around it.
 * Everything is keyed by calendar day, so a given date sells the same units whatever range is requested.
 */

/** Monday … Sunday; averages 1.0 so `base` stays the mean daily demand. */
export const WEEKLY_PROFILE = [0.86, 0.84, 0.9, 0.96, 1.12, 1.28, 1.04] as const;

/** Share of (SKU, week) pairs on promotion: about four promotion weeks a year per SKU. */
export const PROMO_WEEK_PROBABILITY = 0.07;
const PROMO_DISCOUNTS = [10, 15, 20, 25] as const;
/** Trend is measured from here so a date's demand does not depend on the requested range. */
const TREND_ORIGIN_DAY = Date.UTC(2025, 0, 1) / DAY_MS;

export interface Promo {
  discountPct: number;
  uplift: number;
}

/** Chain-wide weekly promotions (Monday–Sunday), the same in every store. */
export function promoOn(seed: number, skuIndex: number, day: number): Promo | null {
  const item = DEMO_CATALOG[skuIndex];
  if (item === undefined || item.slow) return null;
  const week = weekIndex(day);
  if (hashUnit(seed, [Stream.promo, skuIndex, week]) >= PROMO_WEEK_PROBABILITY) return null;
  const discountPct = PROMO_DISCOUNTS[Math.floor(hashUnit(seed, [Stream.promo, skuIndex, week, 1]) * 4)] ?? 15;
  // Deeper discounts sell more: an elasticity of 2.5–4 gives +25 % … +100 % units.
  const elasticity = 2.5 + 1.5 * hashUnit(seed, [Stream.promo, skuIndex, week, 2]);
  return { discountPct, uplift: 1 + (discountPct / 100) * elasticity };
}

/** The price on the shelf that day, promotion included. */
export function shelfPrice(seed: number, skuIndex: number, day: number): number {
  const item = DEMO_CATALOG[skuIndex];
  if (item === undefined) throw new RangeError(`no SKU at index ${skuIndex}`);
  const promo = promoOn(seed, skuIndex, day);
  return promo === null ? item.price_minor : Math.round((item.price_minor * (100 - promo.discountPct)) / 100);
}

/** Expected units (before noise) for a store, SKU and day; 0 when the store is closed. */
export function meanUnits(seed: number, store: StoreLayout, skuIndex: number, day: number): number {
  const item = DEMO_CATALOG[skuIndex];
  if (item === undefined) return 0;
  const holiday = holidayOn(day);
  if (holiday?.closed) return 0;
  const affinity = 0.8 + 0.4 * hashUnit(seed, [Stream.affinity, store.index, skuIndex]);
  const weekly = WEEKLY_PROFILE[weekday(day)] ?? 1;
  const yearly = 1 + item.yearlyAmplitude * Math.cos((2 * Math.PI * (dayOfYear(day) - item.yearlyPeak)) / 365.25);
  const trend = Math.exp((store.growth * (day - TREND_ORIGIN_DAY)) / 365.25);
  const holidayFactor = holiday === null ? 1 : holiday.factor * (holiday.byCategory[item.category] ?? 1);
  const promo = promoOn(seed, skuIndex, day);
  return item.base * store.size * affinity * weekly * yearly * trend * holidayFactor * (promo?.uplift ?? 1);
}

/** Units for every store × day × SKU of a range, laid out [store][day][sku]. */
export class SalesHistory {
  readonly skuCount = DEMO_CATALOG.length;

  constructor(
    readonly seed: number,
    readonly stores: readonly StoreLayout[],
    readonly firstDay: number,
    readonly dayCount: number,
    private readonly units: Int32Array,
  ) {}

  unitsOn(storeOffset: number, day: number, skuIndex: number): number {
    return this.units[this.offset(storeOffset, day) + skuIndex] ?? 0;
  }

  /** A copy of one store-day's units by SKU index. */
  dayUnits(storeOffset: number, day: number): number[] {
    const start = this.offset(storeOffset, day);
    return Array.from(this.units.subarray(start, start + this.skuCount));
  }

  private offset(storeOffset: number, day: number): number {
    const dayOffset = day - this.firstDay;
    if (dayOffset < 0 || dayOffset >= this.dayCount) throw new RangeError(`day ${isoDate(day)} is outside the sales history`);
    return (storeOffset * this.dayCount + dayOffset) * this.skuCount;
  }
}

export function buildSalesHistory(seed: number, stores: readonly StoreLayout[], firstDay: number, dayCount: number): SalesHistory {
  const skuCount = DEMO_CATALOG.length;
  const units = new Int32Array(stores.length * dayCount * skuCount);
  stores.forEach((store, s) => {
    for (let d = 0; d < dayCount; d++) {
      const day = firstDay + d;
      const rng = new Rng(seed, [Stream.sales, store.index, day]);
      const base = (s * dayCount + d) * skuCount;
      for (let k = 0; k < skuCount; k++) {
        const item = DEMO_CATALOG[k];
        const mean = meanUnits(seed, store, k, day);
        units[base + k] = item === undefined ? 0 : rng.negBinomial(mean, item.dispersion);
      }
    }
  });
  return new SalesHistory(seed, stores, firstDay, dayCount, units);
}

/** SalesDay rows ordered by date, store, SKU, in chunks of at most `chunkSize`. */
export function* salesRowChunks(history: SalesHistory, chunkSize: number): Generator<SalesDay[]> {
  let chunk: SalesDay[] = [];
  for (let d = 0; d < history.dayCount; d++) {
    const day = history.firstDay + d;
    const date = isoDate(day);
    const prices = DEMO_CATALOG.map((_, k) => shelfPrice(history.seed, k, day));
    for (let s = 0; s < history.stores.length; s++) {
      const storeId = history.stores[s]?.storeId ?? '';
      for (let k = 0; k < DEMO_CATALOG.length; k++) {
        const units = history.unitsOn(s, day, k);
        const sku = DEMO_CATALOG[k]?.sku ?? '';
        chunk.push({ store_id: storeId, sku, date, units, revenue_minor: units * (prices[k] ?? 0) });
        if (chunk.length >= chunkSize) {
          yield chunk;
          // A fresh array per chunk: the consumer may still hold the previous one.
          chunk = [];
        }
      }
    }
  }
  if (chunk.length > 0) yield chunk;
}
