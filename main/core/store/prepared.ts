import v8 from 'node:v8';
import type { NormalizedEvent } from '../../../shared/events';
import { canonicalDetails, eventText } from './canonical';

/**
 * Validated events in the writer's column order, flattened: STRIDE values per event. Everything here
 * depends only on the event itself, so ingest workers build it in parallel and post it to the writer
 * as one flat array (cheap to clone); the writer adds seq, receipt time and the chain.
 *
 * Per event: event_id, ts, ts_ms, store_id, terminal_id, user_id, user_role, session_id, action,
 * category, resource_type, resource_id, status, error_details, level, ip_address, user_agent,
 * amount_minor, currency, details (canonical text), then the event's part of the canonical bytes.
 */
export interface PreparedBatch {
  count: number;
  values: (string | number | null)[];
}

export const STRIDE = 21;
/** Offsets the writer reads by name. */
export const AT = { eventId: 0, tsMs: 2, storeId: 3, terminalId: 4, userId: 5, action: 8, eventText: 20 } as const;

export function prepareEvents(events: readonly NormalizedEvent[]): PreparedBatch {
  const values: (string | number | null)[] = new Array(events.length * STRIDE);
  let o = 0;
  for (const e of events) {
    const details = canonicalDetails(e.details);
    values[o++] = e.event_id;
    values[o++] = e.ts;
    values[o++] = Date.parse(e.ts);
    values[o++] = e.store_id;
    values[o++] = e.terminal_id;
    values[o++] = e.user_id;
    values[o++] = e.user_role;
    values[o++] = e.session_id;
    values[o++] = e.action;
    values[o++] = e.category;
    values[o++] = e.resource_type;
    values[o++] = e.resource_id;
    values[o++] = e.status;
    values[o++] = e.error_details;
    values[o++] = e.level;
    values[o++] = e.ip_address;
    values[o++] = e.user_agent;
    values[o++] = e.amount_minor;
    values[o++] = e.currency;
    values[o++] = details;
    values[o++] = eventText(e, details);
  }
  return { count: events.length, values };
}

/** A prepared batch as it crosses threads: one serialized buffer, cheap to post. */
export interface PackedBatch {
  count: number;
  packed: Uint8Array;
}

export function packBatch(batch: PreparedBatch): PackedBatch {
  return { count: batch.count, packed: v8.serialize(batch.values) };
}

/**
 * Unpacked only just before the writer needs it: the strings are born and die within one commit,
 * so they never outlive V8's young generation (a queue of unpacked batches made GC a fifth of the
 * writer's time).
 */
export function unpackBatch(batch: PackedBatch): PreparedBatch {
  return { count: batch.count, values: v8.deserialize(batch.packed) as PreparedBatch['values'] };
}
