import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Sku } from '../../../../shared/sales';
import { AppError, describeFields } from '../../api/errors';
import type { SalesHistory, StockHistory } from '../../store/sales-history';
import { ErrorReport } from '../error-report';
import { ImportTally } from '../import-tally';
import type { ImportOptions, ImportResult } from '../import-job';
import type { Mapping } from '../mapping';
import { openRows, type RowSource } from '../source';
import { DayCells, type DayCell } from './day-cells';
import { checkHistoryMapping, HISTORY_KINDS, isHistoryKind, parseHistoryMapping, type HistoryKind } from './fields';
import { HistoryRowMapper, type MappedHistoryRow } from './map-history-row';

/** Where history is written: the store's upserts (an `AuditStore` is one). */
export interface HistoryImportDeps {
  store: { sales: Pick<SalesHistory, 'upsertSkus' | 'upsertDays'>; stock: Pick<StockHistory, 'upsertSnapshots'> };
}

export interface HistoryImportOptions extends Pick<ImportOptions, 'format' | 'mapping' | 'signal' | 'onProgress' | 'errorReport' | 'keepErrors'> {
  kind: HistoryKind;
  /** Store × SKU × day cells per transaction (default 20,000); the host answers other requests between them. */
  cellsPerTransaction?: number;
}

/** What a history import wrote. */
export interface HistorySummary {
  kind: HistoryKind;
  /** Store × SKU × day cells of the file now stored: written, or already stored with these values. */
  days: number;
  /** Of those, the cells that were already stored with exactly these values (their rows count as duplicates). */
  unchanged: number;
  stores: number;
  skus: number;
  /** SKUs whose catalogue entry (name, category, price) the file gave (sales only). */
  catalogue: number;
  /** The first and last day stored (null when none). */
  from: string | null;
  to: string | null;
}

/**
 * The events import's result, where `rowsStored` is the rows whose day was written (new or changed),
 * `duplicates` the rows whose day was already stored with the same values, and `rowsNotSent` the valid
 * rows of days not written (a cancel, which writes nothing, or a failure part-way).
 */
export interface HistoryImportResult extends ImportResult {
  history: HistorySummary;
}

const CELLS_PER_TRANSACTION = 20_000;

/**
 * Imports a CSV, JSON or JSON Lines file of sales or stock history into `sales_daily` or
 * `stock_snapshots`. Rows are checked one by one (a bad row is reported and skipped), folded into
 * their store × SKU × day across the whole file, and only then written: each day's total REPLACES the
 * stored one, so importing a file twice changes nothing. See docs/ingest.md, "Sales and stock history".
 *
 * Throws (AppError) only when nothing has happened yet: a bad kind or mapping, a missing file, an error
 * report that cannot be written. Anything later ends the import with an outcome and the counts so far.
 */
export async function importHistory(deps: HistoryImportDeps, file: string, options: HistoryImportOptions): Promise<HistoryImportResult> {
  if (!isHistoryKind(options.kind)) throw new AppError('BAD_INPUT', `The kind of history must be one of ${HISTORY_KINDS.join(', ')}.`);
  const mapping = parseHistoryMapping(options.kind, options.mapping);
  const source = openRows(file, options.format);
  const report = new ErrorReport(options.errorReport ?? null);
  return new HistoryImportRun(deps, source, mapping, report, options).run();
}

class HistoryImportRun extends ImportTally {
  private readonly kind: HistoryKind;
  private readonly mapper: HistoryRowMapper;
  private readonly cells: DayCells;
  private readonly catalogue = new Map<string, Sku>();
  /** Sales: each store's currency, from its first row that names one (and that row). */
  private readonly currencies = new Map<string, { currency: string; row: number }>();
  /** Valid rows read whose day is not yet written or refused. */
  private pendingRows = 0;
  private readonly summary: HistorySummary;
  private readonly stores = new Set<string>();
  private readonly skus = new Set<string>();

  constructor(
    private readonly deps: HistoryImportDeps,
    source: RowSource,
    private readonly mapping: Mapping,
    report: ErrorReport,
    private readonly options: HistoryImportOptions,
  ) {
    super(source, report, options.keepErrors ?? 100, options.onProgress);
    this.kind = options.kind;
    this.mapper = new HistoryRowMapper(this.kind, mapping);
    this.cells = new DayCells(this.kind);
    this.summary = { kind: this.kind, days: 0, unchanged: 0, stores: 0, skus: 0, catalogue: 0, from: null, to: null };
  }

  private get cancelled(): boolean {
    return this.options.signal?.aborted ?? false;
  }

  private get stopped(): boolean {
    return this.cancelled || this.failure !== null;
  }

  async run(): Promise<HistoryImportResult> {
    const started = performance.now();
    try {
      await this.readAll();
      // Everything is added up before anything is written, so a cancel while reading writes nothing.
      if (!this.stopped) await this.writeAll();
    } catch (error) {
      this.fail(error);
    }
    await this.report.close();
    this.progress(true);
    return {
      outcome: this.failure ? 'failed' : this.cancelled && this.summary.days === 0 ? 'cancelled' : 'completed',
      format: this.source.format,
      ...this.counts,
      rowsNotSent: this.pendingRows,
      errors: this.errors,
      errorCount: this.errorCount,
      errorReport: this.report.path,
      failure: this.failure,
      elapsedMs: Math.round(performance.now() - started),
      history: { ...this.summary, stores: this.stores.size, skus: this.skus.size },
    };
  }

