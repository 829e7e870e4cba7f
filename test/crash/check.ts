import type { IntegrityReport } from '../../shared/contract/integrity';
import { openDatabase, type Db } from '../../main/core/store/database';
import { verifyLogSync } from '../../main/core/integrity/verify/verify-log';

export interface CrashExpectations {
  /** event_ids of batches the store refused: none of them may be in the file. */
  refused?: Iterable<string>;
  /** The new event_ids of each batch still in flight at the kill: each batch is stored whole or not at all. */
  inFlight?: readonly (readonly string[])[];
}

export interface CrashCheck {
  ok: boolean;
  /** One sentence per thing found wrong; empty when ok. */
  problems: string[];
  /** Events in the file. */
  events: number;
  headSeq: number;
  /** Distinct acknowledged event_ids looked for. */
  acknowledged: number;
  /** Per in-flight batch: true when all of it was stored, false when none (or part, which is a problem). */
  inFlightStored: boolean[];
  verify: IntegrityReport | null;
}

const HOUR_MS = 3_600_000;
const FACETS = [
  ['store', 'store_id'],
  ['terminal', 'terminal_id'],
  ['user', 'user_id'],
  ['action', 'action'],
] as const;

/**
 * Everything that must hold after the writer was killed, checked on the file as the next start of
 * Watchdog would open it (writable, with the key: WAL recovery, migrations):
 * - SQLite's integrity_check is ok;
 * - every acknowledged event_id is there exactly once, no event_id is there twice;
 * - seq runs 1..n without a gap, and the chain, the Merkle tree and every checkpoint verify (verifyLogSync);
 * - no event of a refused batch is there, and each batch in flight at the kill is there whole or not at all;
 * - the derived data written in the same transactions (hourly counts, facets) agrees with the events.
 *
 * The one place the crash tests decide whether a file survived: further checks (the Merkle tree) go here.
 */
export function checkAfterCrash(file: string, key: Buffer, acknowledged: Iterable<string>, expect: CrashExpectations = {}): CrashCheck {
  const problems: string[] = [];
  const result: CrashCheck = { ok: false, problems, events: 0, headSeq: 0, acknowledged: 0, inFlightStored: [], verify: null };
  let db: Db;
  try {
    db = openDatabase(file, { key, create: false });
  } catch (error) {
    problems.push(`The file does not open after the crash: ${(error as Error).message}`);
    return result;
  }
  try {
    const integrity = db.pragma('integrity_check') as { integrity_check: string }[];
    const integrityLines = integrity.map((row) => row.integrity_check);
    if (integrityLines.join() !== 'ok') problems.push(`integrity_check: ${integrityLines.slice(0, 5).join('; ')}`);

    const shape = db.prepare('SELECT count(*) AS n, coalesce(min(seq), 0) AS lo, coalesce(max(seq), 0) AS hi, count(DISTINCT event_id) AS ids FROM events').get() as {
      n: number;
      lo: number;
      hi: number;
      ids: number;
    };
    result.events = shape.n;
    result.headSeq = shape.hi;
    if (shape.n > 0 && (shape.lo !== 1 || shape.hi !== shape.n)) problems.push(`seq is not gap-free: ${shape.n} events span seq ${shape.lo}..${shape.hi}`);
    if (shape.ids !== shape.n) problems.push(`${shape.n - shape.ids} event_id(s) are stored more than once`);

    const times = db.prepare('SELECT count(*) FROM events WHERE event_id = ?').pluck();
    const missing: string[] = [];
    const repeated: string[] = [];
    for (const id of new Set(acknowledged)) {
      result.acknowledged += 1;
      const n = times.get(id) as number;
      if (n === 0) missing.push(id);
      else if (n > 1) repeated.push(id);
    }
    if (missing.length) problems.push(`${missing.length} acknowledged event(s) are missing, e.g. ${missing.slice(0, 3).join(', ')}`);
    if (repeated.length) problems.push(`${repeated.length} acknowledged event(s) are stored more than once, e.g. ${repeated.slice(0, 3).join(', ')}`);

    const refusedFound = [...new Set(expect.refused ?? [])].filter((id) => (times.get(id) as number) > 0);
    if (refusedFound.length) problems.push(`${refusedFound.length} event(s) of refused batches were stored, e.g. ${refusedFound.slice(0, 3).join(', ')}`);

    for (const [i, ids] of (expect.inFlight ?? []).entries()) {
      const present = ids.filter((id) => (times.get(id) as number) > 0).length;
      if (present > 0 && present < ids.length) problems.push(`in-flight batch #${i} was stored in part: ${present} of its ${ids.length} new events`);
      result.inFlightStored.push(present > 0);
    }

    const hourly = db
      .prepare(
        `SELECT count(*) FROM (SELECT ts_ms - ts_ms % ${HOUR_MS} AS hour_ms, count(*) AS n FROM events GROUP BY 1) e
           FULL OUTER JOIN event_counts_hourly c USING (hour_ms) WHERE coalesce(e.n, 0) <> coalesce(c.n, 0)`,
      )
      .pluck()
      .get() as number;
    if (hourly) problems.push(`the hourly counts disagree with the events in ${hourly} hour(s)`);
    for (const [kind, column] of FACETS) {
      const unlisted = db
        .prepare(`SELECT count(*) FROM (SELECT DISTINCT ${column} AS v FROM events WHERE ${column} IS NOT NULL) WHERE v NOT IN (SELECT value FROM event_facets WHERE kind = ?)`)
        .pluck()
        .get(kind) as number;
      if (unlisted) problems.push(`${unlisted} ${kind} value(s) of stored events are missing from event_facets`);
    }

    const verify = verifyLogSync(db);
    result.verify = verify;
    if (!verify.ok) problems.push(`the log does not verify: ${verify.summary}: ${verify.message}`);
    else if (verify.events.total !== shape.n) problems.push(`the log verified ${verify.events.total} events of ${shape.n}`);
  } catch (error) {
    problems.push(`checking the file failed: ${(error as Error).message}`);
  } finally {
    db.close();
  }
  result.ok = problems.length === 0;
  return result;
}
