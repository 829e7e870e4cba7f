import type { CheckpointResult, IntegrityReason, IntegrityReport, RangeResult } from '../../../../shared/contract/integrity';
import type { Db } from '../../store/database';
import { GENESIS_HASH } from '../../store/canonical';
import { checkCheckpoint, type Checkpoint } from '../checkpoint';
import type { StoredCheckpoint } from '../checkpoint-store';
import { EMPTY_ROOT, MerkleFrontier, nodeHash } from '../merkle';
import { GROUP_SLACK, type VerifyPlan } from './plan';
import { archiveSummary, checkSegmentRecords, invalidArchived, type ArchiveFindings } from './archives';
import { classify, rootsOf, type ChainProblem, type ChunkResult } from './scan';

export interface CombineOptions {
  /** The latest checkpoint this computer recorded outside the file (the vault): the file must reach it. */
  expected?: Checkpoint | null;
  startedAt: number;
  /** What the archive checks found (default: the segment records only, files not read). */
  archives?: ArchiveFindings;
}

interface Flag {
  reason: IntegrityReason;
  firstBadSeq: number | null;
  message: string;
}

const n = (x: number) => x.toLocaleString('en-US');

/** Puts the chunks' findings together with the checkpoints: ranges, reasons and the summary line. */
export function combine(db: Db, plan: VerifyPlan, results: readonly ChunkResult[], options: CombineOptions): IntegrityReport {
  const chunks = [...results].sort((a, b) => a.from - b.from);
  const archives = options.archives ?? { problems: checkSegmentRecords(db, plan), checked: false };
  const archivedIn = archivedCounter(db, plan);
  const problems = chainProblems(db, chunks);
  const firstChainBad = problems[0]?.seq ?? Infinity;
  const rootAt = rootsFromChunks(chunks);

  // Checkpoints, in the order they were written.
  const checkpointResults: CheckpointResult[] = [];
  let previous: StoredCheckpoint | null = null;
  for (const c of plan.checkpoints) {
    checkpointResults.push({ id: c.id, treeSize: c.treeSize, time: c.time, reason: c.reason, keyFingerprint: c.keyFingerprint, ...checkOne(c, previous, plan, firstChainBad, rootAt) });
    previous = c;
  }

  // Ranges between the sizes of the checkpoints that stand, then the tail.
  const flags = new Map<number, Flag>();
  const closing = new Map<number, number>();
  for (const [i, c] of plan.checkpoints.entries()) {
    const result = checkpointResults[i] as CheckpointResult;
    if (c.treeSize > plan.head || c.treeSize === 0) continue;
    if (!closing.has(c.treeSize) || result.ok) closing.set(c.treeSize, c.id);
    if (!result.ok && !flags.has(c.treeSize)) flags.set(c.treeSize, { reason: result.problem ?? 'checkpoint_mismatch', firstBadSeq: null, message: result.message });
  }
  const bounds = [...closing.keys()].sort((a, b) => a - b);
  const ranges: RangeResult[] = [];
  let from = 1;
  // Signing starts with the first key's event; events before it (a log from before checkpoints) are not held to the interval.
  const signingFrom = Math.min(...[...plan.keys.values()].map((k) => k.seq));
  for (const [i, to] of bounds.entries()) {
    const since = i > 0 ? (bounds[i - 1] as number) : Number.isFinite(signingFrom) ? signingFrom - 1 : to;
    const gapTooLong = to - since > plan.every + GROUP_SLACK;
    ranges.push(rangeResult(from, to, closing.get(to) ?? null, problems, flags.get(to) ?? (gapTooLong ? missing(from, to, plan.every) : null), archivedIn));
    from = to + 1;
  }
  if (from <= plan.head || ranges.length === 0) {
    const unsigned = plan.head - from + 1;
    const tooLong = unsigned > plan.every + GROUP_SLACK ? missing(from, plan.head, plan.every) : null;
    ranges.push(rangeResult(from, plan.head, null, problems, tooLong, archivedIn));
  }
  ranges.push(...beyondHead(plan, checkpointResults));
  const rolledBack = rollback(plan, rootAt, options.expected ?? null);
  if (rolledBack) ranges.push(rolledBack);

  const logBad = ranges.filter((r) => !r.ok);
  ranges.push(...archives.problems.map((p) => p.range));
  const bad = ranges.filter((r) => !r.ok).sort((a, b) => (a.firstBadSeq ?? a.from) - (b.firstBadSeq ?? b.from));
  // Archive problems count only the archived events they leave unvouched for, not their whole seq range.
  const spans = mergedSpans(logBad, plan.head);
  const validEvents = Math.max(0, plan.head - coveredBy(logBad, plan.head) - invalidArchived(db, plan, archives.problems, spans));
  const validCheckpoints = checkpointResults.filter((c) => c.ok).length;
  const first = bad[0] ?? null;
  const summary = `checkpoints ${n(validCheckpoints)}/${n(checkpointResults.length)} valid, events ${n(Math.min(validEvents, plan.head))}/${n(plan.head)} valid${archiveSummary(plan, archives.checked)}`;
  const last = chunks[chunks.length - 1];
  return {
    ok: first === null,
    summary,
    events: { total: plan.head, valid: Math.min(validEvents, plan.head) },
    checkpoints: { total: checkpointResults.length, valid: validCheckpoints },
    firstBadSeq: first ? (first.firstBadSeq ?? first.from) : null,
    reason: first?.reason ?? null,
    message: first ? first.message : plan.head === 0 ? 'The log is empty.' : `All ${n(plan.head)} events verify.`,
    ranges,
    checkpointResults,
    keys: [...plan.keys.entries()].map(([fingerprint, k]) => ({ fingerprint, introducedAt: k.seq })),
    archives: { segments: plan.segments.length, events: plan.archived, checked: archives.checked },
    headHash: first ? null : (last?.lastHashHex ?? null),
    rootHash: first || plan.head === 0 ? null : (rootAt(plan.head)?.toString('hex') ?? null),
    durationMs: Math.round(performance.now() - options.startedAt),
  };
}

