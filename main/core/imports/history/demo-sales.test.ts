import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo, type DemoLoadResult } from '../../demo/load';
import { collectDemo, DEMO_END } from '../../demo/testing';
import { openTestStore, type TestStore } from './test-store';

const OPTIONS = { days: 14, stores: 2, seed: 1, end: DEMO_END };

let t: TestStore;
let loaded: DemoLoadResult;
beforeAll(async () => {
  t = openTestStore();
  loaded = await loadDemo(t.store, OPTIONS);
});
afterAll(() => t.close());

describe('the demo store’s sales, imported as monthly sales reports', () => {
  const generated = collectDemo(OPTIONS);

  it('stores exactly the rows the generator produced, and counts them as before', () => {
    expect(loaded.salesRows).toBe(730 * 2 * 40);
    const key = (r: { store_id: string; sku: string; date: string }) => `${r.store_id}\u0000${r.sku}\u0000${r.date}`;
    const byKey = (a: { store_id: string; sku: string; date: string }, b: typeof a) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
    expect(t.sales()).toEqual([...generated.sales].sort(byKey));
    expect(t.skus()).toEqual([...generated.skus].sort((a, b) => (a.sku < b.sku ? -1 : 1)));
  });

  it('adds up to the generator’s units and revenue per store', () => {
    const expected = new Map<string, [number, number]>();
    for (const r of generated.sales) {
      const [units, revenue] = expected.get(r.store_id) ?? [0, 0];
      expected.set(r.store_id, [units + r.units, revenue + r.revenue_minor]);
    }
    const stored = t.store.db.prepare('SELECT store_id, sum(units), sum(revenue_minor) FROM sales_daily GROUP BY store_id ORDER BY store_id').raw().all();
    expect(stored).toEqual([...expected].sort().map(([store, [units, revenue]]) => [store, units, revenue]));
    expect(stored).toHaveLength(2);
  });
});
