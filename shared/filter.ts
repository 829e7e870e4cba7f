import { z } from 'zod';
import { STATUSES } from './events';

/**
 * A timeline filter. Every field is optional; values are exact matches except `text`, which matches
 * anywhere in the event's resource, error and details. The same shape lives in the URL (see below),
 * in saved views and in CLI flags, so one vocabulary serves all three.
 */
export const EventFilterSchema = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  store: z.string().min(1).max(128).optional(),
  terminal: z.string().min(1).max(128).optional(),
  user: z.string().min(1).max(128).optional(),
  action: z.string().min(1).max(64).optional(),
  status: z.enum(STATUSES).optional(),
  text: z.string().min(1).max(200).optional(),
});

export type EventFilter = z.infer<typeof EventFilterSchema>;

export const FILTER_KEYS = ['from', 'to', 'store', 'terminal', 'user', 'action', 'status', 'text'] as const;

/** Filter → URL query string, keys in a fixed order so equal filters give equal URLs. */
export function filterToSearch(filter: EventFilter): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filter[key];
    if (value !== undefined && value !== '') params.set(key, value);
  }
  return params.toString();
}

/** URL query string → filter. Unknown keys and invalid values are dropped, never thrown: a bad link still opens. */
export function filterFromSearch(search: string): EventFilter {
  const params = new URLSearchParams(search);
  const filter: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value === null || value === '') continue;
    const one = EventFilterSchema.shape[key].safeParse(value);
    if (one.success && one.data !== undefined) filter[key] = one.data;
  }
  return filter as EventFilter;
}
