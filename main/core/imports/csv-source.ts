import fs from 'node:fs';
import Papa from 'papaparse';
import { AppError } from '../api/errors';
import { setOwn } from './map-row';
import { CHUNK_BYTES, type RawRow, type RowSource } from './source';

/** Chunks parsed but not yet taken by the reader: beyond this the file is paused. */
const PAUSE_AT = 2;
/** A row that has not ended after this much text has a quote that is never closed: stop, rather than hold the file. */
const MAX_ROW_BYTES = 4 * 1024 * 1024;

/**
 * A CSV record as read: its cells, which `columns` name (recordData makes the row's data of them), or a
 * row that could not be read.
 */
export type CsvRecord = { row: number; cells: readonly string[] } | { row: number; data: null; problem: string };

/** A CSV source also gives its records as cells: a file import posts those to a worker (ingest/row-batch.ts), not objects. */
export interface CsvSource extends RowSource {
  records(): AsyncGenerator<CsvRecord[]>;
}

export function isCsvSource(source: RowSource): source is CsvSource {
  return 'records' in source;
}

/**
 * CSV through papaparse's streaming parser over a file stream: the first record is the header (row 1),
 * the delimiter is guessed from the first chunk (comma, tab, pipe or semicolon), a byte-order mark is
 * dropped, and the file is paused while the reader is behind, so memory stays at a few chunks.
 * Records are kept as arrays (header: false) and counted here, blank ones too, so row numbers are
 * those a spreadsheet shows; a blank record is skipped.
 */
export function readCsv(file: string, totalBytes: number): CsvSource {
  let columns: string[] | null = null;
  let delimiter: string | null = null;
  let stream: fs.ReadStream | null = null;
  async function* records(): AsyncGenerator<CsvRecord[]> {
    const input = fs.createReadStream(file, { encoding: 'utf8', highWaterMark: CHUNK_BYTES });
    stream = input;
    const queue: CsvRecord[][] = [];
    let record = 0;
    let finished = false;
    let failure: Error | null = null;
    let wake: (() => void) | null = null;
    let bytesAtLastRow = 0;
    const notify = () => {
      wake?.();
      wake = null;
    };
    const fail = (error: Error) => {
      failure ??= error;
      input.destroy();
      notify();
    };
    Papa.parse<string[]>(input, {
      header: false,
      skipEmptyLines: false,
      delimitersToGuess: [',', '\t', '|', ';'],
      beforeFirstChunk: (chunk) => (chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk),
      chunk(results, parser) {
        delimiter ??= results.meta.delimiter;
        if (!results.data.length) {
          if (input.bytesRead - bytesAtLastRow > MAX_ROW_BYTES) {
            parser.abort();
            fail(new AppError('BAD_INPUT', `Row ${record + 1} of ${file} has not ended after ${MAX_ROW_BYTES / 1024 / 1024} MiB: a quote is probably never closed.`));
          }
          return;
        }
        bytesAtLastRow = input.bytesRead;
        const problems = new Map<number, string>();
        for (const e of results.errors) if (e.type === 'Quotes' && e.row !== undefined) problems.set(e.row, `is not valid CSV: ${e.message}`);
        const rows: CsvRecord[] = [];
        results.data.forEach((cells, i) => {
          record += 1;
          if (!columns) {
            columns = headerNames(cells);
            return;
          }
          const row = toRow(record, cells, columns, problems.get(i));
          if (row) rows.push(row);
        });
        if (rows.length) queue.push(rows);
        if (queue.length >= PAUSE_AT) input.pause();
        notify();
      },
      complete() {
        finished = true;
        notify();
      },
      error: (error) => fail(error),
    });
    try {
      for (;;) {
        const next = queue.shift();
        if (next) {
          if (queue.length === 0 && input.isPaused()) input.resume();
          yield next;
          continue;
        }
        if (failure) throw failure;
        if (finished) return;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    } finally {
      input.destroy();
    }
  }
  return {
    format: 'csv',
    totalBytes,
    get columns() {
      return columns;
    },
    get delimiter() {
      return delimiter;
    },
    get bytesRead() {
      return stream?.bytesRead ?? 0;
    },
    async *chunks() {
      for await (const chunk of records()) {
        const header = columns as string[];
        yield chunk.map((r): RawRow => ('cells' in r ? { row: r.row, data: recordData(r.cells, header) } : r));
      }
    },
    records,
  };
}

/** Trimmed, an empty name becomes "Column N", and a repeated one "Name (2)", so every column can be named. */
export function headerNames(cells: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((cell, i) => {
    const base = cell.trim() || `Column ${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

function toRow(row: number, cells: readonly string[], columns: readonly string[], problem: string | undefined): CsvRecord | null {
  if (!problem && isBlank(cells)) return null;
  if (problem) return { row, data: null, problem };
  if (cells.length > columns.length && cells.slice(columns.length).some((cell) => cell.trim() !== '')) {
    return { row, data: null, problem: `has ${cells.length} cells but the header has ${columns.length} (an unquoted delimiter in a value?)` };
  }
  return { row, cells };
}

/** A record's data: header name → cell. */
export function recordData(cells: readonly string[], columns: readonly string[]): Record<string, unknown> {
  // A plain object (fast properties, one shape for every row); setOwn keeps a "__proto__" column a column.
  const data: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) setOwn(data, columns[i] as string, cells[i] ?? '');
  return data;
}

function isBlank(cells: readonly string[]): boolean {
  for (const cell of cells) if (cell !== '' && cell.trim() !== '') return false;
  return true;
}
