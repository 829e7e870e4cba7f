import { hash } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * The bytes an event's hash covers (documented in docs/verification.md so anyone can recompute it):
 * a JSON array, fields in this fixed order, `details` as its RFC 8785 (JCS) canonical JSON text,
 * hashes as lower-case hex, absent values as null. hash = SHA-256(utf8(that array)).
 */
export const CANONICAL_VERSION = 'wd1';

export const GENESIS_HASH = Buffer.alloc(32);

/** Everything the chain covers, in canonical order. */
export interface ChainedFields {
  seq: number;
  event_id: string;
  ts: string;
  store_id: string;
  terminal_id: string | null;
  user_id: string | null;
  user_role: string | null;
  session_id: string | null;
  action: string;
  category: string;
  resource_type: string | null;
  resource_id: string | null;
  status: string;
  error_details: string | null;
  level: string;
  ip_address: string | null;
  user_agent: string | null;
  amount_minor: number | null;
  currency: string | null;
  /** Canonical JSON text, exactly as stored. */
  details: string;
  received_at: string;
}

export function canonicalDetails(details: unknown): string {
  const text = canonicalize(details);
  if (text === undefined) throw new TypeError('details cannot be serialised');
  return text;
}

export function canonicalBytes(e: ChainedFields, prevHash: Buffer): string {
  return JSON.stringify([
    CANONICAL_VERSION,
    e.seq,
    e.event_id,
    e.ts,
    e.store_id,
    e.terminal_id,
    e.user_id,
    e.user_role,
    e.session_id,
    e.action,
    e.category,
    e.resource_type,
    e.resource_id,
    e.status,
    e.error_details,
    e.level,
    e.ip_address,
    e.user_agent,
    e.amount_minor,
    e.currency,
    e.details,
    e.received_at,
    prevHash.toString('hex'),
  ]);
}

export function chainHash(e: ChainedFields, prevHash: Buffer): Buffer {
  // One-shot hash: half the cost of createHash().update().digest() for inputs this small.
  return hash('sha256', canonicalBytes(e, prevHash), 'buffer');
}
