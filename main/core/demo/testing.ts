import type { EventInput } from '../../../shared/events';
import type { SalesDay, Sku, StockSnapshot } from '../../../shared/sales';
import { generateDemo, type DemoChunk } from './generator';
import type { DemoOptions } from './options';

/** Test support: a whole demo run gathered into arrays (the product streams it chunk by chunk). */
export interface CollectedDemo {
  chunks: DemoChunk[];
  skus: Sku[];
  sales: SalesDay[];
  stock: StockSnapshot[];
  events: EventInput[];
  elapsedMs: number;
}

export function collectDemo(options: DemoOptions): CollectedDemo {
  const started = performance.now();
  const chunks = [...generateDemo(options)];
  const elapsedMs = performance.now() - started;
  const skus: Sku[] = [];
  const sales: SalesDay[] = [];
  const stock: StockSnapshot[] = [];
  const events: EventInput[] = [];
  for (const chunk of chunks) {
    if (chunk.kind === 'catalog') skus.push(...chunk.skus);
    else if (chunk.kind === 'sales') sales.push(...chunk.rows);
    else if (chunk.kind === 'stock') stock.push(...chunk.rows);
    else events.push(...chunk.events);
  }
  return { chunks, skus, sales, stock, events, elapsedMs };
}

/** Counts of `action` per user in a store, for per-cashier rates. */
export function countByUser(events: readonly EventInput[], storeId: string, action: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of events) {
    if (e.store_id !== storeId || e.action !== action || e.user_id == null) continue;
    counts.set(e.user_id, (counts.get(e.user_id) ?? 0) + 1);
  }
  return counts;
}

/** Each cashier's rate of `action` per pos.sale, divided by the store's overall rate. */
export function rateRatios(events: readonly EventInput[], storeId: string, action: string): Map<string, number> {
  const sales = countByUser(events, storeId, 'pos.sale');
  const hits = countByUser(events, storeId, action);
  let totalSales = 0;
  let totalHits = 0;
  for (const [user, n] of sales) {
    totalSales += n;
    totalHits += hits.get(user) ?? 0;
  }
  const storeRate = totalHits / totalSales;
  const ratios = new Map<string, number>();
  for (const [user, n] of sales) ratios.set(user, (hits.get(user) ?? 0) / n / storeRate);
  return ratios;
}

export const DEMO_END = new Date('2026-02-01T00:00:00.000Z');
