import { z } from 'zod';
import { Refusal, text, timestamp, type Converted } from '../field-values';

/**
 * Cells as history wants them, beside the events import's converters (field-values.ts), whose
 * conventions they keep: `undefined` for an empty cell, a Refusal with the reason, else the value.
 */

const DAY_MS = 86_400_000;

/** The day a row belongs to, and its time when the cell had one (a stock count's time orders counts of one day). */
export interface RowDay {
  /** Days since 1970-01-01. */
  day: number;
  /** Unix milliseconds when the cell was a time; null for a date alone. */
  time: number | null;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const isoDate = z.iso.date();
const isoInstant = z.iso.datetime({ offset: true });
/** Days as written, read once: a file of daily rows repeats each of its few dates thousands of times. */
const knownDays = new Map<string, Readonly<RowDay>>();

/**
 * A day "2026-03-01" as written, or any time the events import accepts ("2026-03-01 18:30",
 * "2026-03-01T23:30:00-05:00", Unix seconds or milliseconds), whose day is then taken in the mapping's
 * time zone: 23:30 at -05:00 is the next day in UTC. A day that is not in the calendar (2026-02-30) is refused.
 */
export function rowDay(raw: unknown, timeZone: string): Converted {
  const value = typeof raw === 'number' ? raw : text(raw);
  if (value === undefined || value instanceof Refusal) return value;
  if (typeof value === 'string' && DATE_ONLY.test(value)) {
    let known = knownDays.get(value);
    if (known === undefined) {
      if (!isoDate.safeParse(value).success) return new Refusal('is not a date of the calendar');
      known = Object.freeze({ day: Date.parse(`${value}T00:00:00Z`) / DAY_MS, time: null });
      if (knownDays.size < 100_000) knownDays.set(value, known);
    }
    return known;
  }
  const offsetMs = zoneOffsetMs(timeZone);
  const instant = timestamp(value, timeZone === 'UTC' ? 'Z' : timeZone);
  if (instant instanceof Refusal) return instant;
  if (typeof instant !== 'string' || !isoInstant.safeParse(instant).success) {
    return new Refusal(/^\d{4}-\d{2}-\d{2}[T ]/.test(String(value)) ? 'is not a date of the calendar' : 'is not a day such as 2026-03-01 or a time such as 2026-03-01 18:30');
  }
  const time = Date.parse(instant);
  return { day: Math.floor((time + offsetMs) / DAY_MS), time } satisfies RowDay;
}

/** "UTC" → 0, "+01:00" → 3,600,000, "-05:30" → -19,800,000 (the mapping's schema has checked the form). */
export function zoneOffsetMs(timeZone: string): number {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(timeZone);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
}

const dayText = new Map<number, string>();

/** 20513 → "2026-03-01" (cached: a file holds few distinct days and many cells). */
export function dayToDate(day: number): string {
  let date = dayText.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dayText.size < 100_000) dayText.set(day, date);
  }
  return date;
}

const WHOLE = /^([+-])?(\d+|\d{1,3}(?:,\d{3})+)(?:\.0+)?$/;

/** A count of units: 12, "12", "-3" (a return), "1,234", "12.0"; a fraction or a word is refused. */
export function wholeCount(raw: unknown): Converted {
  if (typeof raw === 'number') return Number.isSafeInteger(raw) ? raw : new Refusal('must be a whole number such as 12');
  const value = text(raw);
  if (typeof value !== 'string') return value;
  const m = WHOLE.exec(value);
  if (!m) return new Refusal('must be a whole number such as 12');
  const count = Number(`${m[1] ?? ''}${(m[2] ?? '').replaceAll(',', '')}`);
  return Number.isSafeInteger(count) ? count : new Refusal('is too large');
}
