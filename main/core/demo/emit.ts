import { v7 } from 'uuid';
import { defaultCategory, type EventInput, type Level, type Status } from '../../../shared/events';
import { Rng, Stream } from './rng';
import type { Role, Terminal } from './staff';

/** What the generator puts in `details`; the same JSON values the event schema accepts. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type Details = { [key: string]: Json };

export const CURRENCY = 'USD';

/** Who does something, where, and in which session; null parts for machines and anonymous attempts. */
export interface Actor {
  userId: string | null;
  role: Role | null;
  sessionId: string | null;
  terminal: Terminal | null;
}

export interface EventFields {
  category?: string;
  resourceType?: string;
  resourceId?: string;
  status?: Status;
  errorDetails?: string;
  level?: Level;
  amountMinor?: number;
  details?: Details;
}

export interface TimedEvent {
  ms: number;
  event: EventInput;
}

/**
 * Collects one store-day's events. Ids are UUIDv7 with the event's own time, so they sort like the
 * timestamps; their random part is hashed from (seed, store, time, n-th id at that time) rather than
 * drawn in emission order, so an event keeps its id when unrelated events come and go.
 */
export class EventSink {
  readonly events: TimedEvent[] = [];
  private readonly issued = new Map<number, number>();

  constructor(
    private readonly storeId: string,
    private readonly seed: number,
    private readonly storeIndex: number,
  ) {}

  private randomFor(ms: number): Uint8Array {
    const nth = this.issued.get(ms) ?? 0;
    this.issued.set(ms, nth + 1);
    return new Rng(this.seed, [Stream.ids, this.storeIndex, ms % 0x1_0000_0000, Math.floor(ms / 0x1_0000_0000), nth]).bytes16();
  }

  emit(ms: number, actor: Actor, action: string, fields: EventFields = {}): void {
    const amount = fields.amountMinor ?? null;
    const event: EventInput = {
      event_id: v7({ msecs: ms, random: this.randomFor(ms) }),
      ts: new Date(ms).toISOString(),
      store_id: this.storeId,
      terminal_id: actor.terminal?.id ?? null,
      user_id: actor.userId,
      user_role: actor.role,
      session_id: actor.sessionId,
      action,
      category: fields.category ?? defaultCategory(action),
      resource_type: fields.resourceType ?? null,
      resource_id: fields.resourceId ?? null,
      status: fields.status ?? 'success',
      error_details: fields.errorDetails ?? null,
      level: fields.level ?? 'INFO',
      ip_address: actor.terminal?.ip ?? null,
      user_agent: actor.terminal?.userAgent ?? null,
      amount_minor: amount,
      currency: amount === null ? null : CURRENCY,
      details: fields.details ?? {},
    };
    this.events.push({ ms, event });
  }

  /** A session id: UUIDv7 at login time, from the same keyed randomness as event ids. */
  sessionId(loginMs: number): string {
    return v7({ msecs: loginMs, random: this.randomFor(loginMs) });
  }
}

/** Machine events (system.start and scheduled jobs) have a terminal but no user. */
export function machine(terminal: Terminal): Actor {
  return { userId: null, role: null, sessionId: null, terminal };
}
