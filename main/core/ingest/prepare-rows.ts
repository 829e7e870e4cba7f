import type { AppErrorShape } from '../../../shared/contract';
import { RowMapper, type RowError } from '../imports/map-row';
import type { Mapping } from '../imports/mapping';
import { recordData } from '../imports/csv-source';
import { BatchBuilder, type PackedBatch } from '../store/prepared';
import type { ImportRow } from './row-batch';

export interface RowsRequest {
  stream: number;
  index: number;
  /** With the first batch of a stream only. */
  mapping?: Mapping;
  /** The header that names CSV records' cells. */
  columns: readonly string[] | null;
  rows: readonly ImportRow[];
}

/** The valid rows as a batch for the writer (possibly empty), and each rejected row's reasons in row order. */
export type RowsOutcome = { ok: true; batch: PackedBatch; rejected: RowError[][] } | { ok: false; error: AppErrorShape };

/** Streams a worker holds at most: an import that never said it ended must not keep its window forever. */
const MAX_STREAMS = 16;

/**
 * The worker's side of file imports (ingest/row-batch.ts): one RowMapper per stream, so derived ids see
 * the stream's earlier rows exactly as a single-threaded import would.
 */
export class RowStreams {
  private readonly streams = new Map<number, { mapper: RowMapper; next: number }>();

  prepare({ stream, index, mapping, columns, rows }: RowsRequest): RowsOutcome {
    let state = this.streams.get(stream);
    if (index === 0 && mapping && !state) {
      if (this.streams.size >= MAX_STREAMS) this.streams.delete(this.streams.keys().next().value as number);
      state = { mapper: new RowMapper(mapping), next: 0 };
      this.streams.set(stream, state);
    }
    if (!state || state.next !== index) {
      // A replaced worker (the first one died) has lost the stream's window: its ids would differ.
      return { ok: false, error: { code: 'UNAVAILABLE', message: 'The import lost its place (an ingest worker restarted); run it again: rows already stored are recognised and not stored twice.' } };
    }
    state.next += 1;
    // Each valid row goes straight into the packed batch, so its objects die young.
    const batch = new BatchBuilder(true);
    const rejected: RowError[][] = [];
    for (const row of rows) {
      const mapped = state.mapper.map('cells' in row ? { row: row.row, data: recordData(row.cells, columns ?? []) } : row);
      if (mapped.ok) batch.add(mapped.event, mapped.canonical);
      else rejected.push(mapped.errors);
    }
    return { ok: true, batch: batch.donePacked(), rejected };
  }

  end(stream: number): void {
    this.streams.delete(stream);
  }
}
