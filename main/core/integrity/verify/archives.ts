import type { RangeResult } from '../../../../shared/contract/integrity';
import { manifestSignatureValid, parseManifest, type ManifestFields } from '../../retention/manifest';
import type { SegmentRecord } from '../../retention/reader';
import type { Db } from '../../store/database';
import type { VerifyPlan } from './plan';

/**
 * The archive side of verification (retention: docs/verification.md, "Retention and archives").
 *
 * Without the files, the database alone must account for every tombstone: each belongs to a segment
 * whose manifest is signed by a key the log introduced, names one of the log's checkpoints and agrees
 * with the segment's row, and each segment has exactly the count, first and last seq it signed. Deleting events and leaving tombstones in their place is therefore caught
 * without the archive (the tombstones' hashes themselves are leaves of the tree the checkpoints sign).
 * With the files (archive-files.ts), every archived event is recomputed and held to its tombstone.
 */
export interface ArchiveProblem {
  range: RangeResult;
  /** The archived events it leaves unvouched for: all of a segment's, or these seqs. */
  invalid: { segmentId: number } | { seqs: readonly number[] };
}

export interface ArchiveFindings {
  problems: ArchiveProblem[];
  /** The segment files were read too. */
  checked: boolean;
}

const n = (x: number) => x.toLocaleString('en-US');

export function segmentName(s: SegmentRecord): string {
  return `Archive segment #${s.id} (${s.file}, events ${n(s.firstSeq)}–${n(s.lastSeq)})`;
}

export function segmentProblem(
  s: SegmentRecord,
  reason: 'archive_missing' | 'archive_mismatch',
  message: string,
  firstBadSeq: number | null,
  invalid: ArchiveProblem['invalid'] = { segmentId: s.id },
): ArchiveProblem {
  return { range: { from: s.firstSeq, to: s.lastSeq, ok: false, reason, firstBadSeq, message, checkpointId: null }, invalid };
}

/** Every segment row against its signed manifest and its tombstones; then tombstones no segment holds. */
export function checkSegmentRecords(db: Db, plan: VerifyPlan): ArchiveProblem[] {
  if (plan.segments.length === 0 && plan.archived === 0) return [];
  const problems: ArchiveProblem[] = [];
  // One pass over the (segment_id, seq) index: each segment's tombstones, their count and seq span.
  const held = new Map(
    (db.prepare('SELECT segment_id, count(*), min(seq), max(seq) FROM archived_events GROUP BY segment_id').raw().all() as [number, number, number, number][])
      .map(([id, count, first, last]) => [id, { count, first, last }]),
  );
  let listed = 0;
  for (const s of plan.segments) {
    const wrong = recordProblem(s, plan, held.get(s.id) ?? { count: 0, first: 0, last: 0 });
    if (wrong) problems.push(segmentProblem(s, 'archive_mismatch', `${segmentName(s)}: ${wrong}.`, null));
    listed += held.get(s.id)?.count ?? 0;
  }
  if (listed !== plan.archived) {
    const seq = db
      .prepare('SELECT a.seq FROM archived_events a LEFT JOIN archive_segments s ON s.id = a.segment_id WHERE s.id IS NULL ORDER BY a.seq LIMIT 1')
      .pluck()
      .get() as number;
    problems.push({
      range: {
        from: seq,
        to: seq,
        ok: false,
        reason: 'archive_mismatch',
        firstBadSeq: seq,
        message: `Event #${n(seq)} is recorded as archived, but no signed archive segment holds it: it was removed from the log.`,
        checkpointId: null,
      },
      invalid: { seqs: [seq] },
    });
  }
  return problems;
}

function recordProblem(s: SegmentRecord, plan: VerifyPlan, held: { count: number; first: number; last: number }): string | null {
  const m = parseManifest(s.manifest);
  if (!m) return 'its manifest is not a Watchdog archive manifest';
  const key = plan.keys.get(s.keyFingerprint);
  if (!key || key.seq > m.checkpoint.treeSize || !manifestSignatureValid(s.manifest, s.signature, key.publicKey, s.keyFingerprint)) {
    return 'its manifest is not signed by a key this log introduced';
  }
  if (!agrees(m, s)) return 'the database’s record of it differs from its signed manifest';
  const checkpoint = plan.checkpoints.find((c) => c.treeSize === m.checkpoint.treeSize && c.rootHash.toString('hex') === m.checkpoint.rootHash);
  if (!checkpoint || m.lastSeq > m.checkpoint.treeSize) return `the checkpoint its manifest names (${n(m.checkpoint.treeSize)} events) is not one of this log’s`;
  if (held.count !== s.count || held.first !== s.firstSeq || held.last !== s.lastSeq) {
    return `the database keeps ${n(held.count)} events as archived in it, not the ${n(s.count)} it holds (events ${n(s.firstSeq)}–${n(s.lastSeq)})`;
  }
  return null;
}

function agrees(m: ManifestFields, s: SegmentRecord): boolean {
  return (
    m.file === s.file && m.firstSeq === s.firstSeq && m.lastSeq === s.lastSeq && m.count === s.count && m.fileSha256 === s.fileSha256 &&
    m.merkleRoot === s.merkleRoot.toString('hex') && m.checkpoint.treeSize === s.checkpointSize &&
    m.checkpoint.rootHash === s.checkpointRoot.toString('hex') && m.keyFingerprint === s.keyFingerprint &&
    Date.parse(m.firstTs) === s.minTsMs && Date.parse(m.lastTs) === s.maxTsMs
  );
}

/**
 * Archived events the problems leave unvouched for, not counting those already inside the failing
 * ranges of the log itself (`spans`), so that no event is counted twice.
 */
export function invalidArchived(db: Db, plan: VerifyPlan, problems: readonly ArchiveProblem[], spans: readonly (readonly [number, number])[]): number {
  if (problems.length === 0) return 0;
  const inSpans = (seq: number) => spans.some(([a, b]) => seq >= a && seq <= b);
  const countIn = db.prepare('SELECT count(*) FROM archived_events WHERE segment_id = ? AND seq BETWEEN ? AND ?').pluck();
  let invalid = 0;
  for (const { invalid: which } of problems) {
    if ('seqs' in which) {
      invalid += which.seqs.filter((seq) => !inSpans(seq)).length;
      continue;
    }
    const segment = plan.segments.find((s) => s.id === which.segmentId);
    if (!segment) continue;
    invalid += Math.max(0, segment.count - spans.reduce((sum, [a, b]) => sum + (countIn.get(segment.id, a, b) as number), 0));
  }
  return invalid;
}

/** `(40,000 in 1 archive, checked)` for the summary line; empty without archived events. */
export function archiveSummary(plan: VerifyPlan, checked: boolean): string {
  if (plan.archived === 0 && plan.segments.length === 0) return '';
  const segments = plan.segments.length;
  return ` (${n(plan.archived)} in ${n(segments)} ${segments === 1 ? 'archive' : 'archives'}, ${checked ? 'checked' : 'not checked'})`;
}
