import { actorKey, describeFeature, FEATURE_COUNT, FEATURE_NAMES, type FeatureEvent, type FeatureExtractor } from '../features';
import { isolationAttribution, rankContributions } from './attribution';
import type { ModelRecord } from './model-records';

/** Sentences per finding: enough to say why, few enough to read at a glance. */
export const MAX_REASONS = 3;

const LABELS: Record<string, string> = {
  hour: 'time of day', weekday: 'day of the week', actor_hour_share: 'usual hours', actor_history: 'history',
  actor_events_10m: 'recent activity', actor_failure_rate_1h: 'recent failures', terminal_events_10m: 'terminal activity',
  terminal_failures_10m: 'terminal failures', terminal_failure_rate_1h: 'terminal failures', actor_action_share: 'action',
  store_action_share: 'action', amount_rank_actor: 'amount', amount_rank_store: 'amount', new_terminal: 'terminal',
  new_address: 'address', minutes_since_login: 'time since login', failed: 'outcome',
};

/**
 * Why the model finds this event unusual, in words: the features whose splits isolate it more than
 * they isolate a typical training row (isolationAttribution minus the model's typical attribution),
 * largest excess first, each said in a manager's terms when its value is unusual on its own.
 */
export function explain(record: ModelRecord, row: Float64Array, event: FeatureEvent, extractor: FeatureExtractor): string[] {
  const attribution = isolationAttribution(record.model.forest, row, new Float64Array(FEATURE_COUNT));
  const ranked = rankContributions(attribution, record.metrics.typicalAttribution);
  const actor = actorKey(event);
  const ctx = {
    event,
    actor: event.userId ?? event.terminalId ?? event.storeId,
    usualHours: extractor.usualHours(actor),
    actorAmounts: extractor.actorCounts(actor, event.action).amounts,
  };
  const reasons: string[] = [];
  for (const { column } of ranked) {
    const words = describeFeature(column, row, ctx);
    if (words !== null && !reasons.includes(words)) reasons.push(words);
    if (reasons.length === MAX_REASONS) return reasons;
  }
  if (reasons.length === 0) {
    const labels = [...new Set(ranked.slice(0, 3).map(({ column }) => LABELS[FEATURE_NAMES[column]!] ?? FEATURE_NAMES[column]!))];
    reasons.push(`${event.action} with an unusual combination of ${labels.length > 0 ? labels.join(', ') : 'details'} for this store`);
  }
  return reasons;
}
