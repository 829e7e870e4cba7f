import { z } from 'zod';

/** Why a range of the log, or a checkpoint, does not verify (docs/verification.md explains each). */
export const IntegrityReasonSchema = z.enum([
  'hash_mismatch',
  'prev_hash_mismatch',
  'missing_seq',
  'reordered',
  'timestamp_mismatch',
  'truncated_after_checkpoint',
  'bad_signature',
  'unknown_key',
  'checkpoint_mismatch',
  'inconsistent_checkpoints',
  'missing_checkpoint',
  'rolled_back',
  'archive_missing',
  'archive_mismatch',
]);
export type IntegrityReason = z.infer<typeof IntegrityReasonSchema>;

export const RangeResultSchema = z.object({
  /** First and last seq of the range (inclusive); `to` < `from` for an empty log. */
  from: z.int(),
  to: z.int(),
  ok: z.boolean(),
  reason: IntegrityReasonSchema.nullable(),
  /** The first event of the range that does not verify (null when the whole range fails as one, e.g. a bad signature). */
  firstBadSeq: z.int().nullable(),
  message: z.string(),
  /** The checkpoint that closes the range (null for events after the latest checkpoint). */
  checkpointId: z.int().nullable(),
});

export const CheckpointResultSchema = z.object({
  id: z.int(),
  treeSize: z.int(),
  time: z.string(),
  reason: z.string(),
  keyFingerprint: z.string(),
  ok: z.boolean(),
  problem: IntegrityReasonSchema.nullable(),
  message: z.string(),
});

export const IntegrityReportSchema = z.object({
  ok: z.boolean(),
  /** `checkpoints 12/12 valid, events 104,233/104,233 valid (40,000 in 1 archive, checked)` */
  summary: z.string(),
  events: z.object({ total: z.int(), valid: z.int() }),
  checkpoints: z.object({ total: z.int(), valid: z.int() }),
  firstBadSeq: z.int().nullable(),
  reason: IntegrityReasonSchema.nullable(),
  message: z.string(),
  ranges: z.array(RangeResultSchema),
  checkpointResults: z.array(CheckpointResultSchema),
  /** Signing keys the log introduced (by its own key events), oldest first. */
  keys: z.array(z.object({ fingerprint: z.string(), introducedAt: z.int() })),
  /**
   * Events moved into archive segments (retention): how many, in how many segments, and whether the
   * segment files were checked too (`watchdog verify --archive DIR`). Optional only so that reports
   * from before archives still parse; the verifier always sets it.
   */
  archives: z.object({ segments: z.int(), events: z.int(), checked: z.boolean() }).optional(),
  headHash: z.string().nullable(),
  rootHash: z.string().nullable(),
  durationMs: z.number(),
});

export type RangeResult = z.output<typeof RangeResultSchema>;
export type CheckpointResult = z.output<typeof CheckpointResultSchema>;
export type IntegrityReport = z.output<typeof IntegrityReportSchema>;
