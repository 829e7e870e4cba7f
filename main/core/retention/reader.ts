import fs from 'node:fs';
import path from 'node:path';
import type { StoredEvent } from '../../../shared/events';
import type { EventFilter } from '../../../shared/filter';
import { AppError } from '../api/errors';
import { introducedKeys, type IntroducedKey } from '../integrity/key-events';
import type { Db } from '../store/database';
import { hasTombstones } from '../store/tombstones';
import { manifestSignatureValid } from './manifest';
import { segmentLines, sha256OfFile, type ArchivedLine } from './segment-file';

/** An archive segment as the database lists it (`archive_segments`). */
export interface SegmentRecord {
  id: number;
  file: string;
  firstSeq: number;
  lastSeq: number;
  count: number;
  fileSha256: string;
  merkleRoot: Buffer;
  checkpointSize: number;
  checkpointRoot: Buffer;
  minTsMs: number;
  maxTsMs: number;
  fileBytes: number;
  jsonBytes: number;
  createdAt: string;
  /** The signed text: the manifest without its signature, RFC 8785 canonical JSON. */
  manifest: string;
  signature: Buffer;
  keyFingerprint: string;
}

/** Every segment, oldest first; none for a file from before archives existed. */
export function listSegments(db: Db): SegmentRecord[] {
  const exists = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'archive_segments'").get();
  if (!exists) return [];
  return db
    .prepare(`SELECT id, file, first_seq AS firstSeq, last_seq AS lastSeq, count, file_sha256 AS fileSha256, merkle_root AS merkleRoot,
      checkpoint_size AS checkpointSize, checkpoint_root AS checkpointRoot, min_ts_ms AS minTsMs, max_ts_ms AS maxTsMs,
      file_bytes AS fileBytes, json_bytes AS jsonBytes, created_at AS createdAt, manifest, signature, key_fingerprint AS keyFingerprint
      FROM archive_segments ORDER BY id`)
    .all() as SegmentRecord[];
}

export type SegmentFileCheck = { ok: true } | { ok: false; reason: 'archive_missing' | 'archive_mismatch'; message: string };

/**
 * What must hold before a segment's lines are believed: the file is there, its SHA-256 is the one the
 * manifest names, and the manifest is signed by a key the log introduced (at or before the checkpoint
 * the manifest names).
 */
export async function checkSegmentFile(dir: string, segment: SegmentRecord, keys: ReadonlyMap<string, IntroducedKey>): Promise<SegmentFileCheck> {
  const n = (x: number) => x.toLocaleString('en-US');
  const name = `Archive segment #${segment.id} (${segment.file}, events ${n(segment.firstSeq)}–${n(segment.lastSeq)})`;
  const key = keys.get(segment.keyFingerprint);
  if (!key || key.seq > segment.checkpointSize || !manifestSignatureValid(segment.manifest, segment.signature, key.publicKey, segment.keyFingerprint)) {
    return { ok: false, reason: 'archive_mismatch', message: `${name}: its manifest is not signed by a key this log introduced.` };
  }
  const file = path.join(dir, segment.file);
  if (!fs.existsSync(file)) return { ok: false, reason: 'archive_missing', message: `${name} is missing from ${dir}.` };
  if ((await sha256OfFile(file)) !== segment.fileSha256) {
    return { ok: false, reason: 'archive_mismatch', message: `${name} is not the file that was archived: its SHA-256 differs from the signed manifest's.` };
  }
  return { ok: true };
}

/** The segment's events, after checkSegmentFile; a segment that fails it is an error, not an empty read. */
export async function* readSegment(dir: string, segment: SegmentRecord, keys: ReadonlyMap<string, IntroducedKey>): AsyncGenerator<ArchivedLine> {
  const check = await checkSegmentFile(dir, segment, keys);
  if (!check.ok) throw new AppError(check.reason === 'archive_missing' ? 'NOT_FOUND' : 'UNAVAILABLE', `${check.message} Run \`watchdog verify --archive\`.`);
  for await (const line of segmentLines(path.join(dir, segment.file))) yield JSON.parse(line) as ArchivedLine;
}

