import type { StoredEvent } from '../../../shared/events';

/** An events row as SQLite returns it (hashes as BLOBs, details as text). */
export interface EventRow extends Omit<StoredEvent, 'details' | 'prev_hash' | 'hash'> {
  ts_ms: number;
  details: string;
  prev_hash: Buffer;
  hash: Buffer;
}

export const EVENT_COLUMNS = `seq, event_id, ts, ts_ms, store_id, terminal_id, user_id, user_role, session_id, action,
  category, resource_type, resource_id, status, error_details, level, ip_address, user_agent, amount_minor,
  currency, details, received_at, prev_hash, hash`;

export function toStoredEvent(row: EventRow): StoredEvent {
  const { ts_ms: _tsMs, details, prev_hash, hash, ...rest } = row;
  return {
    ...rest,
    details: JSON.parse(details) as StoredEvent['details'],
    prev_hash: prev_hash.toString('hex'),
    hash: hash.toString('hex'),
  };
}
