import path from 'node:path';
import { AppError } from '../api/errors';
import { openRows } from '../imports/source';
import type { Matrix } from './forest';

export interface CsvMatrix extends Matrix {
  readonly data: Float64Array;
  /** The feature columns, in the matrix's order. */
  readonly features: string[];
  /** Each matrix row's row number in the file (the header is row 1), for naming rows in messages. */
  readonly fileRows: Int32Array;
}

/** A plain decimal number, optionally with an exponent: no hex, no "Infinity", no "NaN", nothing empty. */
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Reads a CSV with a header row into a row-major float64 matrix (on a SharedArrayBuffer, so the
 * scoring workers read it without a copy). Every column but the excluded ones is a feature and must
 * hold a number in every row; anything else is a BAD_INPUT that names the row and the column. Rows
 * come through the imports' reader (delimiter guessed, byte-order mark dropped, blank rows skipped).
 */
export async function readCsvMatrix(file: string, options: { exclude?: readonly string[] } = {}): Promise<CsvMatrix> {
  const name = path.basename(file);
  const source = openRows(file, 'csv');
  let features: string[] | null = null;
  let values = new Float64Array(1 << 12);
  let fileRows = new Int32Array(1 << 8);
  let rows = 0;
  for await (const chunk of source.chunks()) {
    features ??= featureColumns(name, source.columns ?? [], options.exclude ?? []);
    const cols = features.length;
    for (const { row, data, problem } of chunk) {
      if (!data) throw new AppError('BAD_INPUT', `${name}, row ${row}: ${problem ?? 'could not be read'}.`);
      if ((rows + 1) * cols > values.length) values = grown(values, (rows + 1) * cols);
      if (rows + 1 > fileRows.length) fileRows = grown(fileRows, rows + 1);
      for (let c = 0; c < cols; c++) values[rows * cols + c] = cellNumber(name, row, features[c]!, data[features[c]!]);
      fileRows[rows] = row;
      rows++;
    }
  }
  if (!source.columns) throw new AppError('BAD_INPUT', `${name} is empty: a header row and at least one row of numbers are needed.`);
  features ??= featureColumns(name, source.columns, options.exclude ?? []);
  if (rows === 0) throw new AppError('BAD_INPUT', `${name} has a header but no rows of numbers.`);
  const data = new Float64Array(new SharedArrayBuffer(rows * features.length * Float64Array.BYTES_PER_ELEMENT));
  data.set(values.subarray(0, rows * features.length));
  return { data, rows, cols: features.length, features, fileRows: fileRows.slice(0, rows) };
}

function featureColumns(name: string, columns: readonly string[], exclude: readonly string[]): string[] {
  const unknown = exclude.filter((column) => !columns.includes(column));
  if (unknown.length) {
    throw new AppError('BAD_INPUT', `${unknown.map((c) => JSON.stringify(c)).join(', ')} ${unknown.length === 1 ? 'is not a column' : 'are not columns'} of ${name} (its columns: ${columns.join(', ')}).`);
  }
  const features = columns.filter((column) => !exclude.includes(column));
  if (!features.length) throw new AppError('BAD_INPUT', `${name} has no feature columns left${exclude.length ? ' once the excluded ones are taken out' : ''}.`);
  return features;
}

function cellNumber(name: string, row: number, column: string, cell: unknown): number {
  const text = typeof cell === 'string' ? cell.trim() : '';
  if (NUMBER.test(text)) {
    const value = Number(text);
    if (Number.isFinite(value)) return value;
  }
  const what = text === '' ? 'is empty' : `is ${JSON.stringify(text.length > 40 ? `${text.slice(0, 39)}…` : text)}`;
  throw new AppError(
    'BAD_INPUT',
    `${name}, row ${row}, column ${JSON.stringify(column)}: ${what}, not a number (every column not excluded is a feature and needs a number in every row).`,
  );
}

function grown<T extends Float64Array | Int32Array>(array: T, atLeast: number): T {
  let length = array.length * 2;
  while (length < atLeast) length *= 2;
  const next = new (array.constructor as new (length: number) => T)(length);
  next.set(array);
  return next;
}
