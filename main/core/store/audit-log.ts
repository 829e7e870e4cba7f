import type { Statement } from 'better-sqlite3-multiple-ciphers';
import { MAX_BATCH, type NormalizedEvent } from '../../../shared/events';
import { AppError } from '../api/errors';
import { GENESIS_HASH, hashNewEvent } from './canonical';
import type { Db } from './database';

export interface AppendResult {
  accepted: number;
  /** event_ids already in the log (or repeated within the batch): acknowledged, not stored again. */
  duplicates: string[];
  firstSeq: number | null;
  lastSeq: number | null;
}

export interface ChainHead {
  seq: number;
  hash: Buffer;
}

const HOUR_MS = 3_600_000;

export type ReceivedAt = Date | ((event: NormalizedEvent) => Date);

type FacetKind = 'store' | 'terminal' | 'user' | 'action';

// ON CONFLICT DO NOTHING lets the unique index answer "seen before?" in the same probe as the insert.
const INSERT_SQL = `
  INSERT INTO events (seq, event_id, ts, ts_ms, store_id, terminal_id, user_id, user_role, session_id,
    action, category, resource_type, resource_id, status, error_details, level, ip_address, user_agent,
    amount_minor, currency, details, received_at, prev_hash, hash)
  VALUES (${Array(24).fill('?').join(', ')})
  ON CONFLICT (event_id) DO NOTHING`;

/**
 * The single writer of the audit log. Appends are all-or-nothing per batch, seq is assigned here
 * (head + 1, gap-free), each event is chained to the previous hash, and a known event_id is
 * acknowledged instead of stored twice so a terminal can retry safely.
 */
export class AuditLog {
  private head: ChainHead;
  private readonly insert: Statement;
  private readonly insertFacet: Statement;
  private readonly countHour: Statement;
  private readonly knownFacets = new Set<string>();

  constructor(private readonly db: Db) {
    this.insert = db.prepare(INSERT_SQL);
    this.insertFacet = db.prepare('INSERT OR IGNORE INTO event_facets (kind, value) VALUES (?, ?)');
    this.countHour = db.prepare(
      'INSERT INTO event_counts_hourly (hour_ms, n) VALUES (?, ?) ON CONFLICT (hour_ms) DO UPDATE SET n = n + excluded.n',
    );
    this.head = readHead(db);
    for (const row of db.prepare('SELECT kind, value FROM event_facets').all() as { kind: string; value: string }[]) {
      this.knownFacets.add(`${row.kind}\u0000${row.value}`);
    }
  }

  get chainHead(): Readonly<ChainHead> {
    return this.head;
  }

  /**
   * Events must already be validated (EventInputSchema). `receivedAt` is the store's clock, or a function
   * for replayed history (the demo) whose receipt times are part of what is being replayed.
   */
  append(events: readonly NormalizedEvent[], receivedAt: ReceivedAt = new Date()): AppendResult {
    if (events.length > MAX_BATCH) {
      throw new AppError('BAD_INPUT', `A batch holds at most ${MAX_BATCH} events; this one has ${events.length}.`);
    }
    const received = receivedAt instanceof Date ? receivedAt.toISOString() : null;
    const newFacets = new Map<string, [FacetKind, string]>();
    const run = this.db.transaction(() => {
      const duplicates: string[] = [];
      const inBatch = new Set<string>();
      const perHour = new Map<number, number>();
      let { seq, hash } = this.head;
      const firstSeq = seq + 1;
      for (const event of events) {
        if (inBatch.has(event.event_id)) {
          duplicates.push(event.event_id);
          continue;
        }
        inBatch.add(event.event_id);
        const at = received ?? (receivedAt as (e: NormalizedEvent) => Date)(event).toISOString();
        const { details, hash: next } = hashNewEvent(event, seq + 1, at, hash);
        if (this.insertRow(event, seq + 1, details, at, hash, next) === 0) {
          duplicates.push(event.event_id);
          continue;
        }
        seq += 1;
        hash = next;
        const hour = Math.floor(Date.parse(event.ts) / HOUR_MS) * HOUR_MS;
        perHour.set(hour, (perHour.get(hour) ?? 0) + 1);
        this.collectFacets(event, newFacets);
      }
      for (const [kind, value] of newFacets.values()) this.insertFacet.run(kind, value);
      for (const [hour, n] of perHour) this.countHour.run(hour, n);
      const accepted = seq - this.head.seq;
      return { head: { seq, hash }, result: { accepted, duplicates, firstSeq: accepted ? firstSeq : null, lastSeq: accepted ? seq : null } };
    });
    const { head, result } = run.immediate();
    // Only after COMMIT returned: the in-memory head and facet cache never run ahead of the file.
    this.head = head;
    for (const key of newFacets.keys()) this.knownFacets.add(key);
    return result;
  }

  /** Positional binding: measurably cheaper than named parameters at tens of thousands of rows a second. */
  private insertRow(e: NormalizedEvent, seq: number, details: string, receivedAt: string, prevHash: Buffer, hash: Buffer): number {
    return this.insert.run(
      seq, e.event_id, e.ts, Date.parse(e.ts), e.store_id, e.terminal_id, e.user_id, e.user_role, e.session_id,
      e.action, e.category, e.resource_type, e.resource_id, e.status, e.error_details, e.level, e.ip_address,
      e.user_agent, e.amount_minor, e.currency, details, receivedAt, prevHash, hash,
    ).changes;
  }

  private collectFacets(event: NormalizedEvent, out: Map<string, [FacetKind, string]>): void {
    const candidates: [FacetKind, string | null][] = [
      ['store', event.store_id],
      ['terminal', event.terminal_id],
      ['user', event.user_id],
      ['action', event.action],
    ];
    for (const [kind, value] of candidates) {
      if (value === null) continue;
      const key = `${kind}\u0000${value}`;
      if (!this.knownFacets.has(key)) out.set(key, [kind, value]);
    }
  }
}

export function readHead(db: Db): ChainHead {
  const row = db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1').get() as
    | { seq: number; hash: Buffer }
    | undefined;
  return row ? { seq: row.seq, hash: row.hash } : { seq: 0, hash: GENESIS_HASH };
}
