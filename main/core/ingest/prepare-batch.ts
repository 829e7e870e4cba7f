import type { AppErrorShape, FieldError } from '../../../shared/contract';
import { channels } from '../../../shared/contract';
import { AppError, describeFields, fieldErrors } from '../api/errors';
import { BatchBuilder, type PackedBatch } from '../store/prepared';

export type PrepareOutcome = { ok: true; batch: PackedBatch } | { ok: false; error: AppErrorShape };

/**
 * Who sent the batch, when a terminal did: its events carry its name as `terminal_id` (and its store
 * as `store_id`, when it was registered to one). Missing values are filled in; different ones refuse
 * the batch, so one terminal cannot write events in another's name.
 */
export interface BatchSender {
  terminalId: string;
  storeId: string | null;
}

/**
 * Everything about a batch that needs no database: JSON parsing (when it arrives as text), validation
 * against the contract's schema for events.ingest (so the errors read exactly as the router's), and
 * the canonical form. Runs in the ingest workers.
 */
export function prepareBatch(body: unknown, sender?: BatchSender): PrepareOutcome {
  let events: unknown = body;
  if (typeof body === 'string') {
    try {
      events = JSON.parse(body);
    } catch (error) {
      return fail(new AppError('BAD_INPUT', `The batch is not valid JSON: ${(error as Error).message}.`));
    }
  }
  // An array of events, `{ "events": [...] }`, or one event on its own.
  if (isPlainObject(events)) events = Array.isArray(events.events) && !('action' in events) ? events.events : [events];
  if (sender && Array.isArray(events)) {
    const refused = bindToSender(events, sender);
    if (refused) return fail(refused);
  }
  const parsed = channels['events.ingest'].input.safeParse({ events });
  if (!parsed.success) {
    const fields = fieldErrors(parsed.error.issues);
    return fail(new AppError('BAD_INPUT', `The batch was rejected and nothing was stored: ${describeFields(fields)}.`, fields));
  }
  const batch = new BatchBuilder(true);
  for (const event of parsed.data.events) batch.add(event, null);
  return { ok: true, batch: batch.donePacked() };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function bindToSender(events: unknown[], sender: BatchSender): AppError | null {
  const fields: FieldError[] = [];
  const bind = (event: Record<string, unknown>, index: number, key: 'terminal_id' | 'store_id', value: string) => {
    if (event[key] === undefined || event[key] === null) event[key] = value;
    else if (event[key] !== value) fields.push({ index, path: key, message: `must be "${value}" (the key belongs to that ${key === 'store_id' ? 'store' : 'terminal'}) or left out` });
  };
  events.forEach((event, index) => {
    if (!isPlainObject(event)) return;
    bind(event, index, 'terminal_id', sender.terminalId);
    if (sender.storeId !== null) bind(event, index, 'store_id', sender.storeId);
  });
  return fields.length ? new AppError('BAD_INPUT', `The batch was rejected and nothing was stored: ${describeFields(fields)}.`, fields) : null;
}

function fail(error: AppError): PrepareOutcome {
  return { ok: false, error: error.toShape() };
}
