import { v7 } from 'uuid';
import { EventInputSchema, type NormalizedEvent } from '../../../shared/events';
import type { Db } from '../store/database';
import { fingerprintOf, type SigningKey } from './checkpoint';

/** Every signing key enters the log as an event before it signs anything: key rotation is itself audited. */
export const KEY_ACTION = 'system.key_rotation';

export type KeyChange = 'first_key' | 'rotation' | 'recovery';

export interface IntroducedKey {
  publicKey: Buffer;
  /** The event that introduced it: a checkpoint signed by this key must cover this seq. */
  seq: number;
}

/** The event that puts a public key into the log. */
export function keyEvent(key: SigningKey, previous: string | null, change: KeyChange, storeId: string): NormalizedEvent {
  return EventInputSchema.parse({
    event_id: v7(),
    ts: new Date().toISOString(),
    store_id: storeId,
    action: KEY_ACTION,
    resource_type: 'signing_key',
    resource_id: key.fingerprint,
    details: { public_key: key.publicKey.toString('hex'), previous_fingerprint: previous, change },
  });
}

/**
 * The keys the log itself introduced, by fingerprint, read from its key events (through the action
 * index). The verifier trusts a checkpoint's key only if an event at or before the checkpoint's tree
 * size introduced it — and the chain and tree checks are what make those events trustworthy.
 */
export function introducedKeys(db: Db): Map<string, IntroducedKey> {
  const keys = new Map<string, IntroducedKey>();
  const rows = db.prepare('SELECT seq, details FROM events WHERE action = ? ORDER BY seq').all(KEY_ACTION) as { seq: number; details: string }[];
  for (const row of rows) {
    let publicKey: Buffer;
    try {
      publicKey = Buffer.from(String((JSON.parse(row.details) as { public_key?: unknown }).public_key ?? ''), 'hex');
    } catch {
      continue;
    }
    if (publicKey.length !== 32) continue;
    const fingerprint = fingerprintOf(publicKey);
    if (!keys.has(fingerprint)) keys.set(fingerprint, { publicKey, seq: row.seq });
  }
  return keys;
}
