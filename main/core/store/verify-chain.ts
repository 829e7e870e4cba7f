import type { VerifyReport } from '../../../shared/contract';
import { chainHash, GENESIS_HASH } from './canonical';
import type { Db } from './database';
import type { EventRow } from './event-rows';

export interface VerifyProgress {
  checked: number;
  total: number;
}

const CHUNK = 25_000;

/**
 * Walks the chain from seq 1 and stops at the first event that does not verify, naming it and why.
 * A generator, so a host can report progress and yield to its event loop between chunks; `run` to
 * completion with `verifyAll`. Checks, in order, for each row: seq continues without a gap, prev_hash
 * is the previous row's hash, the stored hash is what the row's content hashes to, ts_ms matches ts.
 */
export function* verifyChain(db: Db): Generator<VerifyProgress, VerifyReport> {
  const started = performance.now();
  const total = (db.prepare('SELECT coalesce(max(seq), 0) FROM events').pluck().get() as number) ?? 0;
  const select = db.prepare('SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?');
  let expectedSeq = 1;
  let prevHash: Buffer = GENESIS_HASH;
  let checked = 0;
  const report = (fields: Omit<VerifyReport, 'total' | 'checked' | 'durationMs'>): VerifyReport => ({
    ...fields,
    total,
    checked,
    durationMs: Math.round(performance.now() - started),
  });

  for (;;) {
    const rows = select.all(expectedSeq - 1, CHUNK) as EventRow[];
    for (const row of rows) {
      const problem = checkRow(row, expectedSeq, prevHash);
      if (problem) return report({ ok: false, firstBadSeq: problem.seq, reason: problem.reason, message: problem.message, headHash: null });
      prevHash = row.hash;
      expectedSeq += 1;
      checked += 1;
    }
    if (rows.length < CHUNK) break;
    yield { checked, total };
  }
  if (checked < total) {
    return report({ ok: false, firstBadSeq: expectedSeq, reason: 'missing_seq', message: `Event #${expectedSeq} is missing.`, headHash: null });
  }
  return report({
    ok: true,
    firstBadSeq: null,
    reason: null,
    message: checked === 0 ? 'The log is empty.' : `All ${checked.toLocaleString('en-US')} events verify.`,
    headHash: checked ? prevHash.toString('hex') : null,
  });
}

type Problem = { seq: number; reason: NonNullable<VerifyReport['reason']>; message: string };

function checkRow(row: EventRow, expectedSeq: number, prevHash: Buffer): Problem | null {
  if (row.seq !== expectedSeq) {
    return { seq: expectedSeq, reason: 'missing_seq', message: `Event #${expectedSeq} is missing (the next stored event is #${row.seq}).` };
  }
  if (!Buffer.isBuffer(row.prev_hash) || !row.prev_hash.equals(prevHash)) {
    return { seq: row.seq, reason: 'prev_hash_mismatch', message: `Event #${row.seq} does not link to the event before it.` };
  }
  const computed = chainHash(row, prevHash);
  if (!Buffer.isBuffer(row.hash) || !row.hash.equals(computed)) {
    return { seq: row.seq, reason: 'hash_mismatch', message: `Event #${row.seq} was altered: its content no longer matches its hash.` };
  }
  if (Date.parse(row.ts) !== row.ts_ms) {
    return { seq: row.seq, reason: 'timestamp_mismatch', message: `Event #${row.seq} has an indexed time that disagrees with its timestamp.` };
  }
  return null;
}

export function verifyAll(db: Db): VerifyReport {
  const walk = verifyChain(db);
  for (;;) {
    const step = walk.next();
    if (step.done) return step.value;
  }
}
