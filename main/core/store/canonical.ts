import { hash } from 'node:crypto';

/**
 * What an event's hash covers, in two steps (docs/verification.md shows how to recompute it anywhere):
 *   content = SHA-256(utf8(["wd2", event_id, ts, …, currency, details]))   the event itself
 *   hash    = SHA-256(utf8(["wd2", seq, content hex, received_at, prev hash hex]))   its place in the log
 * JSON arrays, fields in a fixed order, `details` as its RFC 8785 (JCS) canonical JSON text, absent
 * values as null, hashes as lower-case hex. The content hash depends only on the event, so ingest
 * workers compute it in parallel; the single writer hashes ~175 bytes per event instead of the whole
 * event (the one-step form wd1 spent a sixth of the writer's time hashing).
 */
export const CANONICAL_VERSION = 'wd2';

export const GENESIS_HASH = Buffer.alloc(32);

/** Everything the chain covers. Stored rows have exactly these columns, so a row is its own input. */
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

/**
 * RFC 8785 canonical JSON for plain JSON values: object keys sorted by UTF-16 code units (what
 * Array.prototype.sort does), no whitespace, strings and numbers as ECMAScript serialises them.
 * Hand-written because it runs once per ingested event and the general library was 3x slower;
 * a property test holds it equal to the reference implementation (`canonicalize`).
 */
export function canonicalDetails(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError('details hold a value JSON cannot represent');
    return text;
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalDetails(value[i] === undefined ? null : value[i]);
    return out + ']';
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    out += (first ? '' : ',') + JSON.stringify(key) + ':' + canonicalDetails(item);
    first = false;
  }
  return out + '}';
}

/** The fields an event brings itself; seq, details text and receipt time are the store's. */
export type EventFields = Omit<ChainedFields, 'seq' | 'details' | 'received_at'>;

/**
 * The one definition of the chained bytes. Takes the event's own fields from any object that has them
 * (a validated input on append, a stored row on verify) so no intermediate object is built per event.
 */
export function canonicalBytes(e: EventFields, seq: number, details: string, receivedAt: string, prevHash: Buffer): string {
  return chainedText(seq, contentHash(e, details), receivedAt, prevHash.toString('hex'));
}

/** SHA-256 of the event's own canonical array, as lower-case hex: everything but its place in the log. */
export function contentHash(e: EventFields, details: string): string {
  return contentHashOf(e.event_id, fieldsText(e, details));
}

/**
 * The event's fields after event_id, in the canonical order, as a JSON array. The content hash's array
 * is this one with the version and event_id in front; file imports hash it alone for derived event ids
 * (imports/event-id.ts), so an import builds the text once for both.
 */
export function fieldsText(e: Omit<EventFields, 'event_id'>, details: string): string {
  return JSON.stringify([
    e.ts, e.store_id, e.terminal_id, e.user_id, e.user_role, e.session_id, e.action, e.category, e.resource_type,
    e.resource_id, e.status, e.error_details, e.level, e.ip_address, e.user_agent, e.amount_minor, e.currency, details,
  ]);
}

/**
 * contentHash from fieldsText: exactly `JSON.stringify([CANONICAL_VERSION, eventId, ...fields])`, since a
 * JSON array's text is its elements' texts joined by commas inside brackets.
 */
export function contentHashOf(eventId: string, fields: string): string {
  return hash('sha256', `["${CANONICAL_VERSION}",${JSON.stringify(eventId)},${fields.slice(1)}`, 'hex');
}

/**
 * Exactly `JSON.stringify([CANONICAL_VERSION, seq, contentHex, receivedAt, prevHex])`: an integer
 * prints as itself and hex needs no escaping.
 */
export function chainedText(seq: number, contentHex: string, receivedAt: string, prevHex: string): string {
  return `["${CANONICAL_VERSION}",${seq},"${contentHex}",${JSON.stringify(receivedAt)},"${prevHex}"]`;
}

/** The hash of a stored (or about to be stored) event. One-shot hash: half the cost of createHash() here. */
export function chainHash(e: ChainedFields, prevHash: Buffer): Buffer {
  return hash('sha256', canonicalBytes(e, e.seq, e.details, e.received_at, prevHash), 'buffer');
}

export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}