/** The event filter of the timeline and `watchdog events`, applied to an archived event (what filter-sql.ts does in SQL). */
export function matchesFilter(e: ArchivedLine, filter: EventFilter): boolean {
  if (filter.from !== undefined && e.ts_ms < Date.parse(filter.from)) return false;
  if (filter.to !== undefined && e.ts_ms >= Date.parse(filter.to)) return false;
  if (filter.store !== undefined && e.store_id !== filter.store) return false;
  if (filter.terminal !== undefined && e.terminal_id !== filter.terminal) return false;
  if (filter.user !== undefined && e.user_id !== filter.user) return false;
  if (filter.action !== undefined && e.action !== filter.action) return false;
  if (filter.status !== undefined && e.status !== filter.status) return false;
  if (filter.text !== undefined) {
    const needle = filter.text.toLowerCase();
    const fields = [e.resource_id, e.error_details, e.details, e.user_id];
    if (!fields.some((f) => f !== null && f.toLowerCase().includes(needle))) return false;
  }
  return true;
}

export function toStoredEvent(line: ArchivedLine): StoredEvent {
  const { ts_ms: _tsMs, details, ...rest } = line;
  return { ...rest, details: JSON.parse(details) as StoredEvent['details'] } as StoredEvent;
}

export interface ArchiveQuery {
  /** Newest first (time, then seq), at most `limit`. */
  events: StoredEvent[];
  /** Segments read (those whose time span cannot match the filter are skipped unread). */
  segmentsRead: number;
  /** Archived events read and filtered. */
  scanned: number;
  durationMs: number;
}

/**
 * The newest `limit` archived events matching the filter: every segment whose time span meets the
 * filter's is checked (SHA-256, signature) and read in full, so this is far slower than the
 * database's indexed pages — which is why callers say so.
 */
export async function queryArchives(
  db: Db,
  dir: string,
  filter: EventFilter,
  limit: number,
  onProgress?: (segmentsRead: number, segmentsToRead: number) => void,
): Promise<ArchiveQuery> {
  const startedAt = performance.now();
  const keys = introducedKeys(db);
  const from = filter.from === undefined ? -Infinity : Date.parse(filter.from);
  const to = filter.to === undefined ? Infinity : Date.parse(filter.to);
  const newestFirst = (a: ArchivedLine, b: ArchivedLine) => b.ts_ms - a.ts_ms || b.seq - a.seq;
  let kept: ArchivedLine[] = [];
  let segmentsRead = 0;
  let scanned = 0;
  const toRead = listSegments(db).filter((segment) => segment.maxTsMs >= from && segment.minTsMs < to);
  onProgress?.(0, toRead.length);
  for (const segment of toRead) {
    for await (const line of readSegment(dir, segment, keys)) {
      scanned += 1;
      if (!matchesFilter(line, filter)) continue;
      kept.push(line);
      if (kept.length >= 2 * limit + 1000) kept = kept.sort(newestFirst).slice(0, limit);
    }
    segmentsRead += 1;
    onProgress?.(segmentsRead, toRead.length);
  }
  kept = kept.sort(newestFirst).slice(0, limit);
  return { events: kept.map(toStoredEvent), segmentsRead, scanned, durationMs: Math.round(performance.now() - startedAt) };
}

/**
 * One archived event by seq, read from its segment (checked first, like every read): for an event the
 * timeline links to after retention moved it. Null when `seq` was never archived.
 */
export async function readArchivedEvent(db: Db, dir: string, seq: number): Promise<StoredEvent | null> {
  const line = await findArchivedLine(db, dir, { seq });
  return line && toStoredEvent(line);
}

/**
 * An archived event's line, by seq (its tombstone names the segment) or by event_id (every segment is
 * read until it turns up: slow). Null when no archived event has that seq or id.
 */
export async function findArchivedLine(db: Db, dir: string, ref: { seq?: number; eventId?: string }): Promise<ArchivedLine | null> {
  if (!hasTombstones(db)) return null;
  const keys = introducedKeys(db);
  const segments = listSegments(db);
  if (ref.seq !== undefined) {
    const segmentId = db.prepare('SELECT segment_id FROM archived_events WHERE seq = ?').pluck().get(ref.seq) as number | undefined;
    const segment = segments.find((s) => s.id === segmentId);
    if (!segment) return null;
    for await (const line of readSegment(dir, segment, keys)) {
      if (line.seq === ref.seq) return ref.eventId === undefined || line.event_id === ref.eventId ? line : null;
    }
    throw new AppError('UNAVAILABLE', `Event #${ref.seq} is archived in segment #${segment.id} (${segment.file}), but that file does not hold it. Run \`watchdog verify --archive\`.`);
  }
  for (const segment of segments) {
    for await (const line of readSegment(dir, segment, keys)) if (line.event_id === ref.eventId) return line;
  }
  return null;
}
