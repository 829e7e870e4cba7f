/**
 * Helpers for the archive drills (archive-drills.test.ts): a signed, encrypted log whose expired
 * events were archived, copies of it with its archive folder, and an attacker who rewrites segments.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import Database from 'better-sqlite3-multiple-ciphers';
import { expect } from 'vitest';
import type { IntegrityReport } from '../../shared/contract/integrity';
import type { NormalizedEvent } from '../../shared/events';
import type { SigningKey } from '../../main/core/integrity/checkpoint';
import { verifyLogFile } from '../../main/core/integrity/verify/verify-log';
import type { ArchiveResult } from '../../main/core/retention/archive';
import { BROTLI_PARAMS, type ArchivedLine } from '../../main/core/retention/segment-file';
import { AuditStore } from '../../main/core/store';
import type { Db } from '../../main/core/store/database';
import { applyKey } from '../../main/core/store/encryption';
import { sampleBatch } from '../../main/core/store/test-helpers';
import { buildLog, copyLog, DB_KEY, type BuiltLog } from './tamper-helpers';

/** Sample events run from 2026-01-05; by June 1 every standard one is past 90 days, the security ones not. */
export const JUNE = new Date('2026-06-01T00:00:00Z');

export interface ArchivedLog extends BuiltLog {
  file: string;
  dir: string;
  archived: ArchiveResult;
}

/** buildLog, then the expired events archived into `dir` with the log's own key. */
export async function buildArchivedLog(
  file: string,
  dir: string,
  options: { events: number; batch: number; every: number; make?: (from: number, count: number) => NormalizedEvent[]; now?: Date },
): Promise<ArchivedLog> {
  const log = buildLog(file, { ...options, make: options.make ?? sampleBatch });
  const archived = await archiveWith(file, dir, log.signer, options.now ?? JUNE);
  return { ...log, file, dir, archived };
}

export async function archiveWith(file: string, dir: string, signer: SigningKey, now: Date, signal?: AbortSignal): Promise<ArchiveResult> {
  const store = AuditStore.open(file, { key: DB_KEY, signer: { key: signer, store: 'S001' } });
  try {
    return await store.archive({ dir, now, signal });
  } finally {
    store.close();
  }
}

/** A copy of the database and of its archive folder. */
export function copyArchivedLog(from: { file: string; dir: string }, file: string, dir: string): { file: string; dir: string } {
  copyLog(from.file, file);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(from.dir, dir, { recursive: true });
  return { file, dir };
}

/**
 * Verifies as the hosts do (verifyLogFile: read-only connections, worker threads for several chunks)
 * and in process (AuditStore.verifySteps), with the archive folder when given; both must agree.
 */
export async function verifyArchived(file: string, dir?: string): Promise<IntegrityReport> {
  const fromFile = await verifyLogFile(file, { key: DB_KEY, archiveDir: dir, workers: 2 });
  const store = AuditStore.open(file, { key: DB_KEY });
  try {
    const inProcess = await store.verifySteps({ archiveDir: dir });
    const { durationMs: _a, ...a } = fromFile;
    const { durationMs: _b, ...b } = inProcess;
    expect(a).toEqual(b);
    return inProcess;
  } finally {
    store.close();
  }
}

/** The lines of a segment, decompressed whole (a test's segments are small). */
export function readLines(segment: string): ArchivedLine[] {
  return zlib.brotliDecompressSync(fs.readFileSync(segment)).toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as ArchivedLine);
}

/** The attacker rewrites a segment: its lines changed by `edit`, compressed again as Watchdog would. */
export function rewriteSegment(segment: string, edit: (lines: ArchivedLine[]) => ArchivedLine[]): void {
  const text = edit(readLines(segment)).map((l) => `${JSON.stringify(l)}\n`).join('');
  fs.writeFileSync(segment, zlib.brotliCompressSync(Buffer.from(text), { params: BROTLI_PARAMS }));
}

/**
 * The attacker of tamper-helpers' `attack`, who also turns foreign keys off (outside a transaction,
 * where SQLite honours it), so a tombstone may name a segment that does not exist.
 */
export function attackWithoutForeignKeys(file: string, edit: (db: Db) => void): void {
  const db = new Database(file);
  try {
    applyKey(db, DB_KEY);
    db.pragma('foreign_keys = OFF');
    for (const name of db.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger'").pluck().all() as string[]) db.exec(`DROP TRIGGER "${name}"`);
    db.transaction(() => edit(db))();
  } finally {
    db.close();
  }
}
