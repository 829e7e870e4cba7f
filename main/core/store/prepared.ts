import v8 from 'node:v8';
import type { NormalizedEvent } from '../../../shared/events';
import { canonicalDetails, contentHash } from './canonical';

/**
 * Validated events in the writer's column order, flattened: STRIDE values per event. Everything here
 * depends only on the event itself, so ingest workers build it in parallel and post it to the writer
 * as one flat array (cheap to clone); the writer adds seq, receipt time and the chain.
 *
 * Per event: event_id, ts, ts_ms, store_id, terminal_id, user_id, user_role, session_id, action,
 * category, resource_type, resource_id, status, error_details, level, ip_address, user_agent,
 * amount_minor, currency, details (canonical text), then the event's content hash (hex).
 */
export interface PreparedBatch {
  count: number;
  values: (string | number | null)[];
}

export const STRIDE = 21;
/** Offsets the writer reads by name. */
export const AT = { eventId: 0, tsMs: 2, storeId: 3, terminalId: 4, userId: 5, action: 8, content: 20 } as const;

export function prepareEvents(events: readonly NormalizedEvent[]): PreparedBatch {
  // Built by push, never `new Array(n)`: a holey array crosses threads as a sparse one, element by
  // element as named properties, which made unpacking a quarter of the writer's time.
  const values: (string | number | null)[] = [];
  for (const e of events) {
    const details = canonicalDetails(e.details);
    values.push(
      e.event_id, e.ts, Date.parse(e.ts), e.store_id, e.terminal_id, e.user_id, e.user_role, e.session_id, e.action,
      e.category, e.resource_type, e.resource_id, e.status, e.error_details, e.level, e.ip_address, e.user_agent,
      e.amount_minor, e.currency, details, contentHash(e, details),
    );
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
 * Unpacked only just before the writer needs it (AuditLog.appendGroup does, batch by batch): the
 * strings are born and die within one batch, so they rarely outlive V8's young generation (a queue
 * of unpacked batches made GC a fifth of the writer's time).
 */
export function unpackBatch(batch: PackedBatch): PreparedBatch {
  return { count: batch.count, values: v8.deserialize(batch.packed) as PreparedBatch['values'] };
}
