import path from 'node:path';
import type { SalesDay } from '../../../../shared/sales';
import { EventBus } from '../../bus';
import { AuditStore } from '../../store';
import { tempDir } from '../../store/test-helpers';
import { ForecastWorkers } from '../forecast-workers';
import { ForecastQueries } from './forecast-queries';
import { ForecastService, type ForecastServiceDeps } from './forecast-service';
import { dateOf, dayOf } from './sales-series';

/** Test support: a real database, a small worker pool and a service over them. */
export function forecastTestbed(deps: Partial<ForecastServiceDeps> = {}) {
  const tmp = tempDir('watchdog-forecast-');
  const store = AuditStore.open(path.join(tmp.dir, 'forecast.db'));
  const bus = new EventBus();
  const pushed: { event: string; payload: unknown }[] = [];
  bus.subscribe((event, payload) => void pushed.push({ event, payload }));
  let pools = 0;
  const service = new ForecastService({
    db: store.db,
    bus,
    now: () => new Date('2026-03-01T12:00:00.000Z'),
    scheduledLstm: false,
    workers: () => {
      pools += 1;
      return new ForecastWorkers(1);
    },
    startDelayMs: 3_600_000,
    ...deps,
  });
  // The schedule's timers wait an hour; started so that stale answers and imports ask for runs.
  service.start();
  const queries = new ForecastQueries(service);
  store.sales.upsertSkus([
    { sku: 'A', name: 'Apples', category: 'Fruit', price_minor: 100 },
    { sku: 'B', name: 'Bananas', category: 'Fruit', price_minor: 50 },
    { sku: 'C', name: 'Coffee', category: 'Pantry', price_minor: 500 },
  ]);
  return {
    store, bus, pushed, service, queries,
    get pools() {
      return pools;
    },
    /** Days `from`..`to` (inclusive) of one store × SKU, with `units(day index)` (null: no row). */
    sell(storeId: string, sku: string, from: string, to: string, units: (i: number) => number | null): void {
      const rows: SalesDay[] = [];
      for (let day = dayOf(from), i = 0; day <= dayOf(to); day++, i++) {
        const u = units(i);
        if (u !== null) rows.push({ store_id: storeId, sku, date: dateOf(day), units: u, revenue_minor: u * 100 });
      }
      store.sales.upsertDays(rows);
    },
    async close(): Promise<void> {
      await service.close();
      store.close();
      tmp.cleanup();
    },
  };
}

/** A weekly pattern around `level`, with a little deterministic wobble. */
export const weekly = (level: number) => (i: number) => Math.round(level * [0.8, 0.9, 1, 1, 1.2, 1.4, 0.7][i % 7]! + ((i * 7919) % 5) - 2);
