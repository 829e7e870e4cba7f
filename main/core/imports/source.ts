import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../api/errors';
import { readCsv } from './csv-source';
import { readJsonArray, readJsonLines } from './json-sources';

export const IMPORT_FORMATS = ['csv', 'json', 'jsonl'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/**
 * One row of a file as read, before any mapping. `row` is what a person finds in the file: for CSV the
 * record number with the header as row 1 (so data starts at row 2, as a spreadsheet shows it; a quoted
 * cell spanning lines is still one row); for JSON Lines the line number; for a JSON array the index + 1.
 */
export interface RawRow {
  row: number;
  /** CSV: header name → cell text; JSON: the object itself. Null when the row could not be read. */
  data: Readonly<Record<string, unknown>> | null;
  /** Why the row could not be read (bad JSON, more cells than the header): the row is rejected. */
  problem?: string;
}

/** A file as rows, in chunks (one per read from disk), pulled: nothing is read ahead of the reader. */
export interface RowSource {
  readonly format: ImportFormat;
  /** CSV: the header's names (unique) once the first chunk is out; JSON and JSON Lines: null. */
  readonly columns: readonly string[] | null;
  /** CSV: the delimiter found in the first chunk. */
  readonly delimiter: string | null;
  readonly bytesRead: number;
  readonly totalBytes: number;
  /** Stops at the first `break` (or return) of the reader, closing the file. */
  chunks(): AsyncGenerator<RawRow[]>;
}

/**
 * Rows are read in chunks of this many bytes; the reader holds at most a few of them. Under V8's
 * large-object size (128 KiB), so a chunk's text, which every cell sliced from it keeps alive, is
 * collected young like the rows.
 */
export const CHUNK_BYTES = 64 * 1024;

/** The format its name says (.csv/.tsv/.txt, .json, .jsonl/.ndjson); otherwise the first character. */
export function detectFormat(file: string): ImportFormat {
  const ext = path.extname(file).toLowerCase();
  if (['.csv', '.tsv', '.txt'].includes(ext)) return 'csv';
  if (['.jsonl', '.ndjson'].includes(ext)) return 'jsonl';
  if (ext === '.json') return 'json';
  const head = readHead(file).replace(/^\uFEFF/, '').trimStart();
  return head.startsWith('[') ? 'json' : head.startsWith('{') ? 'jsonl' : 'csv';
}

function readHead(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    return buffer.toString('utf8', 0, fs.readSync(fd, buffer, 0, buffer.length, 0));
  } finally {
    fs.closeSync(fd);
  }
}

/** Opens `file` as rows. A missing or unreadable file is an AppError (NOT_FOUND or BAD_INPUT) here, before anything is read. */
export function openRows(file: string, format: ImportFormat = detectFormat(file)): RowSource {
  let totalBytes: number;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new AppError('BAD_INPUT', `${file} is not a file.`);
    totalBytes = stat.size;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('NOT_FOUND', `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`);
  }
  switch (format) {
    case 'csv':
      return readCsv(file, totalBytes);
    case 'jsonl':
      return readJsonLines(file, totalBytes);
    case 'json':
      return readJsonArray(file, totalBytes);
  }
}

/** A cell as the preview shows it: text as it is, other JSON as JSON, nothing as "". */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
