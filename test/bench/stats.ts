/** Percentiles over samples in milliseconds (nearest-rank). */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? NaN;
}

export function timeMs(work: () => void): number {
  const started = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  target: string;
  pass: boolean | null;
}

export function printTable(rows: BenchRow[]): void {
  const cells = rows.map((r) => [r.name, `${r.value.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${r.unit}`, r.target, r.pass === null ? '' : r.pass ? 'ok' : 'MISSED']);
  const header = ['measure', 'result', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i] ?? 0)).join('  ');
  console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n'));
}
