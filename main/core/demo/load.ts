import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EventInputSchema } from '../../../shared/events';
import type { SalesDay } from '../../../shared/sales';
import { AppError } from '../api/errors';
import { csvCell } from '../imports/error-report';
import { decimalsOf } from '../imports/field-values';
import { importHistory } from '../imports/history';
import type { MappingInput } from '../imports/mapping';
import type { AuditStore } from '../store';
import { DEMO_CATALOG } from './catalog';
import { CURRENCY } from './emit';
import { estimateDemoEvents, generateDemo } from './generator';
import type { DemoOptions } from './options';

const DELIVERY_LAG_MS = 180;

export interface DemoLoadResult {
  events: number;
  /** Store × SKU × day sales rows written. */
  salesRows: number;
  from: string;
  to: string;
}

export type DemoProgress = (done: number, total: number, phase: string) => void;

/**
 * Writes the generated demo store through the same paths real data takes: events are validated by
 * the contract's schema and appended in batches by the single writer; the sales history is written out
 * as a POS's monthly sales reports (CSV) and read back by the sales import. Refuses a non-empty
 * database, so the demo can never mix with a store's real log.
 */
export async function loadDemo(store: AuditStore, options: DemoOptions, onProgress: DemoProgress = () => {}): Promise<DemoLoadResult> {
  if (!store.events.summary().empty) {
    throw new AppError('CONFLICT', 'This database already holds events; the demo store loads only into a database that holds none but its own setup.');
  }
  const estimate = estimateDemoEvents(options);
  const reports = new SalesReports(store);
  let events = 0;
  let from = Infinity;
  let to = -Infinity;
  try {
    for (const chunk of generateDemo(options)) {
      if (chunk.kind === 'catalog') {
        // The catalogue (list prices) is reference data, not a day's sales: a sales report only knows the
        // price paid that day, promotions included, so the catalogue is written as it is.
        store.sales.upsertSkus(chunk.skus);
      } else if (chunk.kind === 'sales') {
        await reports.add(chunk.rows);
      } else if (chunk.kind === 'stock') {
        // Counts are not part of a sales report; stored as a stock import stores them.
        await reports.finish();
        store.stock.upsertSnapshots(chunk.rows);
      } else {
        await reports.finish();
        // Replayed as if each terminal delivered its event a moment after it happened, so the same
        // options always produce the same chain, byte for byte.
        events += store.append(chunk.events.map((e) => EventInputSchema.parse(e)), (tsMs) => new Date(tsMs + DELIVERY_LAG_MS)).accepted;
        for (const e of chunk.events) {
          const ms = Date.parse(e.ts);
          if (ms < from) from = ms;
          if (ms > to) to = ms;
        }
      }
      onProgress(Math.min(events, estimate), estimate, chunk.kind === 'events' ? 'events' : chunk.kind === 'stock' ? 'stock counts' : 'sales history');
      // Let the host answer other requests (and push progress) between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await reports.finish();
  } finally {
    reports.dispose();
  }
  store.refreshStatistics();
  onProgress(events, events, 'done');
  // The demo's own span (the log may also hold setup and login events from today).
  const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : '');
  return { events, salesRows: reports.salesRows, from: iso(from), to: iso(to) };
}

/** A POS's daily sales report: one line per store, SKU and day. */
const REPORT_HEADER = 'Date,Store,SKU,Description,Department,Units,Net Sales,Currency\n';
const REPORT_MAPPING: MappingInput = {
  fields: {
    date: { column: 'Date' }, store_id: { column: 'Store' }, sku: { column: 'SKU' },
    units: { column: 'Units' }, revenue: { column: 'Net Sales' }, currency: { column: 'Currency' },
  },
};
const CATALOG_BY_SKU = new Map(DEMO_CATALOG.map((item) => [item.sku, item]));

/**
 * The demo's sales as one CSV report per calendar month, each imported (importHistory) as a store's own
 * export would be and then deleted: a month at a time, so the import's day totals stay small whatever
 * the number of stores and days.
 */
class SalesReports {
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watchdog-demo-sales-'));
  private file: string | null = null;
  private month: string | null = null;
  salesRows = 0;

  constructor(private readonly store: AuditStore) {}

  async add(rows: readonly SalesDay[]): Promise<void> {
    let text = '';
    for (const row of rows) {
      const month = row.date.slice(0, 7);
      if (month !== this.month) {
        if (this.file) fs.appendFileSync(this.file, text);
        text = '';
        await this.finish();
        this.month = month;
        this.file = path.join(this.dir, `sales-${month}.csv`);
        fs.writeFileSync(this.file, REPORT_HEADER);
      }
      text += reportLine(row);
    }
    if (this.file) fs.appendFileSync(this.file, text);
  }

  /** Imports the month written so far; its rows must all be stored, or the demo would be incomplete. */
  async finish(): Promise<void> {
    const file = this.file;
    if (!file) return;
    this.file = null;
    const result = await importHistory({ store: this.store }, file, { kind: 'sales', mapping: REPORT_MAPPING, format: 'csv', keepErrors: 1 });
    fs.rmSync(file, { force: true });
    if (result.outcome !== 'completed' || result.rowsRejected > 0) {
      const why = result.failure?.message ?? `row ${result.errors[0]?.row}: ${result.errors[0]?.field} ${result.errors[0]?.reason}`;
      throw new AppError('INTERNAL', `The demo's sales for ${this.month} could not be imported: ${why}`);
    }
    this.salesRows += result.history.days;
  }

  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

function reportLine(row: SalesDay): string {
  const item = CATALOG_BY_SKU.get(row.sku);
  const cells = [row.date, row.store_id, row.sku, item?.name ?? '', item?.category ?? '', String(row.units), majorUnits(row.revenue_minor), CURRENCY];
  return `${cells.map(csvCell).join(',')}\n`;
}

/** 1234 → "12.34" in the currency's own decimals. */
function majorUnits(minor: number): string {
  const digits = decimalsOf(CURRENCY);
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  const sign = minor < 0 ? '-' : '';
  return digits === 0 ? `${sign}${text}` : `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}
