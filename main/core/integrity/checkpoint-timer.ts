import type { AuditStore } from '../store';

export interface CheckpointTimerOptions {
  /** New events are signed at least this often (minutes); default: the log's setting (checkpoint_minutes, 15). */
  everyMinutes?: number;
  /** With no new events, a heartbeat checkpoint this often proves the log was alive and unchanged. */
  heartbeatMinutes?: number;
  now?: () => number;
}

/**
 * Time-based checkpoints beside the count-based ones the writer signs: every T minutes if events
 * arrived, and an idle heartbeat. Returns a stop function; the timer never keeps a process alive.
 */
export function startCheckpointTimer(store: AuditStore, options: CheckpointTimerOptions = {}): () => void {
  const now = options.now ?? Date.now;
  const heartbeat = (options.heartbeatMinutes ?? 60) * 60_000;
  const tick = () => {
    if (!store.db.open || !store.log.signingKey) return;
    const every = (options.everyMinutes ?? store.log.checkpoints.minutes) * 60_000;
    const latest = store.log.checkpoints.latest();
    const age = latest ? now() - Date.parse(latest.time) : Infinity;
    if (store.log.treeSize > (latest?.treeSize ?? 0) && age >= every) store.log.checkpoint('time');
    else if (age >= heartbeat) store.log.checkpoint('heartbeat');
  };
  const timer = setInterval(() => {
    try {
      tick();
    } catch (error) {
      console.error('[watchdog] a timed checkpoint failed:', error);
    }
  }, 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