/** Each chunk's first problem, plus broken links where one chunk meets the next. */
function chainProblems(db: Db, chunks: readonly ChunkResult[]): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let prevLast: string | null = GENESIS_HASH.toString('hex');
  for (const chunk of chunks) {
    if (prevLast !== null && chunk.firstPrevHex !== null && chunk.firstPrevHex !== prevLast) {
      const problem = classify(db, chunk.from, prevLast);
      if (problem) problems.push(problem);
    }
    if (chunk.problem) problems.push(chunk.problem);
    prevLast = chunk.problem ? null : chunk.lastHashHex;
  }
  return problems.sort((a, b) => a.seq - b.seq);
}

/** The tree root at any snapshotted size: complete chunk roots, then the chunk's own frontier. */
function rootsFromChunks(chunks: readonly ChunkResult[]): (size: number) => Buffer | null {
  const prefix: MerkleFrontier[] = [];
  const frontier = new MerkleFrontier();
  for (const chunk of chunks) {
    prefix.push(frontier.clone());
    const end = chunk.snapshots.find((s) => s.size === chunk.to);
    const roots = end ? rootsOf(end) : [];
    if (roots.length !== 1) break;
    frontier.append(roots[0] as Buffer);
  }
  return (size) => {
    if (size === 0) return Buffer.from(EMPTY_ROOT);
    const index = chunks.findIndex((c) => size >= c.from && size <= c.to);
    const chunk = chunks[index];
    const snapshot = chunk?.snapshots.find((s) => s.size === size);
    if (!chunk || !snapshot || !prefix[index]) return null;
    const roots = [...prefix[index].roots, ...rootsOf(snapshot)];
    let h = roots[roots.length - 1] as Buffer;
    for (let i = roots.length - 2; i >= 0; i--) h = nodeHash(roots[i] as Buffer, h);
    return h;
  };
}

function checkOne(
  c: StoredCheckpoint,
  previous: StoredCheckpoint | null,
  plan: VerifyPlan,
  firstChainBad: number,
  rootAt: (size: number) => Buffer | null,
): Pick<CheckpointResult, 'ok' | 'problem' | 'message'> {
  const name = `Checkpoint #${c.id} (${n(c.treeSize)} events, ${c.time})`;
  const key = plan.keys.get(c.keyFingerprint);
  if (!key || key.seq > Math.max(c.treeSize, 1)) {
    return { ok: false, problem: 'unknown_key', message: `${name} is signed by key ${c.keyFingerprint.slice(0, 16)}…, which the log never introduced.` };
  }
  const check = checkCheckpoint(c, new Map([[c.keyFingerprint, key.publicKey]]));
  if (!check.ok) return { ok: false, problem: 'bad_signature', message: `${name} has a signature that does not verify.` };
  if (previous && (c.treeSize < previous.treeSize || c.time < previous.time)) {
    return { ok: false, problem: 'inconsistent_checkpoints', message: `${name} goes back from checkpoint #${previous.id} (${n(previous.treeSize)} events, ${previous.time}).` };
  }
  if (c.treeSize > plan.head) {
    return { ok: false, problem: 'truncated_after_checkpoint', message: `${name} covers more events than the log holds (${n(plan.head)}).` };
  }
  if (c.treeSize >= firstChainBad) return { ok: false, problem: 'checkpoint_mismatch', message: `${name} covers events that no longer verify (from #${firstChainBad}).` };
  const root = rootAt(c.treeSize);
  if (!root || !root.equals(c.rootHash)) {
    return { ok: false, problem: 'checkpoint_mismatch', message: `${name}: the events no longer hash to the root it signed — the log was rewritten before it.` };
  }
  return { ok: true, problem: null, message: `${name} is valid.` };
}

