import { describe, expect, it } from 'vitest';
import { DAY_MS, isoDate } from './calendar';
import { DEMO_CATALOG } from './catalog';
import { STOCK_DAYS } from './stock';
import { DEMO_END, collectDemo } from './testing';

const options = { days: 7, stores: 2, seed: 1, end: DEMO_END };
const run = collectDemo(options);
const endDay = DEMO_END.getTime() / DAY_MS;
const last = isoDate(endDay - 1);
const key = (r: { store_id: string; sku: string; date: string }) => `${r.store_id}|${r.sku}|${r.date}`;

describe('demo stock counts', () => {
  it('counts every store × SKU at the end of each of the last 120 days, never below zero', () => {
    expect(run.stock).toHaveLength(STOCK_DAYS * 2 * DEMO_CATALOG.length);
    expect(run.stock[0]?.date).toBe(isoDate(endDay - STOCK_DAYS));
    expect(run.stock.at(-1)?.date).toBe(last);
    expect(run.stock.every((r) => Number.isInteger(r.on_hand) && r.on_hand >= 0)).toBe(true);
    const kinds = run.chunks.map((c) => c.kind);
    expect(kinds.lastIndexOf('sales')).toBeLessThan(kinds.indexOf('stock'));
    expect(kinds.lastIndexOf('stock')).toBeLessThan(kinds.indexOf('events'));
  });

  it('takes the day’s sales off the shelf: a count only rises on a delivery, once a week', () => {
    const sold = new Map(run.sales.map((r) => [key(r), r.units]));
    const byItem = new Map<string, typeof run.stock>();
    for (const r of run.stock) byItem.set(`${r.store_id}|${r.sku}`, [...(byItem.get(`${r.store_id}|${r.sku}`) ?? []), r]);
    for (const rows of byItem.values()) {
      const rises = rows.slice(1).filter((r, i) => r.on_hand > Math.max(0, rows[i]!.on_hand - (sold.get(key(r)) ?? 0)));
      const weekdays = new Set(rises.map((r) => new Date(`${r.date}T00:00:00Z`).getUTCDay()));
      expect(weekdays.size).toBeLessThanOrEqual(1);
    }
  });

  it('leaves a few SKUs per store short at the end, the rest with about two weeks or more', () => {
    for (const store of ['S001', 'S002']) {
      const final = run.stock.filter((r) => r.store_id === store && r.date === last);
      const recent = run.sales.filter((r) => r.store_id === store && r.date > isoDate(endDay - 29));
      const demand = (sku: string) => recent.filter((r) => r.sku === sku).reduce((s, r) => s + r.units, 0) / 28;
      const short = final.filter((r) => r.on_hand < 8 * demand(r.sku));
      expect(short.length).toBeGreaterThanOrEqual(2);
      expect(short.length).toBeLessThanOrEqual(6);
    }
  });

  it('is the same for the same options, and leaves the sales and events as they were', () => {
    const again = collectDemo(options);
    expect(again.stock).toEqual(run.stock);
    expect(again.sales).toEqual(run.sales);
    expect(again.events).toEqual(run.events);
  });
});
