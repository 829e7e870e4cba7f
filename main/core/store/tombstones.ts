import type { Db } from './database';

/**
 * What the database keeps of archived events: a tombstone per event (its seq, its chain hash, its
 * segment). The chain and the Merkle tree run through tombstones as through events, so whatever walks
 * the log by seq (the writer's head, the tree store, the verifier) reads both tables.
 *
 * Files from before migration 006 have no such table; readers that open a file without migrating it
 * (the verifier, `prove`) must still work on them, hence `hasTombstones`.
 */
export function hasTombstones(db: Db): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'archived_events'").get() !== undefined;
}

/** The last seq of the log, archived or not (0 for an empty log). */
export function lastSeq(db: Db): number {
  const events = (db.prepare('SELECT max(seq) FROM events').pluck().get() as number | null) ?? 0;
  if (!hasTombstones(db)) return events;
  const archived = (db.prepare('SELECT max(seq) FROM archived_events').pluck().get() as number | null) ?? 0;
  return Math.max(events, archived);
}

/** How many events were archived (their tombstones; 0 for a file from before archives). */
export function archivedCount(db: Db): number {
  if (!hasTombstones(db)) return 0;
  return db.prepare('SELECT coalesce(sum(count), 0) FROM archive_segments').pluck().get() as number;
}

/** The chain hash at `seq`, from the event or its tombstone; undefined when neither exists. */
export function hashAt(db: Db, seq: number): Buffer | undefined {
  return hashReader(db)(seq);
}

/** hashAt with its statements prepared once, for callers that ask for many seqs. */
export function hashReader(db: Db): (seq: number) => Buffer | undefined {
  const event = db.prepare('SELECT hash FROM events WHERE seq = ?').pluck();
  const tombstone = hasTombstones(db) ? db.prepare('SELECT hash FROM archived_events WHERE seq = ?').pluck() : null;
  return (seq) => (event.get(seq) as Buffer | undefined) ?? (tombstone?.get(seq) as Buffer | undefined);
}
