import { MAX_GROUP_EVENTS } from '../../store/audit-log';
import type { Db } from '../../store/database';
import { CheckpointStore, type StoredCheckpoint } from '../checkpoint-store';
import { introducedKeys, type IntroducedKey } from '../key-events';
import { listSegments, type SegmentRecord } from '../../retention/reader';
import { hasTombstones, lastSeq } from '../../store/tombstones';

/** Leaves per chunk: a power of two, so chunk roots are complete subtrees of the log's tree. */
export const CHUNK = 2 ** 16;
/** A group commit may hold up to this many events past an interval before its checkpoint is signed. */
export const GROUP_SLACK = MAX_GROUP_EVENTS;

export interface Chunk {
  from: number;
  to: number;
  /** Checkpoint tree sizes inside the chunk, at which the worker snapshots its frontier. */
  sizes: number[];
}

export interface VerifyPlan {
  head: number;
  checkpoints: StoredCheckpoint[];
  keys: Map<string, IntroducedKey>;
  every: number;
  chunks: Chunk[];
  /** Archive segments the database lists, and how many tombstones it keeps (retention). */
  segments: SegmentRecord[];
  archived: number;
}

/** Reads what the verifier holds the log to, and cuts it into chunks for the workers. */
export function planVerification(db: Db, extraSizes: readonly number[] = []): VerifyPlan {
  // Archived events count: their tombstones are leaves of the tree, and the last one may be the head.
  const head = lastSeq(db);
  const store = new CheckpointStore(db);
  const checkpoints = store.list();
  const sizes = [...new Set([...checkpoints.map((c) => c.treeSize), ...extraSizes])].filter((s) => s > 0 && s <= head).sort((a, b) => a - b);
  const chunks: Chunk[] = [];
  for (let from = 1; from <= head; from += CHUNK) {
    const to = Math.min(head, from + CHUNK - 1);
    chunks.push({ from, to, sizes: sizes.filter((s) => s >= from && s <= to) });
  }
  const archived = hasTombstones(db) ? (db.prepare('SELECT count(*) FROM archived_events').pluck().get() as number) : 0;
  return { head, checkpoints, keys: introducedKeys(db), every: store.every, chunks, segments: listSegments(db), archived };
}
