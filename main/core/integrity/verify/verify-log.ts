import os from 'node:os';
import type { IntegrityReport } from '../../../../shared/contract/integrity';
import { AppError } from '../../api/errors';
import { openDatabase, type Db } from '../../store/database';
import type { Checkpoint } from '../checkpoint';
import { combine } from './combine';
import { checkSegmentFiles } from './archive-files';
import { checkSegmentRecords, type ArchiveFindings } from './archives';
import { planVerification, type Chunk, type VerifyPlan } from './plan';
import { scanChunk, type ChunkResult } from './scan';
import { VerifyWorkers } from './verify-workers';

export interface VerifyProgress {
  checked: number;
  total: number;
}

export interface VerifyOptions {
  /** The latest checkpoint this computer recorded outside the file (rollback detection). */
  expected?: Checkpoint | null;
  onProgress?: (progress: VerifyProgress) => void;
  signal?: AbortSignal;
  /**
   * The archive folder: every segment file is read and held to the log (retention). Without it the
   * archived events are accounted for from the database alone (tombstones, signed segment records).
   */
  archiveDir?: string;
}

/** In this thread, one chunk after another: for tests and small logs. Archive files are not read here (they stream). */
export function verifyLogSync(db: Db, options: Omit<VerifyOptions, 'onProgress' | 'signal' | 'archiveDir'> = {}): IntegrityReport {
  const startedAt = performance.now();
  const plan = planVerification(db, options.expected ? [options.expected.treeSize] : []);
  const results = plan.chunks.map((c) => scanChunk(db, c.from, c.to, c.sizes));
  return combine(db, plan, results, { expected: options.expected, startedAt });
}

/** The same, yielding to the event loop between chunks, with progress and cancel (the in-process host path). */
export async function verifyLogSteps(db: Db, options: VerifyOptions = {}): Promise<IntegrityReport> {
  const startedAt = performance.now();
  const plan = planVerification(db, options.expected ? [options.expected.treeSize] : []);
  const results: ChunkResult[] = [];
  let checked = 0;
  for (const c of plan.chunks) {
    throwIfAborted(options.signal);
    results.push(scanChunk(db, c.from, c.to, c.sizes));
    checked += c.to - c.from + 1;
    options.onProgress?.({ checked, total: plan.head });
    await new Promise((resolve) => setImmediate(resolve));
  }
  const archives = await archiveFindings(db, plan, options);
  return combine(db, plan, results, { expected: options.expected, startedAt, archives });
}

/**
 * A database file, verified by worker threads (one per core), each with its own read-only
 * connection: the chain, the Merkle tree and every checkpoint. The UI thread only combines results.
 */
export async function verifyLogFile(
  file: string,
  options: VerifyOptions & { key?: Buffer; workers?: number } = {},
): Promise<IntegrityReport> {
  const startedAt = performance.now();
  const db = openDatabase(file, { readonly: true, create: false, migrate: false, key: options.key });
  try {
    const plan = planVerification(db, options.expected ? [options.expected.treeSize] : []);
    const count = Math.max(1, Math.min(options.workers ?? os.availableParallelism(), plan.chunks.length));
    if (plan.chunks.length <= 1) {
      const results = plan.chunks.map((c) => scanChunk(db, c.from, c.to, c.sizes));
      return combine(db, plan, results, { expected: options.expected, startedAt, archives: await archiveFindings(db, plan, options) });
    }
    const pool = new VerifyWorkers(file, options.key ?? null, count);
    try {
      // The workers scan the log while this thread reads the archive files.
      const [results, archives] = await Promise.all([runChunks(pool, plan.chunks, plan.head, options), archiveFindings(db, plan, options)]);
      return combine(db, plan, results, { expected: options.expected, startedAt, archives });
    } finally {
      await pool.close();
    }
  } finally {
    db.close();
  }
}

async function runChunks(pool: VerifyWorkers, chunks: readonly Chunk[], total: number, options: VerifyOptions): Promise<ChunkResult[]> {
  const queue = [...chunks];
  const results: ChunkResult[] = [];
  let checked = 0;
  const lane = async () => {
    for (let chunk = queue.shift(); chunk; chunk = queue.shift()) {
      throwIfAborted(options.signal);
      const result = await pool.scan(chunk);
      results.push(result);
      checked += chunk.to - chunk.from + 1;
      options.onProgress?.({ checked, total });
    }
  };
  await Promise.all(Array.from({ length: pool.size }, lane));
  return results;
}

/** The segment records, then (given a folder) the files of the segments whose records hold. */
async function archiveFindings(db: Db, plan: VerifyPlan, options: VerifyOptions): Promise<ArchiveFindings> {
  const problems = checkSegmentRecords(db, plan);
  if (options.archiveDir === undefined) return { problems, checked: false };
  const skip = new Set(problems.flatMap((p) => ('segmentId' in p.invalid ? [p.invalid.segmentId] : [])));
  problems.push(...(await checkSegmentFiles(db, plan, options.archiveDir, skip, options.signal)));
  return { problems, checked: true };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('CANCELLED', 'Verification was cancelled; nothing was concluded.');
}
