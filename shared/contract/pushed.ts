import { z } from 'zod';
import type { Permission } from '../permissions';

/** Events the core pushes to subscribers (progress of long work, live updates). Part of the contract. */
export const pushed = {
  'job.progress': {
    permission: null as Permission | null,
    payload: z.object({
      jobId: z.string(),
      kind: z.enum(['demo', 'verify', 'ingest', 'archives']),
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
} as const;

export type Pushed = typeof pushed;
export type PushedName = keyof Pushed;
export type PushedPayload<E extends PushedName> = z.output<Pushed[E]['payload']>;

export function isPushedName(name: unknown): name is PushedName {
  return typeof name === 'string' && Object.hasOwn(pushed, name);
}
