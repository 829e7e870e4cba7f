import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../api/errors';
import { checkCheckpoint, type SigningKey } from '../integrity/checkpoint';
import { CheckpointStore, type StoredCheckpoint } from '../integrity/checkpoint-store';
import { introducedKeys, KEY_ACTION } from '../integrity/key-events';
import { leafHash, MerkleFrontier, rangeHash } from '../integrity/merkle';
import { TreeStore } from '../integrity/tree-store';
import type { AuditStore } from '../store';
import { chainedText, GENESIS_HASH, sha256Hex } from '../store/canonical';
import type { Db } from '../store/database';
import { hashReader } from '../store/tombstones';
import { manifestFileName, manifestText, signManifest, type ManifestFields } from './manifest';
import { cutoffSql, listPolicies } from './policies';
import { claimName, partialName, removeOrphans } from './orphans';
import { LINE_ROW_SQL, SegmentWriter, syncFolder, writeFileDurably, type LineRow } from './segment-file';

export interface ArchiveOptions {
  /** The archive folder (created if missing). */
  dir: string;
  /** The time policies are measured from (default: now). */
  now?: Date;
  /** Signs the manifests (default: the store's signing key). */
  signer?: SigningKey;
  maxPerSegment?: number;
  onProgress?: (progress: { events: number; segments: number }) => void;
  signal?: AbortSignal;
}

export interface ArchivedSegment {
  id: number;
  file: string;
  firstSeq: number;
  lastSeq: number;
  count: number;
  fileBytes: number;
  jsonBytes: number;
}

export interface ArchiveResult {
  segments: ArchivedSegment[];
  events: number;
  fileBytes: number;
  jsonBytes: number;
  /** Archive bytes / the events' JSON bytes; null when nothing was archived. */
  ratio: number | null;
  /** The checkpoint that covered what was archived (events after it are never archived). */
  checkpoint: { id: number; treeSize: number } | null;
  durationMs: number;
}

/** Where a database's archives go unless told otherwise: `archives/` beside the database file. */
export function defaultArchiveDir(dbPath: string): string {
  return path.join(path.dirname(path.resolve(dbPath)), 'archives');
}

const PAGE = 2000;
const HOUR_MS = 3_600_000;
const running = new WeakSet<AuditStore>();

/**
 * Moves expired events into archive segments (docs/architecture.md, "Retention and archives"): the
 * events whose time is older than their policy allows and which the latest checkpoint covers (an
 * unsigned event is never archived), key events excepted, in seq order, up to `maxPerSegment` per
 * segment. Each segment is written and fsynced with its signed manifest first; then one IMMEDIATE
 * transaction inserts its tombstones and its row, deletes the events and lowers the hourly counts.
 * A crash before that commit leaves only an orphan file, removed by the next run.
 */
export async function archiveExpired(store: AuditStore, options: ArchiveOptions): Promise<ArchiveResult> {
  const startedAt = performance.now();
  const key = options.signer ?? store.log.signingKey;
  if (!key) throw new AppError('UNAVAILABLE', 'Archives are signed with the store’s signing key, and this store was opened without one.');
  if (running.has(store)) throw new AppError('CONFLICT', 'Archiving is already running for this database.');
  running.add(store);
  try {
    const db = store.db;
    if (!introducedKeys(db).has(key.fingerprint)) {
      throw new AppError('UNAVAILABLE', `Key ${key.fingerprint.slice(0, 16)}… was never introduced by this log, so a manifest it signs would not verify; nothing was archived.`);
    }
    const covering = latestValidCheckpoint(db);
    const result: ArchiveResult = { segments: [], events: 0, fileBytes: 0, jsonBytes: 0, ratio: null, checkpoint: covering && { id: covering.id, treeSize: covering.treeSize }, durationMs: 0 };
    fs.mkdirSync(options.dir, { recursive: true });
    const device = store.log.checkpoints.meta('device_id') ?? 'unknown-device';
    removeOrphans(db, options.dir, device);
    if (covering) {
      const policies = listPolicies(db);
      const cutoff = cutoffSql(policies, (options.now ?? new Date()).getTime());
      const select = db.prepare(`SELECT ${LINE_ROW_SQL} FROM events WHERE seq > ? AND seq <= ? AND action != ? AND ts_ms < (${cutoff.sql}) ORDER BY seq LIMIT ?`).raw();
      const page = (after: number, limit: number) => select.all(after, covering.treeSize, KEY_ACTION, ...cutoff.params, limit) as LineRow[];
      const max = Math.max(1, options.maxPerSegment ?? 100_000);
      let after = 0;
      // A stop between segments keeps what was committed; within one, nothing of it is (writeSegment).
      while (!options.signal?.aborted) {
        const segment = await writeSegment(db, { ...options, key, device, covering, page, after, max });
        if (!segment) break;
        result.segments.push(segment);
        result.events += segment.count;
        result.fileBytes += segment.fileBytes;
        result.jsonBytes += segment.jsonBytes;
        options.onProgress?.({ events: result.events, segments: result.segments.length });
        after = segment.lastSeq;
      }
      if (result.events >= 10_000) store.refreshStatistics();
    }
    result.ratio = result.jsonBytes ? result.fileBytes / result.jsonBytes : null;
    result.durationMs = Math.round(performance.now() - startedAt);
    return result;
  } finally {
    running.delete(store);
  }
}

