import { z } from 'zod';
import type { Db } from '../../store/database';
import type { Model, ScoreSummary } from '../isolation-forest';
import { deserializeModel, serializeModel } from '../model-format';
import type { Classification } from './classify';

/** What a model was trained on (the `trained_on` column). */
export interface TrainedOn {
  /** The sampled training rows' seq range and count (false-positive copies not counted). */
  fromSeq: number;
  toSeq: number;
  rows: number;
  stores: string[];
  /** The store's (or, for the baseline, the log's) event count when it was trained: the retraining clock. */
  events: number;
  /** Time of the newest event the model saw (ms since the epoch). */
  lastTsMs: number;
  /** False positives learnt as normal, the copies of each, and confirmed events left out. */
  falsePositives: number;
  falsePositiveCopies: number;
  confirmedExcluded: number;
  /** SHA-256 of the feedback that applied, so a change is noticed. */
  feedbackHash: string;
  reason: string;
}

export interface ModelParams {
  trees: number;
  maxSamples: number;
  seed: number;
  contamination: number;
}

export interface ModelRecordMetrics {
  trainingMs: number;
  nodes: number;
  meanPathLength: number;
  scores: ScoreSummary;
  /** Scores at or above this are findings: the (1 − contamination) quantile of the training rows' scores, at least 0.5. */
  threshold: number;
  /** Mean isolation attribution per feature over the training rows: the typical row, for explanations. */
  typicalAttribution: number[];
}

export interface ModelRecord {
  version: string;
  storeId: string | null;
  trainedAt: string;
  trainedOn: TrainedOn;
  features: string[];
  params: ModelParams;
  metrics: ModelRecordMetrics;
  model: Model;
}

const Summary = z.object({ min: z.number(), mean: z.number(), p50: z.number(), p90: z.number(), p99: z.number(), max: z.number() });
const TrainedOnSchema = z.object({
  fromSeq: z.number(), toSeq: z.number(), rows: z.number(), stores: z.array(z.string()), events: z.number(), lastTsMs: z.number(),
  falsePositives: z.number(), falsePositiveCopies: z.number(), confirmedExcluded: z.number(), feedbackHash: z.string(), reason: z.string(),
});
const ParamsSchema = z.object({ trees: z.number(), maxSamples: z.number(), seed: z.number(), contamination: z.number() });
const MetricsSchema = z.object({
  trainingMs: z.number(), nodes: z.number(), meanPathLength: z.number(), scores: Summary, threshold: z.number(), typicalAttribution: z.array(z.number()),
});

interface ModelRow {
  version: string;
  store_id: string | null;
  trained_at: string;
  trained_on: string;
  features: string;
  params: string;
  metrics: string;
  model: Buffer;
}

/** `store:S001:v3` or `baseline:v1`: the scope and the count of models trained for it. */
export function nextVersion(db: Db, storeId: string | null): string {
  const trained = db.prepare('SELECT count(*) FROM detection_models WHERE store_id IS ?').pluck().get(storeId) as number;
  return `${storeId === null ? 'baseline' : `store:${storeId}`}:v${trained + 1}`;
}

export function saveModel(db: Db, record: ModelRecord): void {
  db.prepare(
    `INSERT INTO detection_models (version, store_id, trained_at, trained_on, features, params, metrics, model)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    record.version, record.storeId, record.trainedAt, JSON.stringify(record.trainedOn), JSON.stringify(record.features),
    JSON.stringify(record.params), JSON.stringify(record.metrics), Buffer.from(serializeModel(record.model)),
  );
}

function fromRow(row: ModelRow): ModelRecord {
  // deserializeModel checks the SHA-256 and the trees; a damaged model is refused, never scored with.
  return {
    version: row.version,
    storeId: row.store_id,
    trainedAt: row.trained_at,
    trainedOn: TrainedOnSchema.parse(JSON.parse(row.trained_on)),
    features: z.array(z.string()).parse(JSON.parse(row.features)),
    params: ParamsSchema.parse(JSON.parse(row.params)),
    metrics: MetricsSchema.parse(JSON.parse(row.metrics)),
    model: deserializeModel(row.model),
  };
}

/** The newest model of a store (null: the baseline), or null when none was trained yet. */
export function latestModelVersion(db: Db, storeId: string | null): string | null {
  const version = db
    .prepare('SELECT version FROM detection_models WHERE store_id IS ? ORDER BY trained_at DESC, rowid DESC LIMIT 1')
    .pluck()
    .get(storeId) as string | undefined;
  return version ?? null;
}

export function loadModel(db: Db, version: string): ModelRecord | null {
  const row = db.prepare('SELECT * FROM detection_models WHERE version = ?').get(version) as ModelRow | undefined;
  return row ? fromRow(row) : null;
}

export interface PredictionRow extends Classification {
  seq: number;
  modelVersion: string;
  score: number;
  /** The feature row, kept for model findings only. */
  features: Float64Array | null;
}

/** Writes (or replaces) predictions in one transaction; callers pass a few thousand at a time. */
export function writePredictions(db: Db, rows: readonly PredictionRow[]): void {
  const insert = db.prepare(
    `INSERT OR REPLACE INTO predictions (seq, model_version, score, category, risk_level, confidence, review, source, features)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (const p of rows) {
      const features = p.features === null ? null : Buffer.from(p.features.buffer, p.features.byteOffset, p.features.byteLength);
      insert.run(p.seq, p.modelVersion, p.score, p.category, p.riskLevel, p.confidence, p.review ? 1 : 0, p.source, features);
    }
  })();
}

/** The stored feature rows of these events (model findings only). */
export function storedFeatures(db: Db, seqs: readonly number[], cols: number): Map<number, Float64Array> {
  if (seqs.length === 0) return new Map();
  const rows = db
    .prepare('SELECT seq, features FROM predictions WHERE features IS NOT NULL AND seq IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(seqs)) as { seq: number; features: Buffer }[];
  const found = new Map<number, Float64Array>();
  for (const { seq, features } of rows) {
    if (features.byteLength !== cols * 8) continue;
    found.set(seq, new Float64Array(new Uint8Array(features).buffer));
  }
  return found;
}
