import type { Db } from '../../store/database';
import { dateOf, dayOf } from './sales-series';

export interface Inventory {
  onHand: number;
  countedOn: string;
  daysOfCover: number | null;
  stockoutDate: string | null;
  turnover: number | null;
}

export type Risk = 'stockout' | 'low' | 'ok';

/** Units per day over the next 30 days of the forecast (fewer when it is shorter). */
export function dailyDemand(mean: readonly number[]): number {
  const days = mean.slice(0, 30);
  return days.length ? days.reduce((s, v) => s + v, 0) / days.length : 0;
}

export interface CoverInput {
  onHand: number;
  countedOn: string;
  /** The forecast's origin: the history's last day; the forecast's first day is the day after. */
  origin: string;
  /** Daily forecast means from origin + 1. */
  mean: readonly number[];
  /** Units actually sold on the days after the count up to the origin (a count older than the history). */
  soldSinceCount: number;
}

/**
 * Days of cover = on-hand ÷ forecast daily demand (next 30 days). Stock-out date: the first day the
 * cumulative demand after the count passes what was on hand, within 90 days of the origin: sales
 * already recorded since the count first, then the forecast means; past the forecast's end, its
 * 30-day daily demand carries on (the scheduled run forecasts 30 days).
 */
export function cover(input: CoverInput): { daysOfCover: number | null; stockoutDate: string | null } {
  const demand = dailyDemand(input.mean);
  const daysOfCover = demand > 0 ? input.onHand / demand : null;
  const origin = dayOf(input.origin);
  let used = input.soldSinceCount;
  if (used > input.onHand) return { daysOfCover, stockoutDate: dateOf(Math.max(origin, dayOf(input.countedOn) + 1)) };
  const from = Math.max(1, dayOf(input.countedOn) - origin + 1);
  for (let step = from; step <= 90; step++) {
    used += input.mean[step - 1] ?? demand;
    if (used > input.onHand) return { daysOfCover, stockoutDate: dateOf(origin + step) };
  }
  return { daysOfCover, stockoutDate: null };
}

/** 'stockout': none on hand or out within 7 days of the origin; 'low': within 14; else 'ok'. */
export function riskOf(onHand: number, stockoutDate: string | null, origin: string): Risk {
  if (onHand === 0) return 'stockout';
  if (stockoutDate === null) return 'ok';
  const days = dayOf(stockoutDate) - dayOf(origin);
  return days <= 7 ? 'stockout' : days <= 14 ? 'low' : 'ok';
}

/** Stock counts and the sales around them, per store and SKU. */
export class StockFigures {
  constructor(private readonly db: Db) {}

  /** The latest count of every store × SKU (of one store). */
  latestCounts(storeId?: string): { storeId: string; sku: string; date: string; onHand: number }[] {
    const where = storeId === undefined ? '' : 'WHERE store_id = ?';
    return this.db
      .prepare(`SELECT store_id AS storeId, sku, max(date) AS date, on_hand AS onHand FROM stock_snapshots ${where} GROUP BY store_id, sku`)
      .all(...(storeId === undefined ? [] : [storeId])) as { storeId: string; sku: string; date: string; onHand: number }[];
  }

  latestCount(storeId: string, sku: string): { date: string; onHand: number } | null {
    return (this.db.prepare('SELECT date, on_hand AS onHand FROM stock_snapshots WHERE store_id = ? AND sku = ? ORDER BY date DESC LIMIT 1').get(storeId, sku) as { date: string; onHand: number } | undefined) ?? null;
  }

  soldBetween(storeId: string, sku: string, afterDate: string, toDate: string): number {
    return this.db.prepare('SELECT total(units) FROM sales_daily WHERE store_id = ? AND sku = ? AND date > ? AND date <= ?').pluck().get(storeId, sku, afterDate, toDate) as number;
  }

  /** Units sold in the 365 days to `lastDate` ÷ the average counted on-hand in that time; null without counts or stock. */
  turnover(storeId: string, sku: string, lastDate: string): number | null {
    const from = dateOf(dayOf(lastDate) - 365);
    const sold = this.soldBetween(storeId, sku, from, lastDate);
    const average = this.db.prepare('SELECT avg(on_hand) FROM stock_snapshots WHERE store_id = ? AND sku = ? AND date > ? AND date <= ?').pluck().get(storeId, sku, from, lastDate) as number | null;
    return average && average > 0 ? sold / average : null;
  }

  /** Everything the contract's Inventory holds, for one store × SKU with a count; null without one. */
  inventory(storeId: string, sku: string, origin: string, mean: readonly number[]): Inventory | null {
    const count = this.latestCount(storeId, sku);
    if (!count) return null;
    const soldSinceCount = count.date < origin ? this.soldBetween(storeId, sku, count.date, origin) : 0;
    const { daysOfCover, stockoutDate } = cover({ onHand: count.onHand, countedOn: count.date, origin, mean, soldSinceCount });
    return { onHand: count.onHand, countedOn: count.date, daysOfCover, stockoutDate, turnover: this.turnover(storeId, sku, origin) };
  }
}