/**
 * The latest checkpoint, if it holds: signed by a key the log introduced, and matching the stored
 * tree. Archiving past a checkpoint that does not hold would bury evidence, so that is refused.
 */
export function latestValidCheckpoint(db: Db): StoredCheckpoint | null {
  const c = new CheckpointStore(db).latest();
  if (!c) return null;
  const key = introducedKeys(db).get(c.keyFingerprint);
  const signed = key && key.seq <= Math.max(c.treeSize, 1) && checkCheckpoint(c, new Map([[c.keyFingerprint, key.publicKey]])).ok;
  if (!signed || !rangeHash(0, c.treeSize, new TreeStore(db)).equals(c.rootHash)) {
    throw new AppError('UNAVAILABLE', `The latest checkpoint (#${c.id}) does not verify, so nothing was archived. Run \`watchdog verify\` to find out why.`);
  }
  return c;
}

interface SegmentJob extends ArchiveOptions {
  key: SigningKey;
  device: string;
  covering: StoredCheckpoint;
  page: (after: number, limit: number) => LineRow[];
  after: number;
  max: number;
}

/** One segment: the file, its manifest, then the commit. Null when nothing (more) has expired. */
async function writeSegment(db: Db, job: SegmentJob): Promise<ArchivedSegment | null> {
  let rows = job.page(job.after, Math.min(PAGE, job.max));
  if (rows.length === 0) return null;
  const partial = path.join(job.dir, partialName(job.device));
  const writer = new SegmentWriter(partial);
  const tombstones: [number, Buffer][] = [];
  const hours = new Map<number, number>();
  const tree = new MerkleFrontier();
  let minTs = Infinity;
  let maxTs = -Infinity;
  try {
    let prev: LineRow | null = null;
    const hashOf = hashReader(db);
    while (rows.length) {
      let text = '';
      for (const row of rows) {
        checkRow(row, prev, hashOf);
        const [line, , seq, tsMs, , , hashHex] = row;
        const hash = Buffer.from(hashHex, 'hex');
        tombstones.push([seq, hash]);
        tree.append(leafHash(hash));
        const hour = tsMs - (tsMs % HOUR_MS);
        hours.set(hour, (hours.get(hour) ?? 0) + 1);
        minTs = Math.min(minTs, tsMs);
        maxTs = Math.max(maxTs, tsMs);
        text += `${line}\n`;
        prev = row;
      }
      await writer.write(text);
      if (job.signal?.aborted) throw new AppError('CANCELLED', 'Archiving was stopped; nothing of this segment was committed.');
      const left = job.max - tombstones.length;
      rows = left > 0 ? job.page((prev as LineRow)[2], Math.min(PAGE, left)) : [];
    }
  } catch (error) {
    writer.abort();
    throw error;
  }
  const written = await writer.finish();
  const firstSeq = (tombstones[0] as [number, Buffer])[0];
  const lastSeq = (tombstones[tombstones.length - 1] as [number, Buffer])[0];
  const file = `segment-${firstSeq}-${lastSeq}.jsonl.br`;
  const fields: Omit<ManifestFields, 'keyFingerprint'> = {
    format: 'watchdog-archive/1',
    origin: job.covering.origin,
    file,
    firstSeq,
    lastSeq,
    count: tombstones.length,
    firstTs: new Date(minTs).toISOString(),
    lastTs: new Date(maxTs).toISOString(),
    fileSha256: written.sha256,
    fileBytes: written.fileBytes,
    jsonBytes: written.jsonBytes,
    merkleRoot: tree.root().toString('hex'),
    checkpoint: { treeSize: job.covering.treeSize, rootHash: job.covering.rootHash.toString('hex') },
    createdAt: new Date().toISOString(),
  };
  const { signature, ...signed } = signManifest(fields, job.key);
  try {
    claimName(job.dir, file);
    // The manifest first: a segment file under its final name always has one (and so an owner).
    writeFileDurably(path.join(job.dir, manifestFileName(file)), `${JSON.stringify({ ...signed, signature }, null, 2)}\n`);
    fs.renameSync(partial, path.join(job.dir, file));
    syncFolder(job.dir);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  const id = commit(db, signed, Buffer.from(signature, 'base64'), tombstones, hours, [minTs, maxTs]);
  return { id, file, firstSeq, lastSeq, count: tombstones.length, fileBytes: written.fileBytes, jsonBytes: written.jsonBytes };
}

/** An event is archived only as it was stored: its hash must be what its fields and link hash to, its indexed time its time. */
function checkRow([, content, seq, , receivedAt, prevHex, hashHex, timeAgrees]: LineRow, prev: LineRow | null, hashOf: (seq: number) => Buffer | undefined): void {
  const link = prev && prev[2] === seq - 1 ? prev[6] : (seq === 1 ? GENESIS_HASH : hashOf(seq - 1))?.toString('hex');
  if (timeAgrees !== 1 || prevHex !== link || sha256Hex(chainedText(seq, sha256Hex(content), receivedAt, prevHex)) !== hashHex) {
    throw new AppError('UNAVAILABLE', `Event #${seq} does not verify, so nothing was archived. Run \`watchdog verify\` to find out why.`);
  }
}

/** The segment's row, its tombstones, the events gone, the hourly counts lowered: all or nothing. */
function commit(db: Db, m: ManifestFields, signature: Buffer, tombstones: readonly [number, Buffer][], hours: ReadonlyMap<number, number>, [minTs, maxTs]: [number, number]): number {
  const insertSegment = db.prepare(`INSERT INTO archive_segments (file, first_seq, last_seq, count, file_sha256, merkle_root, checkpoint_size,
    checkpoint_root, min_ts_ms, max_ts_ms, file_bytes, json_bytes, created_at, manifest, signature, key_fingerprint)
    VALUES (?, ?, ?, ?, ?, unhex(?), ?, unhex(?), ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertTombstone = db.prepare('INSERT INTO archived_events (seq, hash, segment_id) VALUES (?, ?, ?)');
  // One statement over the new tombstones (a quarter faster than a DELETE per event); the events'
  // DELETE guard lets each go only because its tombstone, with the same hash, is now in place.
  const deleteEvents = db.prepare('DELETE FROM events WHERE seq IN (SELECT seq FROM archived_events WHERE segment_id = ?)');
  const lowerHour = db.prepare('UPDATE event_counts_hourly SET n = max(0, n - ?) WHERE hour_ms = ?');
  return db.transaction(() => {
    const id = Number(
      insertSegment.run(m.file, m.firstSeq, m.lastSeq, m.count, m.fileSha256, m.merkleRoot, m.checkpoint.treeSize, m.checkpoint.rootHash,
        minTs, maxTs, m.fileBytes, m.jsonBytes, m.createdAt, manifestText(m), signature, m.keyFingerprint).lastInsertRowid,
    );
    for (const [seq, hash] of tombstones) insertTombstone.run(seq, hash, id);
    if (deleteEvents.run(id).changes !== tombstones.length) throw new AppError('CONFLICT', 'Events changed while they were being archived; nothing was archived.');
    for (const [hour, n] of hours) lowerHour.run(n, hour);
    db.prepare('DELETE FROM event_counts_hourly WHERE n = 0').run();
    return id;
  }).immediate();
}
