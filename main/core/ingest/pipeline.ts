import { AppError } from '../api/errors';
import { MAX_GROUP_EVENTS, type AppendResult, type AuditLog } from '../store/audit-log';
import type { PackedBatch } from '../store/prepared';
import type { BatchSender } from './prepare-batch';
import { WorkerPool } from './worker-pool';

export interface PipelineOptions {
  /** Prepare workers (default: one per core but the writer's, at least one). */
  workers?: number;
  /** Batches accepted but not yet committed; submit() waits beyond this, so memory stays bounded. */
  maxInFlight?: number;
  /** Upper bound of events in one group commit. */
  maxGroupEvents?: number;
  /** Called after each commit with the batches it made durable (for live updates). */
  onCommitted?: (results: AppendResult[]) => void;
}

interface Ready {
  batch: PackedBatch;
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
  private inFlight = 0;
  private flushScheduled = false;
  private closed = false;

  constructor(
    private readonly log: AuditLog,
    private readonly options: PipelineOptions = {},
  ) {
    this.pool = new WorkerPool(options.workers);
    this.maxInFlight = options.maxInFlight ?? 32;
    this.maxGroupEvents = options.maxGroupEvents ?? MAX_GROUP_EVENTS;
  }

  /** Resolves with the batch's result once it is durable; rejects with an AppError if it was refused. */
  async submit(body: unknown, sender?: BatchSender): Promise<AppendResult> {
    if (this.closed) throw new AppError('UNAVAILABLE', 'Ingest is shutting down; the batch was not accepted.');
    while (this.inFlight >= this.maxInFlight) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.inFlight += 1;
    try {
      const outcome = await this.pool.prepare(body, sender);
      if (!outcome.ok) throw new AppError(outcome.error.code, outcome.error.message, outcome.error.fields);
      return await new Promise<AppendResult>((resolve, reject) => {
        this.ready.push({ batch: outcome.batch, resolve, reject });
        this.scheduleFlush();
      });
    } finally {
      this.inFlight -= 1;
      this.waiting.shift()?.();
    }
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
}
