import { dayToDate, type RowDay } from './cell-values';
import type { HistoryKind } from './fields';
import type { HistoryRecord } from './map-history-row';

/** One store × SKU × day as the file adds up to, with the rows that went into it. */
export interface DayCell {
  store_id: string;
  sku: string;
  date: string;
  /** Sales: the day's units (below zero when returns outweigh sales: checked before writing); stock: the count kept. */
  count: number;
  /** Sales: the day's revenue in minor units; stock: 0. */
  revenue_minor: number;
  rows: number;
  firstRow: number;
  lastRow: number;
}

interface Pair {
  store_id: string;
  sku: string;
  /** Day → cell number. */
  days: Map<number, number>;
}

/**
 * A whole file's rows folded into its store × SKU × day cells: sales add up (units and revenue, returns
 * included), stock keeps the day's latest count (by its time when both counts have one, else the later
 * row). Cells are numbered and their values kept in plain arrays rather than an object per cell.
 */
export class DayCells {
  private readonly pairIndex = new Map<string, number>();
  private readonly pairs: Pair[] = [];
  private readonly count: number[] = [];
  private readonly revenue: number[] = [];
  /** Stock: the kept count's time, NaN when its cell was a date alone. */
  private readonly time: number[] = [];
  private readonly rows: number[] = [];
  private readonly firstRow: number[] = [];
  private readonly lastRow: number[] = [];

  constructor(readonly kind: HistoryKind) {}

  get size(): number {
    return this.rows.length;
  }

  add(record: HistoryRecord, day: RowDay, row: number): void {
    const days = this.daysOf(record.store_id, record.sku);
    const count = 'units' in record ? record.units : record.on_hand;
    const revenue = 'revenue_minor' in record ? record.revenue_minor : 0;
    const time = day.time ?? Number.NaN;
    const cell = days.get(day.day);
    if (cell === undefined) {
      days.set(day.day, this.rows.length);
      this.count.push(count);
      this.revenue.push(revenue);
      this.time.push(time);
      this.rows.push(1);
      this.firstRow.push(row);
      this.lastRow.push(row);
      return;
    }
    this.rows[cell] = (this.rows[cell] ?? 0) + 1;
    this.lastRow[cell] = row;
    if (this.kind === 'sales') {
      this.count[cell] = (this.count[cell] ?? 0) + count;
      this.revenue[cell] = (this.revenue[cell] ?? 0) + revenue;
    } else if (!(time < (this.time[cell] ?? Number.NaN))) {
      // Only a count with a time earlier than the kept one's is superseded; otherwise the later row wins.
      this.count[cell] = count;
      this.time[cell] = time;
    }
  }

  /** Every cell, in the tables' key order (store, SKU, date), so writes follow the B-tree. */
  *cells(): Generator<DayCell> {
    const order = this.pairs.map((_, i) => i).sort((a, b) => comparePairs(this.pairs[a] as Pair, this.pairs[b] as Pair));
    for (const p of order) {
      const pair = this.pairs[p] as Pair;
      for (const day of [...pair.days.keys()].sort((a, b) => a - b)) {
        const cell = pair.days.get(day) as number;
        yield {
          store_id: pair.store_id,
          sku: pair.sku,
          date: dayToDate(day),
          count: this.count[cell] ?? 0,
          revenue_minor: this.revenue[cell] ?? 0,
          rows: this.rows[cell] ?? 0,
          firstRow: this.firstRow[cell] ?? 0,
          lastRow: this.lastRow[cell] ?? 0,
        };
      }
    }
  }

  private daysOf(storeId: string, sku: string): Map<number, number> {
    const key = `${storeId}\u0000${sku}`;
    const p = this.pairIndex.get(key);
    if (p !== undefined) return (this.pairs[p] as Pair).days;
    const pair: Pair = { store_id: storeId, sku, days: new Map() };
    this.pairIndex.set(key, this.pairs.length);
    this.pairs.push(pair);
    return pair.days;
  }
}

function comparePairs(a: Pair, b: Pair): number {
  if (a.store_id !== b.store_id) return a.store_id < b.store_id ? -1 : 1;
  return a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0;
}
