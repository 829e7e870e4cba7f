import type { AppErrorShape } from '../../../shared/contract';
import { MAX_BATCH } from '../../../shared/events';
import type { CallContext, Core } from '..';
import { AppError, describeFields } from '../api/errors';
import { RowStream, type ImportRow } from '../ingest/row-batch';
import { isCsvSource } from './csv-source';
import { ErrorReport } from './error-report';
import { ImportTally } from './import-tally';
import type { RowError } from './map-row';
import { checkMapping, type Mapping, type MappingInput } from './mapping';
import { parseMapping } from './parse-mapping';
import { openRows, type ImportFormat, type RowSource } from './source';

/** Who imports into what: the core's ingest (its permission check, its workers, its single writer) as `ctx`. */
export interface ImportDeps {
  core: Pick<Core, 'ingest'>;
  ctx: CallContext;
}

export interface ImportProgress {
  rowsRead: number;
  rowsStored: number;
  duplicates: number;
  rowsRejected: number;
  bytesRead: number;
  totalBytes: number;
}

export interface ImportOptions {
  format?: ImportFormat;
  /** As stored or written by hand: it is parsed and checked here (a bad one throws BAD_INPUT). */
  mapping: MappingInput;
  /** Abort to cancel: reading stops at once, batches already sent are committed, the rest is not sent. */
  signal?: AbortSignal;
  /** At most every 100 ms, and once at the end. */
  onProgress?: (progress: ImportProgress) => void;
  /** Where to write the error report (default: a temp file, made only if a row is rejected). */
  errorReport?: string;
  /** Row errors kept in the result (default 100); the report has them all. */
  keepErrors?: number;
  /** Events per batch (default and at most 1,000). */
  batchSize?: number;
  /** Batches sent but not yet durable; reading waits beyond this (default 4). */
  inFlight?: number;
}

export interface ImportResult {
  /** `failed`: a batch could not be stored or the file stopped making sense; `failure` says why. */
  outcome: 'completed' | 'cancelled' | 'failed';
  format: ImportFormat;
  /** Data rows read (blank rows are skipped and not counted). rowsRead = stored + duplicates + rejected + notSent. */
  rowsRead: number;
  /** New events in the log. */
  rowsStored: number;
  /** Rows whose event_id the log already had (an earlier import of the same rows): acknowledged, not stored twice. */
  duplicates: number;
  rowsRejected: number;
  /** Rows read but never sent (so neither checked nor stored) because the import was cancelled or failed first (less than one batch). */
  rowsNotSent: number;
  /** The first errors (see keepErrors), in the order found. */
  errors: RowError[];
  /** All errors, one rejected row may have several. */
  errorCount: number;
  /** The report with every error (null when nothing was rejected and no path was given). */
  errorReport: string | null;
  failure: AppErrorShape | null;
  elapsedMs: number;
}

/**
 * Imports a CSV, JSON or JSON Lines file of events: the rows go through `core.ingest` in batches of up
 * to 1,000, a few batches in flight and the file paused while they are. In an ingest worker each row
 * is mapped and validated on its own (EventInputSchema, so reasons read as elsewhere in the app); a bad
 * row is reported and skipped, the good ones are stored. Rows without an event_id get one derived from
 * their content (event-id.ts), so importing the same file twice stores nothing twice.
 *
 * Throws (AppError) only when nothing has happened yet: a bad mapping, a missing file, an error report
 * that cannot be written. Anything later ends the import with an outcome and the counts so far.
 */
export async function importEvents(deps: ImportDeps, file: string, options: ImportOptions): Promise<ImportResult> {
  const mapping = parseMapping(options.mapping);
  const source = openRows(file, options.format);
  const report = new ErrorReport(options.errorReport ?? null);
  return new ImportRun(deps, source, mapping, report, options).run();
}

class ImportRun extends ImportTally {
  private readonly running = new Set<Promise<void>>();
  /** Rows read and not yet sent: the next batch. */
  private batch: ImportRow[] = [];
  private readonly stream: RowStream;
  private readonly batchSize: number;
  private readonly inFlight: number;

  constructor(
    private readonly deps: ImportDeps,
    source: RowSource,
    private readonly mapping: Mapping,
    report: ErrorReport,
    private readonly options: ImportOptions,
  ) {
    super(source, report, options.keepErrors ?? 100, options.onProgress);
    this.stream = new RowStream(mapping);
    this.batchSize = Math.max(1, Math.min(options.batchSize ?? MAX_BATCH, MAX_BATCH));
    this.inFlight = Math.max(1, options.inFlight ?? 4);
  }

