import v8 from 'node:v8';
import type { NormalizedEvent } from '../../../shared/events';
import { canonicalDetails, contentHash, contentHashOf } from './canonical';

/**
 * Validated events in the writer's column order, flattened: STRIDE values per event. Everything here
 * depends only on the event itself, so ingest workers build it in parallel and post it to the writer
 * (cheap to clone); the writer adds seq, receipt time and the chain.
 *
 * Per event: event_id, ts, ts_ms, store_id, terminal_id, user_id, user_role, session_id, action,
 * category, resource_type, resource_id, status, error_details, level, ip_address, user_agent,
 * amount_minor, currency, details (canonical text), then the event's content hash (hex).
 *
 * The values come in runs of at most RUN_EVENTS events. An array for a whole batch (21,000 values) is
 * too large for V8's young generation and is made in old space: v8.deserialize on the writer's thread
 * took 2.5 times as long per event for it as for runs of 250, and its strings became old garbage.
 */
export interface PreparedBatch {
  count: number;
  runs: (string | number | null)[][];
}

/** Events per run of values: 5,250 values, 42 KB of array, well inside the young generation. */
export const RUN_EVENTS = 250;

export const STRIDE = 21;
/** Offsets the writer reads by name. */
export const AT = { eventId: 0, tsMs: 2, storeId: 3, terminalId: 4, userId: 5, action: 8, content: 20 } as const;

/** An event's canonical texts when its maker built them already (a file import, for its derived id). */
export interface CanonicalParts {
  /** canonicalDetails(e.details) */
  details: string;
  /** fieldsText(e, details) */
  fields: string;
}

export function prepareEvents(events: readonly NormalizedEvent[]): PreparedBatch {
  const batch = new BatchBuilder();
  for (const e of events) batch.add(e, null);
  return batch.done();
}

type Run = (string | number | null)[];

/**
 * A batch built one event at a time, so an event's own objects die young. Packing (for another
 * thread) serializes each run as soon as it is full, so no more than one run of values is alive.
 */
export class BatchBuilder {
  private readonly runs: Run[] = [];
  private readonly packed: Uint8Array[] = [];
  // Built by push, never `new Array(n)`: a holey array crosses threads as a sparse one, element by
  // element as named properties, which made unpacking a quarter of the writer's time.
  private run: Run = [];
  private count = 0;

  constructor(private readonly packing = false) {}

  /** `canonical`: the event's texts when its maker built them already (a file import does, for the derived id). */
  add(e: NormalizedEvent, canonical: CanonicalParts | null): void {
    if (this.run.length === RUN_EVENTS * STRIDE) this.endRun();
    const details = canonical ? canonical.details : canonicalDetails(e.details);
    this.run.push(
      e.event_id, e.ts, Date.parse(e.ts), e.store_id, e.terminal_id, e.user_id, e.user_role, e.session_id, e.action,
      e.category, e.resource_type, e.resource_id, e.status, e.error_details, e.level, e.ip_address, e.user_agent,
      e.amount_minor, e.currency, details, canonical ? contentHashOf(e.event_id, canonical.fields) : contentHash(e, details),
    );
    this.count += 1;
  }

  done(): PreparedBatch {
    if (this.packing) throw new Error('a packing batch ends with donePacked()');
    if (this.run.length) this.endRun();
    return { count: this.count, runs: this.runs };
  }

  donePacked(): PackedBatch {
    if (!this.packing) throw new Error('only a packing batch ends with donePacked()');
    if (this.run.length) this.endRun();
    return { count: this.count, packed: this.packed };
  }

  private endRun(): void {
    if (this.packing) this.packed.push(v8.serialize(this.run));
    else this.runs.push(this.run);
    this.run = [];
  }
}

/** A prepared batch as it crosses threads: a serialized buffer per run, cheap to post (and to transfer). */
export interface PackedBatch {
  count: number;
  packed: Uint8Array[];
}

/**
 * Unpacked only just before the writer needs it (AuditLog.appendGroup does, batch by batch): the
 * strings are born and die within one batch, so they rarely outlive V8's young generation (a queue
 * of unpacked batches made GC a fifth of the writer's time).
 */
export function unpackBatch(batch: PackedBatch): PreparedBatch {
  return { count: batch.count, runs: batch.packed.map((run) => v8.deserialize(run) as Run) };
}