  private async readAll(): Promise<void> {
    let first = true;
    for await (const chunk of this.source.chunks()) {
      if (first) this.checkColumns();
      first = false;
      for (const raw of chunk) {
        if (this.stopped) break;
        this.counts.rowsRead += 1;
        this.take(this.mapper.map(raw));
      }
      if (this.stopped) return;
      await this.report.drained();
      this.progress(false);
    }
  }

  private take(mapped: MappedHistoryRow): void {
    if (!mapped.ok) return this.reject(mapped.errors, 1);
    const { record, row } = mapped;
    if ('currency' in record && record.currency !== null) {
      const first = this.currencies.get(record.store_id);
      if (!first) this.currencies.set(record.store_id, { currency: record.currency, row });
      else if (first.currency !== record.currency) {
        const reason = `is ${record.currency}, but store ${record.store_id} is in ${first.currency} (row ${first.row}): one store's sales are in one currency`;
        return this.reject([{ row, field: 'currency', reason }], 1);
      }
    }
    if ('catalogue' in record && record.catalogue) this.catalogue.set(record.sku, record.catalogue);
    this.cells.add(record, mapped.day, row);
    this.pendingRows += 1;
  }

  /** CSV names its columns: a mapping that reads a column the file lacks would reject every row, so it stops here. */
  private checkColumns(): void {
    const { columns } = this.source;
    if (!columns) return;
    const problems = checkHistoryMapping(this.kind, this.mapping, columns);
    if (problems.length) throw new AppError('BAD_INPUT', `The mapping does not fit this file: ${describeFields(problems, 10)}.`, problems);
  }

  /**
   * In transactions of 20,000 cells, yielding between them so the host keeps answering (and terminals'
   * batches are written between). Smaller ones cost far more: each rewrites the pages of the date index
   * it touches (1.46 million cells took 35 s in transactions of 5,000, 12.5 s in 20,000, 8 s in one that
   * held the writer for all 8). Not undone by a cancel once started; a failure part-way leaves whole
   * days, which importing the file again completes.
   */
  private async writeAll(): Promise<void> {
    if (this.catalogue.size) {
      this.deps.store.sales.upsertSkus([...this.catalogue.values()]);
      this.summary.catalogue = this.catalogue.size;
    }
    const size = Math.max(1, this.options.cellsPerTransaction ?? CELLS_PER_TRANSACTION);
    let batch: DayCell[] = [];
    for (const cell of this.cells.cells()) {
      if (this.refusedDay(cell)) continue;
      batch.push(cell);
      if (batch.length >= size) {
        this.write(batch);
        batch = [];
        await nextTurn();
        if (this.failure) return;
      }
    }
    if (batch.length) this.write(batch);
  }

  private write(batch: DayCell[]): void {
    const changed =
      this.kind === 'sales'
        ? this.deps.store.sales.upsertDays(batch.map((c) => ({ store_id: c.store_id, sku: c.sku, date: c.date, units: c.count, revenue_minor: c.revenue_minor })))
        : this.deps.store.stock.upsertSnapshots(batch.map((c) => ({ store_id: c.store_id, sku: c.sku, date: c.date, on_hand: c.count })));
    batch.forEach((cell, i) => {
      if (changed[i]) this.counts.rowsStored += cell.rows;
      else {
        this.counts.duplicates += cell.rows;
        this.summary.unchanged += 1;
      }
      this.pendingRows -= cell.rows;
      this.summary.days += 1;
      this.stores.add(cell.store_id);
      this.skus.add(cell.sku);
      if (this.summary.from === null || cell.date < this.summary.from) this.summary.from = cell.date;
      if (this.summary.to === null || cell.date > this.summary.to) this.summary.to = cell.date;
    });
    this.progress(false);
  }

  /** A sales day whose returns outweigh its sales is refused whole, reported once at its first row. */
  private refusedDay(cell: DayCell): boolean {
    if (this.kind !== 'sales') return false;
    const field = cell.count < 0 || !Number.isSafeInteger(cell.count) ? 'units' : cell.revenue_minor < 0 || !Number.isSafeInteger(cell.revenue_minor) ? this.revenueField() : null;
    if (field === null) return false;
    const total = field === 'units' ? `units add up to ${cell.count}` : `revenue adds up to ${cell.revenue_minor} (minor units)`;
    const rows = cell.rows === 1 ? `row ${cell.firstRow}` : `${cell.rows} rows, from row ${cell.firstRow} to row ${cell.lastRow}`;
    const why = cell.count < 0 || cell.revenue_minor < 0 ? 'more returned than sold' : 'too large to store';
    const reason = `${cell.store_id} ${cell.sku} on ${cell.date}: the day's ${total} over ${rows}; ${why}, so the day is not imported (a day's total must be 0 or more)`;
    this.pendingRows -= cell.rows;
    this.reject([{ row: cell.firstRow, field, reason }], cell.rows);
    return true;
  }

  private revenueField(): string {
    return this.mapping.fields.revenue_minor ? 'revenue_minor' : 'revenue';
  }



}
