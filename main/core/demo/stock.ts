import type { StockSnapshot } from '../../../shared/sales';
import { isoDate, weekday } from './calendar';
import { DEMO_CATALOG } from './catalog';
import { hashUnit } from './rng';
import type { SalesHistory } from './sales';

/**
 * End-of-day stock counts for the demo's last days, so forecasting has inventory to weigh
 * (docs/demo-data.md, "Stock counts"). Each store × SKU gets a weekly delivery (its own weekday)
 * that tops the shelf up to a par level of three weeks' average sales; the day's sales come off
 * the shelf (never below 0). A few SKUs per store are deliberately short at the end: their last
 * delivery tops up only to what leaves them ½, 5 and 11 days of average sales at the close.
 * Derived from the sales already generated and hashes of the seed, so sales and events are untouched.
 */

export const STOCK_DAYS = 120;
/** Its own hash stream (rng.ts numbers 1–10), so no other stream's draws change. */
const STOCK_STREAM = 11;
const PAR_DAYS = 21;
/** Days of average sales the short SKUs have left when the demo ends. */
const SHORT_COVER_DAYS = [0.5, 5, 11] as const;

interface Plan {
  storeOffset: number;
  skuIndex: number;
  average: number;
  par: number;
  deliveryWeekday: number;
  /** The cover the last delivery leaves at the end, for the short SKUs. */
  shortCover: number | null;
}

function plans(history: SalesHistory, seed: number, firstDay: number): Plan[] {
  const out: Plan[] = [];
  history.stores.forEach((store, s) => {
    const storePlans = DEMO_CATALOG.map((_, k): Plan => {
      let sold = 0;
      for (let day = firstDay; day < history.firstDay + history.dayCount; day++) sold += history.unitsOn(s, day, k);
      const average = sold / (history.firstDay + history.dayCount - firstDay);
      const deliveryWeekday = Math.floor(hashUnit(seed, [STOCK_STREAM, store.index, k, 1]) * 7);
      return { storeOffset: s, skuIndex: k, average, par: Math.ceil(average * PAR_DAYS) + 3, deliveryWeekday, shortCover: null };
    });
    const short = storePlans
      .filter((p) => p.average >= 1)
      .sort((a, b) => hashUnit(seed, [STOCK_STREAM, store.index, a.skuIndex]) - hashUnit(seed, [STOCK_STREAM, store.index, b.skuIndex]))
      .slice(0, SHORT_COVER_DAYS.length);
    short.forEach((p, j) => (p.shortCover = SHORT_COVER_DAYS[j] ?? null));
    out.push(...storePlans);
  });
  return out;
}

/** The counts, by date then store then SKU, in chunks of at most `chunkSize`. */
export function* stockRowChunks(history: SalesHistory, seed: number, chunkSize: number): Generator<StockSnapshot[]> {
  const endDay = history.firstDay + history.dayCount;
  const firstDay = Math.max(history.firstDay, endDay - STOCK_DAYS);
  const all = plans(history, seed, firstDay);
  const onHand = all.map((p) => p.par);
  let chunk: StockSnapshot[] = [];
  for (let day = firstDay; day < endDay; day++) {
    const date = isoDate(day);
    for (const [i, p] of all.entries()) {
      onHand[i] = Math.max(0, delivered(p, day, endDay, onHand[i] ?? 0) - history.unitsOn(p.storeOffset, day, p.skuIndex));
      chunk.push({ store_id: history.stores[p.storeOffset]?.storeId ?? '', sku: DEMO_CATALOG[p.skuIndex]?.sku ?? '', date, on_hand: onHand[i] ?? 0 });
      if (chunk.length >= chunkSize) {
        yield chunk;
        // A fresh array per chunk: the consumer may still hold the previous one.
        chunk = [];
      }
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** Days before the end in which a short SKU's supplier delivers nothing. */
const SUPPLIER_GAP_DAYS = 15;

/**
 * On-hand after the morning's delivery. A short SKU's deliveries stop SUPPLIER_GAP_DAYS before the
 * end; its last one before the gap is sized to leave its planned cover when the demo ends.
 */
function delivered(p: Plan, day: number, endDay: number, onHand: number): number {
  if (weekday(day) !== p.deliveryWeekday) return onHand;
  if (p.shortCover === null) return Math.max(onHand, p.par);
  const gapStarts = endDay - SUPPLIER_GAP_DAYS;
  if (day >= gapStarts) return onHand;
  if (day + 7 < gapStarts) return Math.max(onHand, p.par);
  return Math.max(onHand, Math.round(p.average * (endDay - day + p.shortCover)));
}
