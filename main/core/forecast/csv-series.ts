import path from 'node:path';
import { AppError } from '../api/errors';
import { openRows } from '../imports/source';

export interface CsvSeries {
  readonly values: number[];
  /** The date column's cells, when one was named. */
  readonly dates: string[] | null;
  /** The season the dates imply (7 for daily, 52 for weekly, 12 monthly, 4 quarterly, else 1); null without dates. */
  readonly impliedSeason: number | null;
  /** The median spacing of the dates in days, for naming future dates; null without dates. */
  readonly stepDays: number | null;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DAY_MS = 86_400_000;

/**
 * Reads one series from a CSV with a header: the value column in file order, every cell a number,
 * and optionally a date column whose dates must increase. Problems are BAD_INPUT naming the row.
 */
export async function readCsvSeries(file: string, valueColumn: string, dateColumn?: string): Promise<CsvSeries> {
  const name = path.basename(file);
  const source = openRows(file, 'csv');
  const values: number[] = [];
  const dates: string[] = [];
  const times: number[] = [];
  for await (const chunk of source.chunks()) {
    const columns = source.columns ?? [];
    for (const column of [valueColumn, ...(dateColumn ? [dateColumn] : [])]) {
      if (!columns.includes(column)) throw new AppError('BAD_INPUT', `${JSON.stringify(column)} is not a column of ${name} (its columns: ${columns.join(', ')}).`);
    }
    for (const { row, data, problem } of chunk) {
      if (!data) throw new AppError('BAD_INPUT', `${name}, row ${row}: ${problem ?? 'could not be read'}.`);
      const cell = typeof data[valueColumn] === 'string' ? (data[valueColumn] as string).trim() : '';
      if (!NUMBER.test(cell)) throw new AppError('BAD_INPUT', `${name}, row ${row}, column ${JSON.stringify(valueColumn)}: ${cell === '' ? 'is empty' : JSON.stringify(cell.slice(0, 40))}, not a number.`);
      values.push(Number(cell));
      if (dateColumn) {
        const text = String(data[dateColumn] ?? '').trim();
        const time = Date.parse(text);
        if (Number.isNaN(time)) throw new AppError('BAD_INPUT', `${name}, row ${row}, column ${JSON.stringify(dateColumn)}: ${JSON.stringify(text.slice(0, 40))} is not a date.`);
        if (times.length && time <= times[times.length - 1]!) throw new AppError('BAD_INPUT', `${name}, row ${row}: the dates must increase (${text} is not after the row before).`);
        dates.push(text);
        times.push(time);
      }
    }
  }
  if (!values.length) throw new AppError('BAD_INPUT', `${name} has no rows of values.`);
  if (!dateColumn) return { values, dates: null, impliedSeason: null, stepDays: null };
  const gaps = times.slice(1).map((t, i) => (t - times[i]!) / DAY_MS).sort((a, b) => a - b);
  const stepDays = gaps.length ? gaps[Math.floor(gaps.length / 2)]! : 1;
  return { values, dates, impliedSeason: seasonForStep(stepDays), stepDays };
}

/** Daily data repeats weekly, weekly data yearly (52), monthly 12, quarterly 4; anything else has no season. */
export function seasonForStep(days: number): number {
  if (days >= 0.9 && days <= 1.1) return 7;
  if (days >= 6.5 && days <= 7.5) return 52;
  if (days >= 27 && days <= 32) return 12;
  if (days >= 88 && days <= 93) return 4;
  return 1;
}

/** ISO dates after the last one, `stepDays` apart (months and quarters by calendar month). */
export function futureDates(last: string, stepDays: number, h: number): string[] {
  const start = new Date(Date.parse(last));
  const months = stepDays >= 27 && stepDays <= 32 ? 1 : stepDays >= 88 && stepDays <= 93 ? 3 : 0;
  return Array.from({ length: h }, (_, i) => {
    const date = new Date(start);
    if (months) date.setUTCMonth(date.getUTCMonth() + months * (i + 1));
    else date.setTime(start.getTime() + Math.round(stepDays * (i + 1)) * DAY_MS);
    return date.toISOString().slice(0, 10);
  });
}
