import { EventInputSchema } from '../../../shared/events';
import { AppError } from '../api/errors';
import type { AuditStore } from '../store';
import { estimateDemoEvents, generateDemo, type DemoChunk } from './generator';
import type { DemoOptions } from './options';

const DELIVERY_LAG_MS = 180;

export interface DemoLoadResult {
  events: number;
  salesRows: number;
  from: string;
  to: string;
}

export type DemoProgress = (done: number, total: number, phase: string) => void;

/**
 * Writes the generated demo store through the same paths real data takes: events are validated by
 * the contract's schema and appended in batches by the single writer. Refuses a non-empty database,
 * so the demo can never mix with a store's real log.
 */
export async function loadDemo(store: AuditStore, options: DemoOptions, onProgress: DemoProgress = () => {}): Promise<DemoLoadResult> {
  if (!store.events.summary().empty) {
    throw new AppError('CONFLICT', 'This database already holds events; the demo store loads only into a database that holds none but its own setup.');
  }
  const estimate = estimateDemoEvents(options);
  let events = 0;
  let salesRows = 0;
  let from = Infinity;
  let to = -Infinity;
  for (const chunk of generateDemo(options)) {
    events += writeChunk(store, chunk);
    if (chunk.kind === 'events') {
      for (const e of chunk.events) {
        const ms = Date.parse(e.ts);
        if (ms < from) from = ms;
        if (ms > to) to = ms;
      }
    }
    if (chunk.kind === 'sales') salesRows += chunk.rows.length;
    onProgress(Math.min(events, estimate), estimate, chunk.kind === 'events' ? 'events' : 'sales history');
    // Let the host answer other requests (and push progress) between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
  store.refreshStatistics();
  onProgress(events, events, 'done');
  // The demo's own span (the log may also hold setup and login events from today).
  const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : '');
  return { events, salesRows, from: iso(from), to: iso(to) };
}

function writeChunk(store: AuditStore, chunk: DemoChunk): number {
  switch (chunk.kind) {
    case 'catalog':
      store.sales.upsertSkus(chunk.skus);
      return 0;
    case 'sales':
      store.sales.upsertDays(chunk.rows);
      return 0;
    case 'events':
      // Replayed as if each terminal delivered its event a moment after it happened, so the same
      // options always produce the same chain, byte for byte.
      return store.append(chunk.events.map((e) => EventInputSchema.parse(e)), (tsMs) => new Date(tsMs + DELIVERY_LAG_MS)).accepted;
  }
}
