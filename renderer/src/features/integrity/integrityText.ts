import type { IntegrityReason, IntegrityReport, RangeResult } from '../../../../shared/contract/integrity';
import { formatCount } from '../../format/money';

/**
 * Everything the Integrity screen says in words, for a store manager first: what the verifier found,
 * in plain language. The core's own messages stay on screen too, for the auditor.
 */

export interface ReasonText {
  /** Completes "INVALID · …": what happened to the log, without jargon. */
  reason: string;
  /** The headline when this is the first problem in the log. */
  headline: string;
}

/**
 * One entry per reason the contract knows. Typed as a Record over the enum, so a reason added to
 * shared/contract/integrity.ts fails the typecheck here until it has words of its own.
 */
export const REASON_TEXT: Record<IntegrityReason, ReasonText> = {
  hash_mismatch: { reason: 'an event’s contents were changed', headline: 'The audit log has been altered' },
  prev_hash_mismatch: {
    reason: 'an event no longer links to the one before it (events were replaced or inserted)',
    headline: 'The audit log has been altered',
  },
  missing_seq: { reason: 'an event was deleted', headline: 'The audit log has been altered' },
  reordered: { reason: 'events were moved out of order', headline: 'The audit log has been altered' },
  timestamp_mismatch: {
    reason: 'an event’s time was edited in the search index, so searches by time would be misled',
    headline: 'The audit log has been altered',
  },
  truncated_after_checkpoint: {
    reason: 'events at the end were removed after they were signed',
    headline: 'Events have been removed from the audit log',
  },
  bad_signature: { reason: 'a checkpoint’s signature is forged or damaged', headline: 'The audit log’s signatures do not check out' },
  unknown_key: {
    reason: 'a checkpoint was signed by a key this log never introduced',
    headline: 'The audit log’s signatures do not check out',
  },
  checkpoint_mismatch: {
    reason: 'the log was rewritten: it no longer matches what was signed',
    headline: 'The audit log has been rewritten',
  },
  inconsistent_checkpoints: { reason: 'checkpoints go backwards', headline: 'The audit log’s signatures do not check out' },
  missing_checkpoint: { reason: 'a required checkpoint is missing', headline: 'Part of the audit log is not signed' },
  rolled_back: {
    reason: 'the file is an older copy than this computer last saw',
    headline: 'This is an older copy of the audit log',
  },
  archive_missing: {
    reason: 'an archive file of old events is missing, so those events cannot be checked',
    headline: 'Part of the archived audit log is missing',
  },
  archive_mismatch: {
    reason: 'an archive file of old events was changed, replaced or is not signed by this log',
    headline: 'The archived audit log has been altered',
  },
};

/** For a reason the screen does not know (a newer core): say so rather than nothing. */
export function reasonText(reason: IntegrityReason | null): string {
  if (reason === null) return 'it does not verify';
  return (REASON_TEXT as Partial<Record<string, ReasonText>>)[reason]?.reason ?? `it does not verify (${reason})`;
}

export function headline(report: IntegrityReport): string {
  if (report.ok) return report.events.total === 0 ? 'There is nothing to verify yet' : 'The audit log is intact';
  return (report.reason && (REASON_TEXT as Partial<Record<string, ReasonText>>)[report.reason]?.headline) || 'The audit log has been altered';
}

/** Under the headline: what that means for the person reading it, then what to do. */
export function explanation(report: IntegrityReport): string {
  if (report.ok) {
    if (report.events.total === 0) return 'The log is empty: there are no events to check yet.';
    const signed = report.checkpoints.total === 1 ? 'the signed checkpoint matches' : `all ${formatCount(report.checkpoints.total)} signed checkpoints match`;
    return `All ${formatCount(report.events.total)} events are exactly as they were recorded, in order, and ${report.checkpoints.total === 0 ? 'nothing was removed' : signed}. Nothing was changed, removed or reordered.`;
  }
  const range = firstBadRange(report);
  const where =
    range?.firstBadSeq != null
      ? `, starting at event #${formatCount(range.firstBadSeq)}`
      : range && range.to >= range.from
        ? ` (${rangeLabel(range).toLowerCase()})`
        : '';
  return `Watchdog found that ${reasonText(report.reason)}${where}.`;
}

/** The range the report's headline problem is in (the core names it by its first bad event, or its start). */
export function firstBadRange(report: IntegrityReport): RangeResult | undefined {
  const bad = report.ranges.filter((r) => !r.ok);
  return bad.find((r) => (r.firstBadSeq ?? r.from) === report.firstBadSeq && r.reason === report.reason) ?? bad[0];
}

export const ADVICE_WHEN_ALTERED =
  'Leave this computer and its files as they are — do not restore a backup or delete anything — and tell your auditor or head office. The list below shows which parts of the log are affected.';

/** "Events 1–10,000"; a one-event range is "Event 17"; an empty log has no events. */
export function rangeLabel(range: Pick<RangeResult, 'from' | 'to'>): string {
  if (range.to < range.from) return 'No events';
  if (range.to === range.from) return `Event ${formatCount(range.from)}`;
  return `Events ${formatCount(range.from)}–${formatCount(range.to)}`;
}

/** What a valid range is held to. */
export function validRangeText(range: RangeResult): string {
  if (range.to < range.from) return 'nothing to check';
  if (range.checkpointId === null) return 'not signed yet (after the latest checkpoint)';
  return `matches checkpoint #${range.checkpointId}`;
}

/** The first bad event was deleted, cut off the end, or is missing from an older copy of the file. */
export function eventGone(range: RangeResult, lastSeq: number): boolean {
  if (range.firstBadSeq === null) return false;
  const removed: readonly (IntegrityReason | null)[] = ['missing_seq', 'truncated_after_checkpoint', 'rolled_back'];
  return removed.includes(range.reason) || range.firstBadSeq > lastSeq;
}

/**
 * Where "first bad event" should lead in the Timeline. Removed events cannot be opened: for a deleted
 * event it is the one before the gap; for events cut off the end or missing from an older copy, none.
 */
export function eventLink(range: RangeResult, lastSeq: number): { seq: number; label: string } | null {
  const seq = range.firstBadSeq;
  if (seq === null) return null;
  if (range.reason === 'missing_seq') return seq > 1 && seq - 1 <= lastSeq ? { seq: seq - 1, label: `open event #${formatCount(seq - 1)}, before the gap` } : null;
  if (eventGone(range, lastSeq)) return null;
  return { seq, label: `open event #${formatCount(seq)}` };
}

/** 0.4 s, 12 s, 2 min 05 s. */
export function formatDurationMs(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/** A fingerprint or hash short enough for a table cell; the copy button copies it whole. */
export function shortHash(hex: string, length = 16): string {
  return hex.length <= length ? hex : `${hex.slice(0, length)}…`;
}

/** Why the core signed a checkpoint (CheckpointResult.reason). Open-ended: a newer core may add one. */
const CHECKPOINT_REASONS: Record<string, string> = {
  interval: 'regular interval',
  time: 'time interval',
  demand: 'on request',
  heartbeat: 'heartbeat',
  rotation: 'key change',
  open: 'log opened',
};

export function checkpointReasonText(reason: string): string {
  return CHECKPOINT_REASONS[reason] ?? reason;
}

export const CANCELLED_TEXT = 'Verification cancelled — nothing was concluded.';
