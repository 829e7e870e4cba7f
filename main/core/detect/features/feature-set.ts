/**
 * The event features the isolation forest sees (docs/detection.md, "Event features and the model"),
 * one column each, in this order. The actor is the user, or for events without one (machines,
 * scheduled jobs) the terminal, or failing that the store. Every feature is computed from the events
 * before this one in seq order (windows include the event itself), so a row never looks ahead.
 */
export const FEATURE_NAMES = [
  'hour',
  'weekday',
  'actor_hour_share',
  'actor_history',
  'actor_events_10m',
  'actor_failure_rate_1h',
  'terminal_events_10m',
  'terminal_failures_10m',
  'terminal_failure_rate_1h',
  'actor_action_share',
  'store_action_share',
  'amount_rank_actor',
  'amount_rank_store',
  'new_terminal',
  'new_address',
  'minutes_since_login',
  'failed',
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];
export const FEATURE_COUNT = FEATURE_NAMES.length;

/** Column of each feature in a row. */
export const COLUMN = Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, i])) as Record<FeatureName, number>;

/** Windows and caps, named once so the documentation and the code agree. */
export const SHORT_WINDOW_MS = 10 * 60_000;
export const LONG_WINDOW_MS = 60 * 60_000;
/** actor_history saturates here: the forest must not see a count that only ever grows. */
export const HISTORY_CAP = 100;
/**
 * …or reaches 1 after this many days since the actor was first seen, whichever comes first: a till
 * whose only events of its own are the daily start-up is as established after two weeks as a cashier
 * after 100 sales.
 */
export const TENURE_CAP_DAYS = 14;
/** minutes_since_login when there was no login (or it was longer ago). */
export const LOGIN_CAP_MINUTES = 24 * 60;
