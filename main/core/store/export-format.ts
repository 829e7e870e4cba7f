import type { StoredEvent } from '../../../shared/events';

/** The columns of a CSV export, in the order of the event vocabulary (docs/product: event fields). */
export const EXPORT_COLUMNS = [
  'seq', 'event_id', 'ts', 'store_id', 'terminal_id', 'user_id', 'user_role', 'session_id', 'action', 'category', 'resource_type',
  'resource_id', 'status', 'error_details', 'level', 'ip_address', 'user_agent', 'amount_minor', 'currency', 'details', 'received_at',
  'prev_hash', 'hash',
] as const satisfies readonly (keyof StoredEvent)[];

/**
 * One CSV cell (RFC 4180: quoted when it holds a comma, quote or line break, quotes doubled). Text
 * that a spreadsheet would run as a formula (starting with = + - @, tab or carriage return) gets a
 * leading apostrophe, as OWASP advises against CSV injection; numbers stay numbers.
 * Hand-written: twenty lines against a dependency (papaparse's unparse does not guard formulas).
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(events: readonly StoredEvent[]): string {
  const lines = [EXPORT_COLUMNS.join(',')];
  for (const e of events) lines.push(EXPORT_COLUMNS.map((c) => csvCell(e[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function toJsonLines(events: readonly StoredEvent[]): string {
  return events.map((e) => JSON.stringify(e)).join('\n') + (events.length ? '\n' : '');
}
