import type { EventInput } from '../../../shared/events';
import type { SalesDay, Sku, StockSnapshot } from '../../../shared/sales';
import { backOfficeDay } from './backoffice';
import { MEAN_BASKET_UNITS, buildBaskets } from './baskets';
import { compactDate, holidayOn } from './calendar';
import { DEMO_CATALOG, catalogSkus } from './catalog';
import { EventSink, type TimedEvent } from './emit';
import { sessionExceptions } from './exceptions';
import { resolveOptions, type DemoOptions, type ResolvedOptions } from './options';
import { plantStories } from './plants';
import { ringUp, type PosContext, type Receipt } from './pos';
import { cashierProfile, type CashierProfile } from './profiles';
import { Rng, Stream } from './rng';
import { type SalesHistory, buildSalesHistory, meanUnits, salesRowChunks, shelfPrice } from './sales';
import { stockRowChunks } from './stock';
import { allSessions, emitSessionBounds, rosterFor } from './shifts';
import { storeLayouts, type StoreLayout } from './staff';

export type DemoChunk =
  | { kind: 'catalog'; skus: Sku[] }
  | { kind: 'events'; events: EventInput[] }
  | { kind: 'sales'; rows: SalesDay[] }
  | { kind: 'stock'; rows: StockSnapshot[] };

export const EVENTS_PER_CHUNK = 1000;
export const SALES_ROWS_PER_CHUNK = 5000;

/** Everything that stays fixed for a run. */
interface World {
  resolved: ResolvedOptions;
  stores: StoreLayout[];
  history: SalesHistory;
  profiles: Map<string, CashierProfile>[];
  /** Recent receipts per store, carried across days so refunds can point at earlier sales. */
  recent: Receipt[][];
}

function buildWorld(options: DemoOptions): World {
  const resolved = resolveOptions(options);
  const stores = storeLayouts(resolved.stores);
  return {
    resolved,
    stores,
    history: buildSalesHistory(resolved.seed, stores, resolved.firstSalesDay, resolved.salesDays),
    profiles: stores.map(
      (store) => new Map(store.cashiers.map((c) => [c.id, cashierProfile(resolved.seed, resolved.stores, store, c.id)])),
    ),
    recent: stores.map(() => []),
  };
}

function simulateStoreDay(world: World, storeOffset: number, day: number, prices: readonly number[]): TimedEvent[] {
  const { seed } = world.resolved;
  const store = world.stores[storeOffset] as StoreLayout;
  const sink = new EventSink(store.storeId, seed, store.index);
  if (!holidayOn(day)?.closed) {
    const rosterRng = new Rng(seed, [Stream.roster, store.index, day]);
    const roster = rosterFor(rosterRng, sink, store, day);
    emitSessionBounds(rosterRng, sink, allSessions(roster));
    const ctx: PosContext = {
      day,
      store,
      roster,
      rng: new Rng(seed, [Stream.pos, store.index, day]),
      sink,
      prices,
      recent: world.recent[storeOffset] ?? [],
      receiptSeq: new Map(),
      dateTag: compactDate(day),
    };
    const baskets = buildBaskets(ctx.rng, day, world.history.dayUnits(storeOffset, day), roster.registers);
    roster.registers.forEach((session, i) => {
      const profile = world.profiles[storeOffset]?.get(session.member.id);
      if (profile === undefined) throw new Error(`no profile for ${session.member.id}`);
      const tally = ringUp(ctx, session, baskets[i] ?? [], profile);
      // Exceptions draw from their own stream: they look at earlier days' receipts, which must not
      // change the day's sales when the requested range changes.
      sessionExceptions({ ...ctx, rng: new Rng(seed, [Stream.exceptions, store.index, day, i]) }, session, profile, tally);
    });
    backOfficeDay({ day, store, roster, rng: new Rng(seed, [Stream.backOffice, store.index, day]), sink });
  }
  plantStories(new Rng(seed, [Stream.stories, store.index, day]), sink, store, day, world.resolved);
  return sink.events;
}

/** One day of every store, in time order (sort is stable, so equal times keep store order). */
function dayEvents(world: World, day: number): TimedEvent[] {
  const prices = DEMO_CATALOG.map((_, k) => shelfPrice(world.resolved.seed, k, day));
  const events = world.stores.flatMap((_, s) => simulateStoreDay(world, s, day, prices));
  return events.sort((a, b) => a.ms - b.ms);
}

/**
 * The demo as a stream of chunks: the catalogue, then the sales history (by date), the stock counts
 * of its last days (stock.ts, derived from those sales), then the events in
 * time order. Nothing is read from the clock or Math.random, so equal options give identical chunks.
 */
export function* generateDemo(options: DemoOptions): Generator<DemoChunk> {
  const world = buildWorld(options);
  yield { kind: 'catalog', skus: catalogSkus() };
  for (const rows of salesRowChunks(world.history, SALES_ROWS_PER_CHUNK)) yield { kind: 'sales', rows };
  for (const rows of stockRowChunks(world.history, world.resolved.seed, SALES_ROWS_PER_CHUNK)) yield { kind: 'stock', rows };
  let buffer: EventInput[] = [];
  for (let day = world.resolved.firstEventDay; day < world.resolved.endDay; day++) {
    for (const { event } of dayEvents(world, day)) {
      buffer.push(event);
      if (buffer.length === EVENTS_PER_CHUNK) {
        yield { kind: 'events', events: buffer };
        buffer = [];
      }
    }
  }
  if (buffer.length > 0) yield { kind: 'events', events: buffer };
}

/** Events per sale beyond the sale itself (voids, discounts, refunds, no-sales, pickups …). */
const EXTRA_EVENTS_PER_SALE = 0.1;
/** Logins, logouts, system starts, drawer counts, reports and back-office work per open store-day. */
const FIXED_EVENTS_PER_STORE_DAY = 27;

/** A quick expectation of the event count (no simulation), for progress bars. */
export function estimateDemoEvents(options: DemoOptions): number {
  const resolved = resolveOptions(options);
  const stores = storeLayouts(resolved.stores);
  let total = 0;
  for (let day = resolved.firstEventDay; day < resolved.endDay; day++) {
    if (holidayOn(day)?.closed) continue;
    for (const store of stores) {
      let units = 0;
      for (let k = 0; k < DEMO_CATALOG.length; k++) units += meanUnits(resolved.seed, store, k, day);
      total += (units / MEAN_BASKET_UNITS) * (1 + EXTRA_EVENTS_PER_SALE) + FIXED_EVENTS_PER_STORE_DAY;
    }
  }
  return Math.round(total);
}
