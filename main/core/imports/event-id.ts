import { hash } from 'node:crypto';
import type { NormalizedEvent } from '../../../shared/events';
import { canonicalDetails, fieldsText } from '../store/canonical';

/** How far back (in valid rows) an identical row counts as a second occurrence rather than the same event. */
export const OCCURRENCE_WINDOW = 10_000;

/**
 * Event ids for rows that bring none, derived from the row itself so that importing the same file
 * again stores nothing twice (the store acknowledges a known event_id as a duplicate).
 *
 * The id is shaped like a UUIDv7: the first 48 bits are the event's time in Unix milliseconds (so the
 * ids of one import sort by time, like a till's own), then version 7 and the RFC 9562 variant; the
 * other 74 bits are the first bits of SHA-256(<row>), where <row> is the normalised event as a JSON
 * array (every field but event_id, in the schema's order, details as canonical JSON) — or, for the
 * k-th occurrence of the same row (k ≥ 2: it came k-1 times before, each within OCCURRENCE_WINDOW
 * valid rows of the last), of SHA-256("<k>:<row>"). So two identical rows of one file (two "No Sale" in the same second) stay
 * two events, while the same row in an overlapping export is still recognised.
 */
export class DerivedIds {
  /** Row key → index of its last occurrence, and → its occurrence count when above 1. */
  private readonly last = new Map<string, number>();
  private readonly repeats = new Map<string, number>();
  private readonly ring: string[];
  private next = 0;

  constructor(private readonly window = OCCURRENCE_WINDOW) {
    this.ring = new Array<string>(window).fill('');
  }

  /** `row` is rowText(e), when the caller has it already. */
  idFor(e: NormalizedEvent, row = rowText(e)): string {
    const digest = hash('sha256', row, 'hex');
    // Keyed by 128 bits of the digest, not the row's text: 10,000 long strings kept alive cost the
    // garbage collector more than the rest of the id.
    const k = this.occurrence(digest.slice(0, 32));
    return uuidFrom(Date.parse(e.ts), k === 1 ? digest : hash('sha256', `${k}:${row}`, 'hex'));
  }

  /** Numbers, not an object per row: what the window holds should cost the garbage collector little. */
  private occurrence(key: string): number {
    const index = this.next++;
    const slot = index % this.window;
    const evicted = this.ring[slot] as string;
    if (evicted !== '' && this.last.get(evicted) === index - this.window) {
      this.last.delete(evicted);
      this.repeats.delete(evicted);
    }
    this.ring[slot] = key;
    const seen = this.last.has(key);
    this.last.set(key, index);
    if (!seen) return 1;
    const k = (this.repeats.get(key) ?? 1) + 1;
    this.repeats.set(key, k);
    return k;
  }
}

/** The row as hashed: the store's canonical fields of the event after event_id (fieldsText), details canonical. */
export function rowText(e: NormalizedEvent, details = canonicalDetails(e.details)): string {
  return fieldsText(e, details);
}

/**
 * 48 bits of time, version 7, 12 bits of the digest, variant 10, 62 bits of the digest (bytes 0–9 of
 * it, the top nibble of byte 0 and two bits of byte 2 left out). `digest` is lower-case hex.
 */
export function uuidFrom(ms: number, digest: string): string {
  const time = Math.max(0, Math.min(ms, 2 ** 48 - 1)).toString(16).padStart(12, '0');
  const variant = (0x80 | (parseInt(digest.slice(4, 6), 16) & 0x3f)).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${digest.slice(1, 4)}-${variant}${digest.slice(6, 8)}-${digest.slice(8, 20)}`;
}
