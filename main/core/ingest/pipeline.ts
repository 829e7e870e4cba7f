import { AppError } from '../api/errors';
import { MAX_BATCH } from '../../../shared/events';
import { MAX_GROUP_EVENTS, type AppendResult, type AuditLog } from '../store/audit-log';
import type { PackedBatch } from '../store/prepared';
import type { BatchSender } from './prepare-batch';
import { RowBatch, type RowStream } from './row-batch';
import { WorkerPool } from './worker-pool';

/** See PipelineOptions.importGroupEvents. */
const IMPORT_GROUP_EVENTS = 2 * MAX_BATCH;

export interface PipelineOptions {
  /** Prepare workers (default: one per core but the writer's, at least one). */
  workers?: number;
  /** Batches accepted but not yet committed; submit() waits beyond this, so memory stays bounded. */
  maxInFlight?: number;
  /** Upper bound of events in one group commit. */
  maxGroupEvents?: number;
  /**
   * File imports' batches wait for this many events of company before they are committed, while more
   * of them are being prepared (a terminal's batch is never held, and commits whatever is ready).
   */
  importGroupEvents?: number;
  /** Called after each commit with the batches it made durable (for live updates). */
  onCommitted?: (results: AppendResult[]) => void;
}

interface Ready {
  batch: PackedBatch;
  /** A file import's batch, which may wait for the next ones (importGroupEvents). */
  imported: boolean;
  resolve(result: AppendResult): void;
  reject(error: Error): void;
}

/**
 * The high-volume way in: batches (event arrays, or the JSON text of one as it came off the wire) are
 * parsed, validated and canonicalised by worker threads, then the single writer on this thread commits
 * whatever has queued up as one group — one transaction, one fsync — with a savepoint per batch.
 * A batch's promise resolves only after its group is durable; a rejected batch stores nothing.
 *
 * No timer is involved: while a commit runs, finished batches queue up in the event loop, and the
 * next commit takes all of them. A lone batch is committed at once.
 */
export class IngestPipeline {
  private readonly pool: WorkerPool;
  private readonly ready: Ready[] = [];
  private readonly waiting: (() => void)[] = [];
  private readonly maxInFlight: number;
  private readonly maxGroupEvents: number;
  private readonly importGroupEvents: number;
  private inFlight = 0;
  /** Import batches in the workers now: while there are some, the ones already prepared may wait for them. */
  private rowsPreparing = 0;
  /** File imports under way (their first batch submitted, not closed yet). */
  private streams = 0;
  private flushScheduled = false;
  private closed = false;

  constructor(
    private readonly log: AuditLog,
    private readonly options: PipelineOptions = {},
  ) {
    this.pool = new WorkerPool(options.workers);
    this.maxInFlight = options.maxInFlight ?? 32;
    this.maxGroupEvents = options.maxGroupEvents ?? MAX_GROUP_EVENTS;
    this.importGroupEvents = Math.min(options.importGroupEvents ?? IMPORT_GROUP_EVENTS, this.maxGroupEvents);
  }

  /**
   * Resolves with the batch's result once it is durable; rejects with an AppError if it was refused.
   * `body` is a batch of events (or its JSON text), or a file import's RowBatch: its rows are mapped and
   * validated one by one in a worker, rejected rows are reported to the batch and the others stored.
   */
  async submit(body: unknown, sender?: BatchSender): Promise<AppendResult> {
    if (this.closed) throw new AppError('UNAVAILABLE', 'Ingest is shutting down; the batch was not accepted.');
    if (body instanceof RowBatch) return this.submitRows(body);
    while (this.inFlight >= this.maxInFlight) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.inFlight += 1;
    try {
      const outcome = await this.pool.prepare(body, sender);
      if (!outcome.ok) throw new AppError(outcome.error.code, outcome.error.message, outcome.error.fields);
      return await this.commit(outcome.batch, false);
    } finally {
      this.inFlight -= 1;
      this.waiting.shift()?.();
    }
  }

  /**
   * An import's rows go to their stream's worker at once, without queueing behind other batches: the
   * stream's order must hold, and the import bounds its own batches in flight.
   */
  private async submitRows(rows: RowBatch): Promise<AppendResult> {
    if (rows.index === 0) this.streamOpened(rows.stream);
    this.inFlight += 1;
    this.rowsPreparing += 1;
    try {
      const outcome = await this.pool.prepareRows(rows).finally(() => {
        this.rowsPreparing -= 1;
        // Batches held for company are due once nothing more is coming.
        if (this.rowsPreparing === 0 && this.ready.length) this.scheduleFlush();
      });
      if (!outcome.ok) throw new AppError(outcome.error.code, outcome.error.message, outcome.error.fields);
      for (const errors of outcome.rejected) rows.onRejected(errors);
      if (outcome.batch.count === 0) return { accepted: 0, duplicates: [], firstSeq: null, lastSeq: null };
      return await this.commit(outcome.batch, true);
    } finally {
      this.inFlight -= 1;
      this.waiting.shift()?.();
    }
  }

  /** The log works in bulk while any import runs; its worker forgets the stream when the import closes it. */
  private streamOpened(stream: RowStream): void {
    if (this.streams++ === 0) this.log.bulk(true);
    stream.whenClosed(() => {
      this.pool.endStream(stream.id);
      if (--this.streams === 0) this.log.bulk(false);
    });
  }

  private commit(batch: PackedBatch, imported: boolean): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.ready.push({ batch, imported, resolve, reject });
      this.scheduleFlush();
    });
  }

  /**
   * Starts the workers and runs a sample batch through each (validated, never stored), so the first
   * terminals are not kept waiting while threads start and code compiles.
   */
  async warm(sample: unknown): Promise<void> {
    await this.pool.warm(sample);
  }

  /** Waits for everything accepted so far, then stops the workers. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.inFlight > 0) await new Promise((resolve) => setImmediate(resolve));
    await this.pool.close();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (!this.groupDue()) return;
    const group: Ready[] = [];
    let events = 0;
    while (this.ready.length && (group.length === 0 || events + (this.ready[0] as Ready).batch.count <= this.maxGroupEvents)) {
      const next = this.ready.shift() as Ready;
      group.push(next);
      events += next.batch.count;
    }
    if (this.ready.length) this.scheduleFlush();
    if (!group.length) return;
    let outcomes: (AppendResult | Error)[];
    try {
      outcomes = this.log.appendGroup(group.map((g) => g.batch));
    } catch (error) {
      const reason = new AppError('UNAVAILABLE', `The batch could not be stored, nothing of it was kept: ${(error as Error).message}`);
      for (const g of group) g.reject(reason);
      return;
    }
    const committed: AppendResult[] = [];
    outcomes.forEach((outcome, i) => {
      const entry = group[i] as Ready;
      if (outcome instanceof Error) {
        entry.reject(outcome instanceof AppError ? outcome : new AppError('INTERNAL', `The batch was rolled back: ${outcome.message}`));
      } else {
        committed.push(outcome);
        entry.resolve(outcome);
      }
    });
    if (committed.length) this.options.onCommitted?.(committed);
  }

  /**
   * Whether to commit now. A file import's batches alone wait for company while more of them are being
   * prepared: the hot index pages are written (and fsynced) once per commit, and the writer alone took
   * a fifth less time per event at two batches a commit than at one (median of four alternating runs).
   * Anything else is committed at once.
   */
  private groupDue(): boolean {
    if (this.rowsPreparing === 0 || this.closed) return true;
    let events = 0;
    for (const entry of this.ready) {
      if (!entry.imported) return true;
      events += entry.batch.count;
    }
    return events >= this.importGroupEvents;
  }
}
