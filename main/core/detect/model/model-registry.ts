import type { Db } from '../../store/database';
import { FEATURE_COUNT } from '../features';
import type { IForestWorkers } from '../iforest-workers';
import type { FeatureSession } from './feature-session';
import { Pacer } from './pacer';
import type { ScopedFeedback } from './feedback';
import { latestModelVersion, loadModel, nextVersion, saveModel, storedFeatures, type ModelRecord } from './model-records';
import { MIN_BASELINE_ROWS, MIN_STORE_ROWS, retrainReason, usesStoreModel } from './retrain-policy';
import { trainModel, type TrainingSet } from './train-model';
import type { TrainingPool } from './training-pool';

export interface RegistryOptions {
  seed: number;
  now: () => Date;
  workers: () => IForestWorkers;
}

export interface Feedback {
  all: ScopedFeedback;
  byStore(storeId: string): ScopedFeedback;
}

/**
 * Which model scores which store, training and recording models when due (docs/detection.md,
 * "Training and retraining"): a store with 1,000 events or more gets its own model, the others share
 * the baseline, trained on a sample of every store's events.
 */
export class ModelRegistry {
  private readonly loaded = new Map<string, ModelRecord>();
  /** Models trained by this registry, newest last (for callers and tests that want to know). */
  readonly trained: ModelRecord[] = [];

  constructor(private readonly db: Db, private readonly options: RegistryOptions) {}

  /** The model for each store (null when there is none and too little to train one). */
  async modelsFor(stores: readonly string[], session: FeatureSession, feedback: Feedback, pacer = new Pacer()): Promise<Map<string, ModelRecord | null>> {
    const assigned = new Map<string, ModelRecord | null>();
    const needBaseline: string[] = [];
    for (const storeId of stores) {
      await pacer.pace();
      const events = this.storeEvents(storeId);
      const own = usesStoreModel(events) ? await this.storeModel(storeId, events, session, feedback.byStore(storeId), pacer) : null;
      if (own) assigned.set(storeId, own);
      else needBaseline.push(storeId);
    }
    if (needBaseline.length > 0) {
      const baseline = await this.baselineModel(session, feedback.all, pacer);
      for (const storeId of needBaseline) assigned.set(storeId, baseline);
    }
    return assigned;
  }

  private async storeModel(storeId: string, events: number, session: FeatureSession, feedback: ScopedFeedback, pacer: Pacer): Promise<ModelRecord | null> {
    const current = this.latest(storeId);
    const now = { events, lastTsMs: session.lastTsMs.get(storeId) ?? 0, feedbackHash: feedback.hash };
    const reason = retrainReason(current?.trainedOn ?? null, now);
    const pool = session.storePool(storeId);
    if (reason === null || !pool || pool.size < MIN_STORE_ROWS) return current;
    return this.train(storeId, [storeId], pool, feedback, { ...now, reason }, pacer);
  }

  private async baselineModel(session: FeatureSession, feedback: ScopedFeedback, pacer: Pacer): Promise<ModelRecord | null> {
    const current = this.latest(null);
    const events = this.db.prepare('SELECT count(*) FROM events').pluck().get() as number;
    const now = { events, lastTsMs: Math.max(0, ...session.lastTsMs.values()), feedbackHash: feedback.hash };
    const reason = retrainReason(current?.trainedOn ?? null, now);
    const pool = session.baselinePool;
    if (reason === null || pool.size < MIN_BASELINE_ROWS) return current;
    return this.train(null, [...session.storePools.keys()].sort(), pool, feedback, { ...now, reason }, pacer);
  }

  private async train(
    storeId: string | null,
    stores: string[],
    pool: TrainingPool,
    feedback: ScopedFeedback,
    scope: { events: number; lastTsMs: number; feedbackHash: string; reason: string },
    pacer: Pacer,
  ): Promise<ModelRecord> {
    const set = this.trainingSet(pool, feedback);
    await pacer.pace();
    const record = await trainModel(this.options.workers(), set, {
      version: nextVersion(this.db, storeId),
      storeId,
      stores,
      seed: this.options.seed,
      trainedAt: this.options.now().toISOString(),
      ...scope,
    }, pacer);
    saveModel(this.db, record);
    this.loaded.set(record.version, record);
    this.trained.push(record);
    return record;
  }

  /** The pool without confirmed incidents, plus the false positives' rows (stored with their findings, or in the pool). */
  private trainingSet(pool: TrainingPool, feedback: ScopedFeedback): TrainingSet {
    const confirmed = new Set(feedback.confirmed);
    const { data, seqs } = pool.rows(confirmed);
    const stored = storedFeatures(this.db, feedback.falsePositives, FEATURE_COUNT);
    const falsePositives: Float64Array[] = [];
    for (const seq of feedback.falsePositives) {
      const row = stored.get(seq) ?? pool.find(seq);
      if (row) falsePositives.push(row);
    }
    return { data, seqs, falsePositives, confirmedExcluded: pool.size - seqs.length };
  }

  private latest(storeId: string | null): ModelRecord | null {
    const version = latestModelVersion(this.db, storeId);
    if (version === null) return null;
    let record = this.loaded.get(version);
    if (!record) {
      record = loadModel(this.db, version) ?? undefined;
      if (record) this.loaded.set(version, record);
    }
    return record ?? null;
  }

  private storeEvents(storeId: string): number {
    return this.db.prepare('SELECT count(*) FROM events WHERE store_id = ?').pluck().get(storeId) as number;
  }
}
