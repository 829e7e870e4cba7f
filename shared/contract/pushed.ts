import { z } from 'zod';
import type { Permission } from '../permissions';
import { SavedViewSchema, SettingsViewSchema } from './documents';
import { AlertSchema } from './alert-channels';
import { ImportJobViewSchema } from './import-channels';
import { TerminalApiStatusSchema } from './terminal-channels';

/**
 * Events the core pushes to subscribers (progress of long work, live updates). Part of the contract.
 * `permission`: what the receiving session's role must grant (null: any live session). `audience:
 * 'owner'`: the payload names an `owner` (a user name), and only that user's sessions receive it.
 */
export const pushed = {
  'job.progress': {
    permission: null as Permission | null,
    payload: z.object({
      jobId: z.string(),
      kind: z.enum(['demo', 'verify', 'ingest', 'archives', 'detection', 'forecast']),
      phase: z.string(),
      done: z.int(),
      total: z.int(),
      finished: z.boolean(),
    }),
  },
  'events.appended': {
    permission: 'audit:read' as Permission | null,
    payload: z.object({ count: z.int(), lastSeq: z.int() }),
  },
  /** The settings documents changed (any window, any user): the whole view, as `settings.get` answers. */
  'settings.changed': {
    permission: null as Permission | null,
    payload: SettingsViewSchema,
  },
  /** One user's saved views changed: the whole list, as `views.list` answers, for that user only. */
  'views.changed': {
    permission: 'audit:read' as Permission | null,
    audience: 'owner',
    payload: z.object({ owner: z.string(), views: z.array(SavedViewSchema) }),
  },
  /** The terminal ingest API started, stopped or failed to start. */
  'terminals.apiStatus': {
    permission: null as Permission | null,
    payload: TerminalApiStatusSchema,
  },
  /** An import job's progress (at most every 100 ms) and its end, for the user who started it. */
  'imports.job': {
    permission: 'audit:append' as Permission | null,
    audience: 'owner',
    payload: ImportJobViewSchema,
  },
  /**
   * Detection raised or updated alerts, or someone triaged one. `critical`: the critical alerts this
   * run raised, for a desktop notification or toast.
   */
  'alerts.changed': {
    permission: 'audit:read' as Permission | null,
    payload: z.object({ raised: z.int(), updated: z.int(), critical: z.array(AlertSchema) }),
  },
} as const;

export type Pushed = typeof pushed;
export type PushedName = keyof Pushed;
export type PushedPayload<E extends PushedName> = z.output<Pushed[E]['payload']>;

export function isPushedName(name: unknown): name is PushedName {
  return typeof name === 'string' && Object.hasOwn(pushed, name);
}