  private get cancelled(): boolean {
    return this.options.signal?.aborted ?? false;
  }

  private get stopped(): boolean {
    return this.cancelled || this.failure !== null;
  }

  async run(): Promise<ImportResult> {
    const started = performance.now();
    const stop = abortPromise(this.options.signal);
    try {
      await this.readAll(stop.promise);
    } catch (error) {
      this.fail(error);
    } finally {
      stop.dispose();
    }
    // Batches already sent are committed whatever happened: their counts belong in the result.
    await Promise.allSettled([...this.running]);
    this.stream.close();
    await this.report.close();
    this.progress(true);
    return {
      outcome: this.failure ? 'failed' : this.cancelled ? 'cancelled' : 'completed',
      format: this.source.format,
      ...this.counts,
      rowsNotSent: this.batch.length,
      errors: this.errors,
      errorCount: this.errorCount,
      errorReport: this.report.path,
      failure: this.failure,
      elapsedMs: Math.round(performance.now() - started),
    };
  }

  private async readAll(stopped: Promise<void>): Promise<void> {
    let first = true;
    // CSV records stay cells until the worker: it makes each row's object, not this thread.
    const chunks: AsyncIterable<readonly ImportRow[]> = isCsvSource(this.source) ? this.source.records() : this.source.chunks();
    for await (const chunk of chunks) {
      if (first) this.checkColumns();
      first = false;
      for (const raw of chunk) {
        if (this.stopped) break;
        this.counts.rowsRead += 1;
        this.batch.push(raw);
        if (this.batch.length >= this.batchSize) {
          this.send();
          // Backpressure: the file is not read further while enough batches are on their way.
          while (this.running.size >= this.inFlight && !this.stopped) await Promise.race([...this.running, stopped]);
        }
      }
      if (this.stopped) return;
      await this.report.drained();
      this.progress(false);
    }
    if (this.batch.length) this.send();
  }

  /** CSV names its columns: a mapping that reads a column the file lacks would reject every row, so it stops here. */
  private checkColumns(): void {
    const { columns } = this.source;
    if (!columns) return;
    const problems = checkMapping(this.mapping, columns);
    if (problems.length) throw new AppError('BAD_INPUT', `The mapping does not fit this file: ${describeFields(problems, 10)}.`, problems);
  }

  private send(): void {
    const rows = this.batch;
    this.batch = [];
    // Only the row numbers outlive the call: the worker has the rows themselves.
    const numbers = rows.map((r) => r.row);
    const rejected = new Set<number>();
    const batch = this.stream.batch(rows, this.source.columns, (errors) => {
      if (errors[0]) rejected.add(errors[0].row);
      this.reject(errors);
    });
    const job: Promise<void> = this.deps.core
      .ingest(this.deps.ctx, batch)
      .then(
        (result) => {
          this.counts.rowsStored += result.accepted;
          this.counts.duplicates += result.duplicates.length;
        },
        (error: unknown) => this.refused(error, numbers.filter((row) => !rejected.has(row))),
      )
      .finally(() => {
        this.running.delete(job);
        this.progress(false);
      });
    this.running.add(job);
  }

  /**
   * A batch the pipeline refused as bad input, although its rows passed the schema: its valid rows are
   * reported (nothing of a refused batch is stored). Anything else (no permission, disk) ends the import.
   */
  private refused(error: unknown, rows: number[]): void {
    if (!(error instanceof AppError) || error.code !== 'BAD_INPUT') {
      this.fail(error);
      return;
    }
    const byRow = new Map<number, RowError[]>();
    for (const f of error.fields ?? []) {
      const row = f.index === undefined ? undefined : rows[f.index];
      if (row !== undefined) byRow.set(row, [...(byRow.get(row) ?? []), { row, field: f.path, reason: f.message }]);
    }
    for (const row of rows) this.reject(byRow.get(row) ?? [{ row, field: '(row)', reason: `not stored: its batch was refused (${error.message})` }]);
  }



}

/** Resolves when the signal aborts (never, without one); dispose() drops the listener from a long-lived signal. */
function abortPromise(signal: AbortSignal | undefined): { promise: Promise<void>; dispose(): void } {
  if (!signal) return { promise: new Promise<void>(() => {}), dispose: () => {} };
  let onAbort = () => {};
  const promise = new Promise<void>((resolve) => {
    onAbort = () => resolve();
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}
