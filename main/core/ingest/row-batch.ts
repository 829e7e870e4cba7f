import type { CsvRecord } from '../imports/csv-source';
import type { RowError } from '../imports/map-row';
import type { Mapping } from '../imports/mapping';
import type { RawRow } from '../imports/source';

/** A row of a JSON source, or a CSV record as its cells (half the cost to post of an object per row). */
export type ImportRow = RawRow | CsvRecord;

let lastStreamId = 0;

/**
 * One file import's rows on their way through `core.ingest`: a prepare worker maps, validates (the
 * contract's EventInputSchema, once) and canonicalises them, so the writer's thread only reads the file
 * and commits. All batches of a stream go to the same worker, in the order they were submitted: derived
 * event ids count repeated rows over a window of earlier rows (imports/event-id.ts), which that worker
 * keeps.
 */
export class RowStream {
  readonly id = ++lastStreamId;
  private batches = 0;
  private onClose: (() => void) | null = null;
  private closed = false;

  constructor(readonly mapping: Mapping) {}

  /**
   * The next batch; `columns` names CSV records' cells. `onRejected` hears each rejected row's reasons,
   * in row order, as soon as the worker has them.
   */
  batch(rows: readonly ImportRow[], columns: readonly string[] | null, onRejected: (errors: RowError[]) => void): RowBatch {
    if (this.closed) throw new Error('the import stream is closed');
    return new RowBatch(this, this.batches++, rows, columns, onRejected);
  }

  /** Called by whoever started its worker state (the pipeline), so close() can release it. */
  whenClosed(release: () => void): void {
    this.onClose = release;
  }

  /** No more batches: the worker forgets the stream. Batches already submitted still complete. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose?.();
    this.onClose = null;
  }
}

export class RowBatch {
  constructor(
    readonly stream: RowStream,
    /** Position in the stream, from 0: the worker refuses a batch that arrives out of turn. */
    readonly index: number,
    private rows: readonly ImportRow[] | null,
    readonly columns: readonly string[] | null,
    readonly onRejected: (errors: RowError[]) => void,
  ) {}

  /** The rows, once, for posting to the worker (which gets a copy): not kept until the batch is durable. */
  take(): readonly ImportRow[] {
    const { rows } = this;
    if (!rows) throw new Error('the batch was sent already');
    this.rows = null;
    return rows;
  }
}
