import { hash } from 'node:crypto';
import type { Db } from '../../store/database';
import type { EventRow } from '../../store/event-rows';
import { chainHash, CANONICAL_VERSION } from '../../store/canonical';
import { hasTombstones } from '../../store/tombstones';
import { HexFrontier } from '../hex-frontier';

/** What a chunk scan can find: the chain's own reasons, an altered tombstone (the tree no longer matches), an archived event put back. */
export type ChainReason = 'hash_mismatch' | 'prev_hash_mismatch' | 'missing_seq' | 'reordered' | 'timestamp_mismatch' | 'checkpoint_mismatch' | 'archive_mismatch';

export interface ChainProblem {
  seq: number;
  reason: ChainReason;
  message: string;
}

/** What one chunk of the log (events `from`..`to`, leaves from-1..to-1) holds, as workers send it back. */
export interface ChunkResult {
  from: number;
  to: number;
  /** Rows checked before the first problem (all of them when there is none), tombstones included. */
  checked: number;
  /** Archived events (tombstones) among them. */
  archived: number;
  /**
   * The stored prev_hash of the chunk's first row: the coordinator checks it against the chunk before.
   * Null when the chunk starts with a tombstone (it keeps no link; the tree vouches for it).
   */
  firstPrevHex: string | null;
  /** The hash of the chunk's last row (as recomputed, which equals the stored one when it verifies). */
  lastHashHex: string | null;
  problem: ChainProblem | null;
  /** The chunk's own Merkle frontier roots (hex) after each requested size, and after its last leaf. */
  snapshots: { size: number; roots: string[] }[];
}

/**
 * One SQL expression per row: the wd2 content array exactly as JSON.stringify writes it (json_array
 * escapes the same characters the same way; a property test holds them equal), then received_at,
 * prev_hash and hash in hex, then '1' when ts_ms agrees with ts. A single string per row is what lets
 * a scan run at several hundred thousand rows a second: better-sqlite3 spends more on each column
 * it hands to JavaScript than SQLite spends reading the row.
 */
const ROW_SQL = `SELECT json_array('${CANONICAL_VERSION}', event_id, ts, store_id, terminal_id, user_id, user_role, session_id, action,
    category, resource_type, resource_id, status, error_details, level, ip_address, user_agent, amount_minor, currency, details)
  || received_at || lower(hex(prev_hash)) || lower(hex(hash))
  || (ts_ms = CAST(round((julianday(ts) - 2440587.5) * 86400000) AS INTEGER) AND length(received_at) = 24)
  FROM events WHERE seq >= ? AND seq <= ? ORDER BY seq`;

/** Tail of each row string: received_at (24) + prev (64) + hash (64) + flag (1). */
const TAIL = 153;
const PAGE = 8192;

/**
 * Verifies events from..to: each row's content and place hash to its stored hash, links to the row
 * before, and (from the first row on) the chunk's Merkle leaves. Fast path first; the first row that
 * does not pass is re-read column by column and classified exactly, and the chunk stops there.
 * `sizes`: tree sizes (global leaf counts) inside the chunk at which to snapshot the frontier.
 */
export function scanChunk(db: Db, from: number, to: number, sizes: readonly number[] = []): ChunkResult {
  const select = db.prepare(ROW_SQL).raw().pluck();
  const tree = HexFrontier.empty();
  const snapshots: ChunkResult['snapshots'] = [];
  const wanted = [...sizes].filter((s) => s >= from && s <= to).sort((a, b) => a - b);
  let nextWanted = 0;
  let prevHex: string | null = null;
  let firstPrevHex: string | null = null;
  let seq = from;
  let problem: ChainProblem | null = null;

  // Archived events: read apart (one indexed range query, empty for most chunks) and merged by seq.
  // Without tombstones a row costs one comparison more than it did before archives existed; no
  // closure touches the loop's variables (V8 would then keep them in a heap context, not registers).
  const tombs = tombstonesIn(db, from, to);
  const put = tombs && putBack(db, from, to);
  const last = put ? put.seq - 1 : to;
  let t = 0;
  let nextTomb = tombs ? (tombs.seqs[0] as number) : Infinity;

  scan: for (let start = from; start <= last; start += PAGE) {
    const end = Math.min(last, start + PAGE - 1);
    const rows = select.all(start, end) as string[];
    let r = 0;
    while (seq <= end) {
      let next: string;
      if (seq === nextTomb) {
        // A tombstone: its hash is the leaf and the next event's link; the tree vouches for it.
        next = (tombs as Tombstones).hashes[t] as string;
        t += 1;
        nextTomb = (tombs as Tombstones).seqs[t] ?? Infinity;
      } else {
        const row = rows[r];
        if (row === undefined) break;
        r += 1;
        const L = row.length;
        const storedPrev = row.slice(L - 129, L - 65);
        if (prevHex === null) firstPrevHex = prevHex = storedPrev;
        const content: string = hash('sha256', row.slice(0, L - TAIL), 'hex');
        next = hash('sha256', `["${CANONICAL_VERSION}",${seq},"${content}","${row.slice(L - TAIL, L - 129)}","${prevHex}"]`, 'hex');
        if (row.charCodeAt(L - 1) !== 49 || storedPrev !== prevHex || !row.startsWith(next, L - 65)) {
          problem = classify(db, seq, prevHex);
          if (problem) break scan;
        }
      }
      prevHex = next;
      tree.append(next);
      seq += 1;
      while (wanted[nextWanted] === seq - 1) {
        snapshots.push({ size: seq - 1, roots: [...tree.roots] });
        nextWanted += 1;
      }
    }
    if (seq <= end) {
      problem = classify(db, seq, prevHex);
      break;
    }
  }
  problem ??= put;
  const checked = seq - from;
  if (!problem && snapshots[snapshots.length - 1]?.size !== to) snapshots.push({ size: to, roots: [...tree.roots] });
  return { from, to, checked, archived: t, firstPrevHex, lastHashHex: prevHex, problem, snapshots };
}

