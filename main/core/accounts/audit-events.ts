import { isIP } from 'node:net';
import { v7 } from 'uuid';
import { EventInputSchema, type NormalizedEvent } from '../../../shared/events';

/** Who did something, as the log records it. */
export interface Actor {
  userName: string | null;
  role: string | null;
  sessionId: string | null;
  /** An IP address (browser host, terminals) or a word for the local hosts: "electron", "cli". */
  source: string;
  userAgent?: string | null;
  /** A name for the device (browser and OS), for the "new device" signal. */
  device?: string | null;
}

export interface AccountEvent {
  action: string;
  status?: 'success' | 'failure';
  level?: 'INFO' | 'WARNING' | 'ERROR';
  resourceType?: string;
  resourceId?: string | null;
  errorDetails?: string;
  details?: Record<string, unknown>;
}

/**
 * The log's record of an account change, a login or a look at the log. The source goes into
 * `ip_address` when it is an address; the host word stays in `details.source` either way.
 */
export function accountEvent(storeId: string, actor: Actor, event: AccountEvent, now: Date): NormalizedEvent {
  return EventInputSchema.parse({
    event_id: v7(),
    ts: now.toISOString(),
    store_id: storeId,
    user_id: actor.userName,
    user_role: actor.role,
    session_id: actor.sessionId,
    action: event.action,
    resource_type: event.resourceType ?? null,
    resource_id: event.resourceId ?? null,
    status: event.status ?? 'success',
    level: event.level ?? (event.status === 'failure' ? 'WARNING' : 'INFO'),
    error_details: event.errorDetails ?? null,
    ip_address: isIP(actor.source) ? actor.source : null,
    user_agent: actor.userAgent?.slice(0, 512) ?? null,
    // Absent values are left out: details are plain JSON.
    details: Object.fromEntries(Object.entries({ source: actor.source, ...event.details }).filter(([, v]) => v !== undefined)),
  });
}