function rangeResult(
  from: number,
  to: number,
  checkpointId: number | null,
  problems: readonly ChainProblem[],
  flag: Flag | null,
  archivedIn: (from: number, to: number) => number,
): RangeResult {
  const problem = problems.find((p) => p.seq >= from && p.seq <= to);
  if (problem) return { from, to, ok: false, reason: problem.reason, firstBadSeq: problem.seq, message: problem.message, checkpointId };
  if (flag) return { from, to, ok: false, reason: flag.reason, firstBadSeq: flag.firstBadSeq, message: flag.message, checkpointId };
  const what = to < from ? 'No events.' : `Events ${n(from)}–${n(to)} verify`;
  const tail = checkpointId === null && to >= from ? ' (after the latest checkpoint: not yet signed)' : checkpointId === null ? '' : ` and match checkpoint #${checkpointId}`;
  const archived = to >= from ? archivedIn(from, to) : 0;
  const note = archived ? ` (${n(archived)} of them archived)` : '';
  return { from, to, ok: true, reason: null, firstBadSeq: null, message: `${what}${tail}${note}${to < from ? '' : '.'}`, checkpointId };
}

function missing(from: number, to: number, every: number): Flag {
  return {
    reason: 'missing_checkpoint',
    firstBadSeq: from,
    message: `Events ${n(from)}–${n(to)} have no checkpoint, though one is written every ${n(every)} events: a checkpoint is missing.`,
  };
}

/**
 * Checkpoints that claim more events than the log holds: a truncation if one of them is genuine
 * (its key and signature hold), otherwise each forged one is INVALID for what it is.
 */
function beyondHead(plan: VerifyPlan, results: readonly CheckpointResult[]): RangeResult[] {
  const out: RangeResult[] = [];
  let signed: CheckpointResult | null = null;
  for (const r of results) {
    if (r.treeSize <= plan.head) continue;
    if (r.problem === 'truncated_after_checkpoint') {
      if (!signed || r.treeSize > signed.treeSize) signed = r;
    } else if (!r.ok) {
      out.push({ from: plan.head + 1, to: r.treeSize, ok: false, reason: r.problem, firstBadSeq: null, message: r.message, checkpointId: r.id });
    }
  }
  if (signed) {
    out.push({
      from: plan.head + 1,
      to: signed.treeSize,
      ok: false,
      reason: 'truncated_after_checkpoint',
      firstBadSeq: plan.head + 1,
      message: `The log ends at event #${n(plan.head)}, but checkpoint #${signed.id} signed ${n(signed.treeSize)} events: events ${n(plan.head + 1)}–${n(signed.treeSize)} were removed.`,
      checkpointId: signed.id,
    });
  }
  return out;
}

/** How many of the events 1..head fall in at least one of these ranges. */
function coveredBy(ranges: readonly RangeResult[], head: number): number {
  return mergedSpans(ranges, head).reduce((sum, [a, b]) => sum + b - a + 1, 0);
}

/** The ranges' seqs within 1..head as disjoint spans, in order. */
function mergedSpans(ranges: readonly RangeResult[], head: number): [number, number][] {
  const spans = ranges.map((r) => [Math.max(1, r.from), Math.min(head, r.to)] as const).filter(([a, b]) => a <= b).sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [a, b] of spans) {
    const last = merged[merged.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged;
}

/** Archived events in a range, for the ranges' messages (no query at all when nothing is archived). */
function archivedCounter(db: Db, plan: VerifyPlan): (from: number, to: number) => number {
  if (plan.archived === 0) return () => 0;
  const count = db.prepare('SELECT count(*) FROM archived_events WHERE seq BETWEEN ? AND ?').pluck();
  return (from, to) => count.get(from, to) as number;
}

function rollback(plan: VerifyPlan, rootAt: (size: number) => Buffer | null, expected: Checkpoint | null): RangeResult | null {
  if (!expected) return null;
  const root = expected.treeSize <= plan.head ? rootAt(expected.treeSize) : null;
  if (root && root.equals(expected.rootHash)) return null;
  // Shorter than the recorded log: the missing end is what was lost. As long but different: the file is
  // another log from some unknown point on, so nothing up to the recorded size can be vouched for.
  const shorter = plan.head < expected.treeSize;
  return {
    from: shorter ? plan.head + 1 : 1,
    to: expected.treeSize,
    ok: false,
    reason: 'rolled_back',
    firstBadSeq: shorter ? plan.head + 1 : null,
    message: shorter
      ? `This computer last recorded ${n(expected.treeSize)} events (checkpoint of ${expected.time}); this file has ${n(plan.head)}: it may be an older copy put back in its place.`
      : `This computer last recorded a checkpoint of ${n(expected.treeSize)} events (${expected.time}) that this file's events do not match: it may be an older copy put back and written to since.`,
    checkpointId: null,
  };
}
