/**
 * Helpers for the tampering drills (tamper-drills.test.ts): real encrypted stores, and an attacker
 * who works on the file through a raw SQLite connection, as anyone holding the file (and, in the
 * worst case, its key) could, with the append-only triggers dropped.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { expect } from 'vitest';
import type { IntegrityReason, IntegrityReport } from '../../shared/contract/integrity';
import type { NormalizedEvent } from '../../shared/events';
import { newSigningKey, signCheckpoint, type Checkpoint, type CheckpointFields, type SigningKey } from '../../main/core/integrity/checkpoint';
import { CheckpointStore, type CheckpointReason, type StoredCheckpoint } from '../../main/core/integrity/checkpoint-store';
import { leafHash, MerkleFrontier, rootOf } from '../../main/core/integrity/merkle';
import { STORED_LEVEL } from '../../main/core/integrity/tree-store';
import { verifyLogFile } from '../../main/core/integrity/verify/verify-log';
import { AuditStore } from '../../main/core/store';
import { chainHash, GENESIS_HASH } from '../../main/core/store/canonical';
import type { Db } from '../../main/core/store/database';
import { applyKey } from '../../main/core/store/encryption';
import { EVENT_COLUMNS, type EventRow } from '../../main/core/store/event-rows';
import { sampleBatch } from '../../main/core/store/test-helpers';

/** The database key of every drill: fixed, 32 bytes. The attacker of most drills holds it too (the worst case). */
export const DB_KEY = Buffer.from('5f0e2a9d41c3b7e8066d1f94a2c85b3e7d19e0c4f6a8b2d3057e9c1a4b6f8d20', 'hex');

export interface BuiltLog {
  signer: SigningKey;
  /** seq of the last event (the key event is seq 1, so events + 1). */
  head: number;
  checkpoints: StoredCheckpoint[];
}

/**
 * An encrypted, signed log: the key event (seq 1) and its checkpoint, then `events` events appended
 * `batch` at a time with a checkpoint every `every` events. Closed at the end, so the WAL is folded
 * into the file and the file alone is the whole database.
 */
export function buildLog(file: string, options: { events: number; batch: number; every: number; make?: (from: number, count: number) => NormalizedEvent[] }): BuiltLog {
  const { events, batch, every, make = sampleBatch } = options;
  const signer = newSigningKey();
  const store = AuditStore.open(file, { key: DB_KEY, signer: { key: signer, store: 'S001' } });
  try {
    store.log.setCheckpointEvery(every);
    for (let i = 0; i < events; i += batch) store.append(make(i, Math.min(batch, events - i)));
    return { signer, head: store.log.chainHead.seq, checkpoints: store.log.checkpoints.list() };
  } finally {
    store.close();
  }
}

/**
 * 1,000 distinct events per call, far cheaper than sampleBatch at 150,000 events (which spends most
 * of its time in zod and uuid): sampleBatch's first 1,000 events, each given a unique event_id (the
 * last 12 hex digits of the UUIDv7 become the event number) and resource_id.
 */
export function fastBatchMaker(): (from: number, count: number) => NormalizedEvent[] {
  const template = sampleBatch(0, 1000);
  return (from, count) =>
    template.slice(0, count).map((e, k) => ({ ...e, event_id: `${e.event_id.slice(0, 24)}${(from + k).toString(16).padStart(12, '0')}`, resource_id: `R-${from + k}` }));
}

