import type { StoredEvent } from '../../shared/events';

export function formatAmount(minor: number | null, currency: string | null): string {
  if (minor === null) return '';
  return `${(minor / 100).toFixed(2)} ${currency ?? ''}`.trim();
}

/** A plain text table: columns padded to their widest cell, nothing clever. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function eventRow(e: StoredEvent): string[] {
  return [
    String(e.seq),
    e.ts,
    e.store_id,
    e.terminal_id ?? '',
    e.user_id ?? '',
    e.action,
    e.status,
    formatAmount(e.amount_minor, e.currency),
  ];
}

export const EVENT_HEADER = ['seq', 'time (UTC)', 'store', 'terminal', 'user', 'action', 'status', 'amount'];

export function count(n: number): string {
  return n.toLocaleString('en-US');
}
