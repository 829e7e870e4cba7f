import type { AuditStore } from '../store';
import { archiveExpired, defaultArchiveDir, type ArchiveResult } from './archive';

export interface RetentionTimerOptions {
  /** The archive folder (default: archives/ beside the database). */
  dir?: string;
  /** The first run this long after opening (minutes): a short CLI command never archives. */
  firstAfterMinutes?: number;
  everyHours?: number;
  /** The clock retention is measured by (tests). */
  now?: () => Date;
  onArchived?: (result: ArchiveResult) => void;
}

/** Events per segment when the timer archives: about half a second of deletes in its commit on this class of machine. */
export const TIMER_SEGMENT = 20_000;

/**
 * Archives expired events once a day (the first time a little after opening), beside the checkpoint
 * timer. Never two runs at once; the timer never keeps a process alive. The returned stop function
 * cancels a run in progress (nothing of its current segment is committed) and waits for it to end,
 * so the store can be closed right after.
 */
export function startRetentionTimer(store: AuditStore, options: RetentionTimerOptions = {}): () => Promise<void> {
  const dir = options.dir ?? defaultArchiveDir(store.path);
  const stop = new AbortController();
  let running: Promise<void> | null = null;
  const run = () => {
    if (running || stop.signal.aborted || !store.db.open || !store.log.signingKey) return;
    // Small segments: each one's commit holds the writer (and this thread) for well under a second.
    running = archiveExpired(store, { dir, signal: stop.signal, now: options.now?.(), maxPerSegment: TIMER_SEGMENT })
      .then((result) => {
        if (result.events) options.onArchived?.(result);
      })
      .catch((error: unknown) => {
        if (!stop.signal.aborted) console.error('[watchdog] archiving expired events failed:', error);
      })
      .finally(() => {
        running = null;
      });
  };
  let daily: NodeJS.Timeout | null = null;
  const first = setTimeout(() => {
    run();
    daily = setInterval(run, (options.everyHours ?? 24) * 3_600_000);
    daily.unref();
  }, (options.firstAfterMinutes ?? 10) * 60_000);
  first.unref();
  return async () => {
    clearTimeout(first);
    if (daily) clearInterval(daily);
    stop.abort();
    await running;
  };
}
