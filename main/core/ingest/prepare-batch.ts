import type { AppErrorShape } from '../../../shared/contract';
import { channels } from '../../../shared/contract';
import { AppError, describeFields, fieldErrors } from '../api/errors';
import { packBatch, prepareEvents, type PackedBatch } from '../store/prepared';

export type PrepareOutcome = { ok: true; batch: PackedBatch } | { ok: false; error: AppErrorShape };

/**
 * Everything about a batch that needs no database: JSON parsing (when it arrives as text), validation
 * against the contract's schema for events.ingest (so the errors read exactly as the router's), and
 * the canonical form. Runs in the ingest workers.
 */
export function prepareBatch(body: unknown): PrepareOutcome {
  let events: unknown = body;
  if (typeof body === 'string') {
    try {
      events = JSON.parse(body);
    } catch (error) {
      return fail(new AppError('BAD_INPUT', `The batch is not valid JSON: ${(error as Error).message}.`));
    }
  }
  const parsed = channels['events.ingest'].input.safeParse({ events });
  if (!parsed.success) {
    const fields = fieldErrors(parsed.error.issues);
    return fail(new AppError('BAD_INPUT', `The batch was rejected and nothing was stored: ${describeFields(fields)}.`, fields));
  }
  return { ok: true, batch: packBatch(prepareEvents(parsed.data.events)) };
}

function fail(error: AppError): PrepareOutcome {
  return { ok: false, error: error.toShape() };
}