/** A copy of the database (and its WAL, if any) at `to`, replacing whatever was there. */
export function copyLog(from: string, to: string): string {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${to}${suffix}`, { force: true });
  fs.copyFileSync(from, to);
  if (fs.existsSync(`${from}-wal`)) fs.copyFileSync(`${from}-wal`, `${to}-wal`);
  return to;
}

/**
 * The attacker with the key: a raw connection (`new Database(file)` + the key), every trigger
 * dropped (the append-only guards of events, checkpoints and merkle_nodes), then `edit` in one
 * transaction. Closing the connection folds the WAL into the file.
 */
export function attack<T>(file: string, edit: (db: Db) => T): T {
  const db = new Database(file);
  try {
    applyKey(db, DB_KEY);
    for (const name of db.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger'").pluck().all() as string[]) {
      db.exec(`DROP TRIGGER "${name}"`);
    }
    return db.transaction(() => edit(db))();
  } finally {
    db.close();
  }
}

type Comparable = Omit<IntegrityReport, 'durationMs'>;
const comparable = ({ durationMs: _durationMs, ...rest }: IntegrityReport): Comparable => rest;

/**
 * Verifies the file as the app does (AuditStore.open with the key, then store.verify) and as the
 * hosts do (verifyLogFile on a read-only connection, worker threads when there are several chunks),
 * and requires the two reports to agree on everything but the time taken.
 */
export async function verifyBoth(file: string, expected?: Checkpoint | null): Promise<IntegrityReport> {
  const fromFile = await verifyLogFile(file, { key: DB_KEY, expected, workers: 2 });
  const report = verifyInProcess(file, expected);
  expect(comparable(fromFile)).toEqual(comparable(report));
  return report;
}

export function verifyInProcess(file: string, expected?: Checkpoint | null): IntegrityReport {
  const store = AuditStore.open(file, { key: DB_KEY });
  try {
    return store.verify(expected);
  } finally {
    store.close();
  }
}

/** Not ok, for this reason, first at this seq; and the range holding that seq fails the same way. */
export function expectBroken(report: IntegrityReport, reason: IntegrityReason, firstBadSeq: number): void {
  expect({ ok: report.ok, reason: report.reason, firstBadSeq: report.firstBadSeq }).toEqual({ ok: false, reason, firstBadSeq });
  const range = report.ranges.find((r) => !r.ok && (r.firstBadSeq ?? r.from) === firstBadSeq);
  expect(range, `a failing range starting at #${firstBadSeq}`).toMatchObject({ ok: false, reason });
  expect(report.headHash).toBeNull();
  expect(report.rootHash).toBeNull();
}

/**
 * Events 1..`validTo` are still reported valid: the ranges ending there verify and tile 1..validTo
 * with no gap, and every checkpoint within them is valid.
 */
export function expectIntactThrough(report: IntegrityReport, validTo: number): void {
  const before = report.ranges.filter((r) => r.from <= r.to && r.to <= validTo).sort((a, b) => a.from - b.from);
  let next = 1;
  for (const r of before) {
    expect(r, `range ${r.from}–${r.to}`).toMatchObject({ from: next, ok: true, reason: null, firstBadSeq: null });
    next = r.to + 1;
  }
  expect(next - 1, 'last seq of the ranges still valid').toBe(validTo);
  for (const c of report.checkpointResults.filter((c) => c.treeSize <= validTo)) {
    expect(c, `checkpoint #${c.id}`).toMatchObject({ ok: true, problem: null });
  }
  expect(report.events.valid).toBeGreaterThanOrEqual(validTo);
}

/** Every range that starts after `seq` verifies (damage confined to one checkpoint and its range). */
export function expectIntactAfter(report: IntegrityReport, seq: number): void {
  for (const r of report.ranges.filter((r) => r.from > seq)) expect(r, `range ${r.from}–${r.to}`).toMatchObject({ ok: true, reason: null });
}

// ---- what the attacker with the key can compute ----

