import type { Alert, AlertSeverity } from '../../../../shared/contract/alert-channels';
import { ALERT_SEVERITIES } from '../../../../shared/contract/alert-channels';
import { formatUtc } from '../../format/time';

export type AlertStatus = Alert['status'];

/** Most severe first: the order of the list, the Dashboard's cards and the filter. */
export const SEVERITIES_DESC: readonly AlertSeverity[] = [...ALERT_SEVERITIES].reverse();

export const SEVERITY_TEXT: Record<AlertSeverity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

export const STATUS_TEXT: Record<AlertStatus, string> = {
  open: 'New',
  case: 'In a case',
  resolved: 'Confirmed',
  false_positive: 'False positive',
};

/** What the status filter offers; `active` (new or in a case) is the core's default. */
export const STATUS_FILTERS = [
  { value: 'active', label: 'New or in a case' },
  { value: 'open', label: 'New' },
  { value: 'case', label: 'In a case' },
  { value: 'resolved', label: 'Confirmed' },
  { value: 'false_positive', label: 'False positive' },
  { value: 'all', label: 'All alerts' },
] as const;

export type StatusFilter = (typeof STATUS_FILTERS)[number]['value'];

export const CASE_STATUS_TEXT = { open: 'Open', investigating: 'Investigating', closed: 'Closed' } as const;

/** A rule kind the core names in snake case reads as words ("refund_rate" → "Refund rate"). */
export function ruleText(alert: Pick<Alert, 'source' | 'rule'>): string {
  if (alert.source === 'model') return 'Unusual pattern (model)';
  const words = alert.rule.replace(/[_.-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "0.82" as "82 %": how far past the threshold, or how anomalous, for people who do not think in scores. */
export function scoreText(score: number): string {
  return `${Math.round(Math.max(0, Math.min(1, score)) * 100)} %`;
}

/** The alert's time span, short when it is one instant. */
export function spanText(alert: Pick<Alert, 'from' | 'to'>): string {
  if (alert.from === alert.to) return `${formatUtc(alert.from)} UTC`;
  const from = formatUtc(alert.from);
  const to = formatUtc(alert.to);
  // The same day needs its date only once.
  return from.slice(0, 10) === to.slice(0, 10) ? `${from} – ${to.slice(11)} UTC` : `${from} – ${to} UTC`;
}

/** "u-104, u-107 and 3 more" */
export function listText(values: readonly string[], shown = 2): string {
  if (values.length === 0) return '—';
  if (values.length <= shown) return values.join(', ');
  return `${values.slice(0, shown).join(', ')} and ${values.length - shown} more`;
}

export function isDecided(status: AlertStatus): boolean {
  return status === 'resolved' || status === 'false_positive';
}
