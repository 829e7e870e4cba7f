import type { Db } from '../../store/database';

/** The columns of an event that features, classification and explanations read. */
export interface FeatureEvent {
  seq: number;
  tsMs: number;
  storeId: string;
  terminalId: string | null;
  userId: string | null;
  userRole: string | null;
  sessionId: string | null;
  action: string;
  category: string;
  failed: boolean;
  ip: string | null;
  amountMinor: number | null;
  currency: string | null;
}

const COLUMNS = `seq, ts_ms, store_id, terminal_id, user_id, user_role, session_id, action, category, status, ip_address,
  amount_minor, currency`;

type RawRow = [number, number, string, string | null, string | null, string | null, string | null, string, string, string, string | null, number | null, string | null];

function toFeatureEvent(r: RawRow): FeatureEvent {
  return {
    seq: r[0], tsMs: r[1], storeId: r[2], terminalId: r[3], userId: r[4], userRole: r[5], sessionId: r[6],
    action: r[7], category: r[8], failed: r[9] === 'failure', ip: r[10], amountMinor: r[11], currency: r[12],
  };
}

/** Rows read per query: a keyset page over the rowid, so memory stays flat however many events are new. */
export const READ_CHUNK = 5000;

/** Events with afterSeq < seq ≤ throughSeq, in seq order, a page at a time. */
export function* readFeatureEvents(db: Db, afterSeq: number, throughSeq: number, chunk = READ_CHUNK): Generator<FeatureEvent[]> {
  const page = db.prepare(`SELECT ${COLUMNS} FROM events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?`).raw(true);
  let after = afterSeq;
  for (;;) {
    const rows = page.all(after, throughSeq, chunk) as RawRow[];
    if (rows.length === 0) return;
    yield rows.map(toFeatureEvent);
    after = rows[rows.length - 1]![0];
    if (rows.length < chunk) return;
  }
}

/** The given events (those still in the database), by seq. */
export function featureEventsBySeq(db: Db, seqs: readonly number[]): Map<number, FeatureEvent> {
  if (seqs.length === 0) return new Map();
  const rows = db
    .prepare(`SELECT ${COLUMNS} FROM events WHERE seq IN (SELECT value FROM json_each(?))`)
    .raw(true)
    .all(JSON.stringify(seqs)) as RawRow[];
  return new Map(rows.map((r) => [r[0], toFeatureEvent(r)]));
}

/** The newest seq in the log (0 when empty). */
export function headSeq(db: Db): number {
  return (db.prepare('SELECT coalesce(max(seq), 0) FROM events').pluck().get() as number) ?? 0;
}

/** The first event at or after `tsMs` in time order (its seq), or null. */
export function firstSeqFrom(db: Db, tsMs: number): number | null {
  const seq = db.prepare('SELECT seq FROM events WHERE ts_ms >= ? ORDER BY ts_ms, seq LIMIT 1').pluck().get(tsMs) as number | undefined;
  return seq ?? null;
}

/**
 * The earliest event time in the log (the `ts_ms` index's first entry), or null for an empty log. Not
 * the first seq's: a log set up today and then given older history (a demo, an import) starts earlier.
 */
export function earliestTime(db: Db): number | null {
  const ts = db.prepare('SELECT min(ts_ms) FROM events').pluck().get() as number | null | undefined;
  return ts ?? null;
}

/** The time of the first event after `afterSeq`, or null when there is none. */
export function firstTimeAfter(db: Db, afterSeq: number): number | null {
  const ts = db.prepare('SELECT ts_ms FROM events WHERE seq > ? ORDER BY seq LIMIT 1').pluck().get(afterSeq) as number | undefined;
  return ts ?? null;
}