/** Exchanges every column but seq between two events (the event_id index forbids doing it in place). */
export function swapRows(db: Db, a: number, b: number): void {
  const get = db.prepare('SELECT * FROM events WHERE seq = ?');
  const rowA = get.get(a) as EventRow;
  const rowB = get.get(b) as EventRow;
  db.prepare('DELETE FROM events WHERE seq IN (?, ?)').run(a, b);
  const columns = EVENT_COLUMNS.split(',').map((c) => c.trim());
  const insert = db.prepare(`INSERT INTO events (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
  insert.run({ ...rowB, seq: a });
  insert.run({ ...rowA, seq: b });
}

/**
 * Recomputes hash and prev_hash of every event from `from` on, with the store's own canonical
 * functions, so that the chain verifies again after an edit; then rebuilds merkle_nodes from the new
 * chain hashes exactly as the writer stores them (every complete subtree from level 4 up).
 */
export function rewriteChainFrom(db: Db, from: number): void {
  let prev = from === 1 ? GENESIS_HASH : (db.prepare('SELECT hash FROM events WHERE seq = ?').pluck().get(from - 1) as Buffer);
  const update = db.prepare('UPDATE events SET prev_hash = ?, hash = ? WHERE seq = ?');
  for (const row of db.prepare('SELECT * FROM events WHERE seq >= ? ORDER BY seq').all(from) as EventRow[]) {
    const hash = chainHash(row, prev);
    update.run(prev, hash, row.seq);
    prev = hash;
  }
  db.exec('DELETE FROM merkle_nodes');
  const insert = db.prepare('INSERT INTO merkle_nodes (level, idx, hash) VALUES (?, ?, ?)');
  const tree = new MerkleFrontier();
  for (const hash of db.prepare('SELECT hash FROM events ORDER BY seq').pluck().all() as Buffer[]) {
    tree.append(leafHash(hash), (level, index, node) => {
      if (level >= STORED_LEVEL) insert.run(level, index, node);
    });
  }
}

/** The Merkle root over the first `size` events, from the stored chain hashes. */
export function rootAt(db: Db, size: number): Buffer {
  return rootOf((db.prepare('SELECT hash FROM events WHERE seq <= ? ORDER BY seq').pluck().all(size) as Buffer[]).map(leafHash));
}

/** Signs `fields` with `key` (correctly) and adds the checkpoint row after the existing ones. */
export function insertCheckpoint(db: Db, fields: CheckpointFields, key: SigningKey, reason: CheckpointReason = 'demand'): StoredCheckpoint {
  return new CheckpointStore(db).insert(signCheckpoint(fields, key), reason);
}

// ---- the attacker without the key ----

/** XORs one byte of the file. */
export function flipByte(file: string, offset: number, mask = 0x01): void {
  const fd = fs.openSync(file, 'r+');
  try {
    const byte = Buffer.alloc(1);
    fs.readSync(fd, byte, 0, 1, offset);
    byte[0] = (byte[0] as number) ^ mask;
    fs.writeSync(fd, byte, 0, 1, offset);
  } finally {
    fs.closeSync(fd);
  }
}

/** Which table or index owns each page (dbstat, read with the key: the test knows the layout, the attacker needs not). */
export function pageOwners(file: string): Map<number, string> {
  const db = new Database(file, { readonly: true });
  try {
    applyKey(db, DB_KEY);
    const rows = db.prepare('SELECT pageno, name FROM dbstat').all() as { pageno: number; name: string }[];
    return new Map(rows.map((r) => [r.pageno, r.name]));
  } finally {
    db.close();
  }
}

/** The leaf pages of the events table, in seq order. */
export function eventLeafPages(file: string): number[] {
  const db = new Database(file, { readonly: true });
  try {
    applyKey(db, DB_KEY);
    return db.prepare("SELECT pageno FROM dbstat WHERE name = 'events' AND pagetype = 'leaf' ORDER BY path").pluck().all() as number[];
  } finally {
    db.close();
  }
}

/** The outcome of opening and verifying a damaged file: the report, or the error's message. */
export async function outcomeOf(run: () => IntegrityReport | Promise<IntegrityReport>): Promise<{ report: IntegrityReport } | { error: string }> {
  try {
    return { report: await run() };
  } catch (error) {
    return { error: (error as Error).message };
  }
}
