import { describe, expect, it } from 'vitest';
import type { SalesDay } from '../../../shared/sales';
import { DAY_MS, holidayOn, isoDate, thanksgivingDay, weekday } from './calendar';
import { DEMO_CATALOG } from './catalog';
import { promoOn, shelfPrice } from './sales';
import { DEMO_END, collectDemo } from './testing';

const SEED = 1;
const run = collectDemo({ days: 90, stores: 2, seed: SEED, end: DEMO_END });
const endDay = DEMO_END.getTime() / DAY_MS;
const skuIndex = new Map(DEMO_CATALOG.map((s, i) => [s.sku, i]));

function dayOf(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

function mean(rows: readonly SalesDay[]): number {
  return rows.reduce((sum, r) => sum + r.units, 0) / Math.max(rows.length, 1);
}

describe('sales history', () => {
  it('covers salesDays × stores × SKUs, ending the day before end', () => {
    expect(run.sales).toHaveLength(730 * 2 * 40);
    expect(run.sales[0]?.date).toBe(isoDate(endDay - 730));
    expect(run.sales.at(-1)?.date).toBe(isoDate(endDay - 1));
    expect(new Set(run.sales.map((r) => r.store_id))).toEqual(new Set(['S001', 'S002']));
  });

  it('prices revenue at the shelf price of the day, promotions included', () => {
    for (const row of run.sales.filter((_, i) => i % 7 === 0)) {
      const k = skuIndex.get(row.sku) ?? -1;
      expect(row.revenue_minor).toBe(row.units * shelfPrice(SEED, k, dayOf(row.date)));
    }
  });

  it('adds up exactly to the pos.sale items per store, SKU and day over the event range', () => {
    const fromReceipts = new Map<string, number>();
    for (const e of run.events) {
      if (e.action !== 'pos.sale') continue;
      const items = (e.details as { items: { sku: string; qty: number }[] }).items;
      const date = String(e.ts).slice(0, 10);
      for (const item of items) {
        const key = `${e.store_id}|${item.sku}|${date}`;
        fromReceipts.set(key, (fromReceipts.get(key) ?? 0) + item.qty);
      }
    }
    const firstEventDate = isoDate(endDay - 90);
    const mismatches: string[] = [];
    let checked = 0;
    for (const row of run.sales) {
      if (row.date < firstEventDate) continue;
      checked++;
      const key = `${row.store_id}|${row.sku}|${row.date}`;
      if ((fromReceipts.get(key) ?? 0) !== row.units) mismatches.push(`${key}: ${fromReceipts.get(key)} vs ${row.units}`);
      fromReceipts.delete(key);
    }
    expect(checked).toBe(90 * 2 * 40);
    expect(mismatches).toEqual([]);
    expect([...fromReceipts.keys()]).toEqual([]);
  });

  it('has intermittent SKUs with more than 40 % zero days', () => {
    const zeroShare = (sku: string) => {
      const rows = run.sales.filter((r) => r.sku === sku && r.store_id === 'S001');
      return rows.filter((r) => r.units === 0).length / rows.length;
    };
    const slow = DEMO_CATALOG.filter((s) => s.slow).map((s) => s.sku);
    expect(slow.length).toBeGreaterThanOrEqual(4);
    for (const sku of slow) expect(zeroShare(sku)).toBeGreaterThan(0.4);
    // Only Christmas Day, when the store is closed.
    expect(zeroShare('SKU-1001')).toBeLessThan(0.01);
  });

  it('peaks at the weekend', () => {
    const bananas = run.sales.filter((r) => r.sku === 'SKU-1201' && !holidayOn(dayOf(r.date)));
    const saturday = mean(bananas.filter((r) => weekday(dayOf(r.date)) === 5));
    const tuesday = mean(bananas.filter((r) => weekday(dayOf(r.date)) === 1));
    expect(saturday / tuesday).toBeGreaterThan(1.3);
  });

  it('follows the year: cold brew sells more in July than in January', () => {
    const month = (m: string) => mean(run.sales.filter((r) => r.sku === 'SKU-1305' && r.date.slice(5, 7) === m));
    expect(month('07') / month('01')).toBeGreaterThan(1.5);
  });

  it('lifts units during promotions', () => {
    const k = skuIndex.get('SKU-1302') ?? -1;
    const rows = run.sales.filter((r) => r.sku === 'SKU-1302' && !holidayOn(dayOf(r.date)));
    const promo = rows.filter((r) => promoOn(SEED, k, dayOf(r.date)) !== null);
    const normal = rows.filter((r) => promoOn(SEED, k, dayOf(r.date)) === null);
    expect(promo.length).toBeGreaterThan(14);
    expect(mean(promo) / mean(normal)).toBeGreaterThan(1.15);
  });

  it('closes on Christmas Day and peaks on Christmas Eve and before Thanksgiving', () => {
    const total = (date: string) => run.sales.filter((r) => r.date === date && r.store_id === 'S001').reduce((s, r) => s + r.units, 0);
    const sameWeekdayMean = (day: number) => (total(isoDate(day - 7)) + total(isoDate(day - 14))) / 2;
    expect(total('2025-12-25')).toBe(0);
    expect(total('2025-12-24') / sameWeekdayMean(dayOf('2025-12-24'))).toBeGreaterThan(1.3);
    const eve = thanksgivingDay(2025) - 1;
    expect(total(isoDate(eve)) / sameWeekdayMean(eve)).toBeGreaterThan(1.25);
    expect(run.events.some((e) => String(e.ts).startsWith('2025-12-25'))).toBe(false);
  });

  it('grows S001 and shrinks S002 mildly year on year', () => {
    const yearTotal = (store: string, from: number) =>
      run.sales.filter((r) => r.store_id === store && dayOf(r.date) >= from && dayOf(r.date) < from + 365).reduce((s, r) => s + r.units, 0);
    const s1 = yearTotal('S001', endDay - 365) / yearTotal('S001', endDay - 730);
    const s2 = yearTotal('S002', endDay - 365) / yearTotal('S002', endDay - 730);
    expect(s1).toBeGreaterThan(1.01);
    expect(s1).toBeLessThan(1.08);
    expect(s2).toBeLessThan(1);
    expect(s2).toBeGreaterThan(0.95);
  });
});