interface Tombstones {
  seqs: number[];
  /** Chain hashes, lower-case hex. */
  hashes: string[];
}

/** The chunk's tombstones in seq order, or null when it has none (or the file predates archives). */
function tombstonesIn(db: Db, from: number, to: number): Tombstones | null {
  if (!hasTombstones(db)) return null;
  const rows = db.prepare('SELECT seq, lower(hex(hash)) FROM archived_events WHERE seq BETWEEN ? AND ? ORDER BY seq').raw().all(from, to) as [number, string][];
  if (rows.length === 0) return null;
  return { seqs: rows.map((r) => r[0]), hashes: rows.map((r) => r[1]) };
}

/** The first seq that is both an event and a tombstone: an archived event put back into the table. */
function putBack(db: Db, from: number, to: number): ChainProblem | null {
  const seq = db.prepare('SELECT min(a.seq) FROM archived_events a JOIN events e ON e.seq = a.seq WHERE a.seq BETWEEN ? AND ?').pluck().get(from, to) as number | null;
  if (seq === null) return null;
  return { seq, reason: 'archive_mismatch', message: `Event #${seq} is in the database although it was archived: an archived event was put back (or its tombstone forged).` };
}

/**
 * The exact check of one row, column by column (the rules of docs/verification.md), naming what is
 * wrong. Returns null if the row is in fact fine (the fast path's guess was too strict).
 */
export function classify(db: Db, seq: number, prevHex: string | null): ChainProblem | null {
  const row = db.prepare('SELECT * FROM events WHERE seq = ?').get(seq) as EventRow | undefined;
  if (!row) {
    const next = db.prepare('SELECT min(seq) FROM events WHERE seq > ?').pluck().get(seq) as number | null;
    return next === null
      ? { seq, reason: 'missing_seq', message: `Event #${seq} and everything after it are missing.` }
      : { seq, reason: 'missing_seq', message: `Event #${seq} is missing (the next stored event is #${next}).` };
  }
  const prev = prevHex === null ? row.prev_hash : Buffer.from(prevHex, 'hex');
  if (!Buffer.isBuffer(row.prev_hash) || !row.prev_hash.equals(prev)) {
    return reordered(db, row) ?? alteredTombstone(db, row) ?? { seq, reason: 'prev_hash_mismatch', message: `Event #${seq} does not link to the event before it.` };
  }
  if (!Buffer.isBuffer(row.hash) || !row.hash.equals(chainHash(row, prev))) {
    return reordered(db, row) ?? { seq, reason: 'hash_mismatch', message: `Event #${seq} was altered: its content no longer matches its hash.` };
  }
  if (Date.parse(row.ts) !== row.ts_ms) {
    return { seq, reason: 'timestamp_mismatch', message: `Event #${seq} has an indexed time that disagrees with its timestamp.` };
  }
  return null;
}

/** A row whose own hash is right for another position, or that links to a row that is not its predecessor, was moved. */
function reordered(db: Db, row: EventRow): ChainProblem | null {
  if (!Buffer.isBuffer(row.prev_hash)) return null;
  const window = 1000;
  const linked = db.prepare('SELECT seq FROM events WHERE seq BETWEEN ? AND ? AND hash = ?').pluck().get(row.seq - window, row.seq + window, row.prev_hash) as number | undefined;
  if (linked === undefined || linked === row.seq - 1) return null;
  return { seq: row.seq, reason: 'reordered', message: `Event #${row.seq} is out of order: it belongs after event #${linked}.` };
}

/**
 * An event whose own hash still holds with the link it stores, after an archived event whose
 * tombstone says otherwise: the tombstone was altered, and with it the tree the checkpoints signed.
 */
function alteredTombstone(db: Db, row: EventRow): ChainProblem | null {
  if (!hasTombstones(db) || !Buffer.isBuffer(row.hash) || !row.hash.equals(chainHash(row, row.prev_hash))) return null;
  const archived = db.prepare('SELECT 1 FROM archived_events WHERE seq = ?').get(row.seq - 1);
  if (!archived) return null;
  return {
    seq: row.seq - 1,
    reason: 'checkpoint_mismatch',
    message: `Archived event #${row.seq - 1}: the hash the database keeps in its place no longer links to event #${row.seq}, so the log no longer matches what was signed.`,
  };
}

/** Roots as hex → the chunk's frontier restored (for combining chunks). */
export function rootsOf(snapshot: { roots: string[] }): Buffer[] {
  return snapshot.roots.map((r) => Buffer.from(r, 'hex'));
}
