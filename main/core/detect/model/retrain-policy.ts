import type { TrainedOn } from './model-records';

/** A store gets its own model once it holds this many events; before that it is scored by the baseline. */
export const STORE_MODEL_EVENTS = 1000;
/** Retrain when the scope has this many events more than the model was trained with… */
export const RETRAIN_EVENTS = 20_000;
/** …or when its newest event is this much later than the newest one the model saw. */
export const RETRAIN_AGE_MS = 14 * 86_400_000;
/** Fewest sampled rows to train a store's model on, and the baseline. */
export const MIN_STORE_ROWS = 500;
export const MIN_BASELINE_ROWS = 64;

export interface ScopeNow {
  events: number;
  lastTsMs: number;
  feedbackHash: string;
}

/** Why the scope's model must be (re)trained now, or null when the current one is still good. */
export function retrainReason(current: TrainedOn | null, now: ScopeNow): string | null {
  if (current === null) return 'first model';
  if (current.feedbackHash !== now.feedbackHash) return 'feedback changed';
  const newer = now.events - current.events;
  if (newer >= RETRAIN_EVENTS) return `${newer} events since the last training`;
  if (now.lastTsMs - current.lastTsMs >= RETRAIN_AGE_MS) return 'the model is more than 14 days older than the newest events';
  return null;
}

/** Whether a store is scored by its own model (enough events) or by the shared baseline. */
export function usesStoreModel(storeEvents: number): boolean {
  return storeEvents >= STORE_MODEL_EVENTS;
}
