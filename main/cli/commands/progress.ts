import type { EventBus } from '../../core';

/** Shows a job's progress on stderr: one updating line on a terminal, nothing in pipes and CI logs. */
export function showProgress(bus: EventBus, label: string, stream: NodeJS.WriteStream = process.stderr): () => void {
  if (!stream.isTTY) return () => {};
  const unsubscribe = bus.subscribe((event, payload) => {
    if (event !== 'job.progress') return;
    const p = payload as { done: number; total: number; phase: string };
    const pct = p.total > 0 ? Math.min(100, Math.round((p.done / p.total) * 100)) : 0;
    stream.write(`\r${label}: ${pct}% (${p.phase})`.padEnd(60));
  });
  return () => {
    unsubscribe();
    stream.write('\r'.padEnd(61) + '\r');
  };
}
