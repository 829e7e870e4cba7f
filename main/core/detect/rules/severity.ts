import { createHash } from 'node:crypto';
import { ALERT_SEVERITIES, type AlertSeverity } from '../../../../shared/contract/alert-channels';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/**
 * Severity by how far past its threshold a finding is: `base` at the threshold, one step more from
 * 1.5 × the threshold, two from 3 ×. `ratio` is the measured value over the threshold (≥ 1).
 */
export function severityFor(base: AlertSeverity, ratio: number, extraSteps = 0): AlertSeverity {
  const steps = (ratio >= 1.5 ? 1 : 0) + (ratio >= 3 ? 1 : 0) + extraSteps;
  const rank = Math.min(ALERT_SEVERITIES.length - 1, ALERT_SEVERITIES.indexOf(base) + steps);
  return ALERT_SEVERITIES[rank] ?? 'critical';
}

/** 0 at the threshold, towards 1 far past it: 1 − threshold/value (2 × the threshold scores 0.5). */
export function scoreFor(ratio: number): number {
  if (!Number.isFinite(ratio) || ratio <= 1) return 0;
  return Math.round((1 - 1 / ratio) * 1000) / 1000;
}

/**
 * An alert id from its parts (`rule:brute_force:S001-T03:<event id>`). Cases hold alert ids of at
 * most 64 characters, so a longer one keeps its rule and ends in a hash of the rest.
 */
export function alertId(source: 'rule' | 'model', rule: string, ...parts: string[]): string {
  const id = [source, rule, ...parts].join(':').replace(/[^A-Za-z0-9:._@-]/g, '_');
  if (id.length <= 64) return id;
  return `${source}:${rule}:${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 24)}`.slice(0, 64);
}

/** Is this instant outside the store's business hours (UTC hours, open ≤ hour < close)? */
export function offHours(tsMs: number, openHour: number, closeHour: number): boolean {
  const minute = Math.floor((((tsMs % DAY_MS) + DAY_MS) % DAY_MS) / 60_000);
  return minute < openHour * 60 || minute >= closeHour * 60;
}

/** "02:14 UTC" */
export function clock(tsMs: number): string {
  return `${new Date(tsMs).toISOString().slice(11, 16)} UTC`;
}

/** 1234 → "1,234"; 3.27 → "3.3" */
export function figure(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function iso(tsMs: number): string {
  return new Date(tsMs).toISOString();
}

export function distinct(values: Iterable<string | null | undefined>): string[] {
  return [...new Set([...values].filter((v): v is string => typeof v === 'string' && v.length > 0))].sort();
}
