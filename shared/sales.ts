import { z } from 'zod';

/** One store × SKU × day of sales, the unit forecasting works on. Money in minor units. */
export const SalesDaySchema = z.strictObject({
  store_id: z.string().min(1).max(128),
  sku: z.string().min(1).max(64),
  date: z.iso.date(),
  units: z.int().min(0),
  revenue_minor: z.int().min(0),
});
export type SalesDay = z.output<typeof SalesDaySchema>;

export const SkuSchema = z.strictObject({
  sku: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  category: z.string().min(1).max(64),
  price_minor: z.int().min(0),
});
export type Sku = z.output<typeof SkuSchema>;

/** Units on hand for one store × SKU × day (the day's latest count). A count below zero is refused, never clamped. */
export const StockSnapshotSchema = z.strictObject({
  store_id: z.string().min(1).max(128),
  sku: z.string().min(1).max(64),
  date: z.iso.date(),
  on_hand: z.int().min(0),
});
export type StockSnapshot = z.output<typeof StockSnapshotSchema>;
