import { formatCount } from '../../format/money';
import { formatUtc } from '../../format/time';

/** The access log's actions as a sentence's verb. */
export const ACCESS_ACTIONS: Record<string, string> = {
  'audit.view': 'viewed',
  'audit.export': 'exported',
  'audit.verify': 'verified',
};

/** What each audited channel looks at, in the words of the screens. */
const CHANNELS: Record<string, string> = {
  'events.query': 'Timeline events',
  'events.get': 'One event',
  'events.archived': 'Archived events',
  'events.export': 'Event export',
  'audit.verify': 'Integrity check',
};

export function channelText(channel: string | null): string {
  if (!channel) return '—';
  return CHANNELS[channel] ?? channel;
}

const FILTER_WORDS: Record<string, string> = {
  store: 'store',
  terminal: 'terminal',
  user: 'user',
  action: 'action',
  status: 'status',
};

const FORMATS: Record<string, string> = { csv: 'CSV', json: 'JSON', jsonl: 'JSON Lines' };

/**
 * The query a look at the log was made with (the core stores the validated input as JSON), as a
 * person reads it: "event #123", "user u-104 · action pos.refund · from 2026-02-05 00:00:00", "all events".
 */
export function describeQuery(query: string): string {
  let input: unknown;
  try {
    input = JSON.parse(query);
  } catch {
    return query;
  }
  if (!isRecord(input)) return query;
  const parts: string[] = [];
  if (typeof input.seq === 'number') parts.push(`event #${input.seq}`);
  if (isRecord(input.filter)) parts.push(describeFilter(input.filter));
  if (typeof input.format === 'string') parts.push(`as ${FORMATS[input.format] ?? input.format}`);
  if (typeof input.limit === 'number' && input.format !== undefined) parts.push(`up to ${formatCount(input.limit)} events`);
  for (const [key, value] of Object.entries(input)) {
    if (['seq', 'filter', 'format', 'limit', 'cursor'].includes(key) || value === null || value === undefined) continue;
    parts.push(`${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  return parts.join(' · ') || '—';
}

function describeFilter(filter: Record<string, unknown>): string {
  const parts: string[] = [];
  const time = (value: unknown) => (typeof value === 'string' ? `${formatUtc(value)} UTC` : String(value));
  if (filter.from !== undefined && filter.to !== undefined) parts.push(`${time(filter.from)} – ${time(filter.to)}`);
  else if (filter.from !== undefined) parts.push(`from ${time(filter.from)}`);
  else if (filter.to !== undefined) parts.push(`until ${time(filter.to)}`);
  for (const [key, word] of Object.entries(FILTER_WORDS)) {
    if (typeof filter[key] === 'string') parts.push(`${word} ${filter[key]}`);
  }
  if (typeof filter.text === 'string') parts.push(`containing “${filter.text}”`);
  return parts.length ? parts.join(' · ') : 'all events';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
