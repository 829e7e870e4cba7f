import type { AuditStore } from '../../store';
import { headSeq } from '../features';
import { IForestWorkers } from '../iforest-workers';
import { DEFAULT_SEED } from '../isolation-forest';
import type { ModelDetectOptions, ModelDetectResult, ModelDetector } from '../model-detector';
import { batchResults, type StoreModelFinding } from './batch-results';
import { FeatureSession } from './feature-session';
import { feedbackByStore } from './feedback';
import { writePredictions, type PredictionRow } from './model-records';
import { ModelRegistry } from './model-registry';
import { Pacer } from './pacer';
import { scoreBatch } from './score-batch';

/** New events handled per segment: extracted, scored, classified and written together (about 14 MB of features). */
export const SEGMENT_ROWS = 100_000;
/** Predictions written per transaction (each a few ms), the pacer consulted between them. */
const WRITE_ROWS = 1000;

export interface ModelDetectorOptions {
  /** The forest's seed (default 1): the same events and feedback give the same models. */
  seed?: number;
  /** The clock recorded as a model's training time. */
  now?: () => Date;
  /** A pool to use (left open on close); by default the detector starts its own when it first needs one. */
  workers?: IForestWorkers;
}

export interface StoreModelDetectResult extends ModelDetectResult {
  findings: StoreModelFinding[];
  /** Every model that scored events in this call, with how many. */
  modelVersions: Record<string, number>;
}

/**
 * The isolation forest over event features as a ModelDetector: streams the new events through the
 * feature extractor a segment at a time, trains or retrains the store and baseline models when due,
 * scores, classifies every scored event into a prediction, and returns the findings in words.
 */
export class StoreModelDetector implements ModelDetector {
  private session: FeatureSession | null = null;
  private ownWorkers: IForestWorkers | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  readonly registry: ModelRegistry;

  constructor(private readonly store: AuditStore, private readonly options: ModelDetectorOptions = {}) {
    this.registry = new ModelRegistry(store.db, {
      seed: options.seed ?? DEFAULT_SEED,
      now: options.now ?? (() => new Date()),
      workers: () => this.workers(),
    });
  }

  /** Calls run one after another: each continues the feature state where the last one stopped. */
  detect(options: ModelDetectOptions): Promise<StoreModelDetectResult> {
    const run = this.queue.then(() => this.run(options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.queue;
    await this.ownWorkers?.close();
    this.ownWorkers = null;
  }

  private async run(options: ModelDetectOptions): Promise<StoreModelDetectResult> {
    const { afterSeq, signal, onProgress } = options;
    const db = this.store.db;
    const head = headSeq(db);
    const versions: Record<string, number> = {};
    const findings: StoreModelFinding[] = [];
    if (head <= afterSeq) return { findings, scored: 0, modelVersion: null, modelVersions: versions };
    // Taken now and given back only after success: a call that fails or is cancelled leaves no half-moved state.
    const carried = this.session;
    this.session = null;
    // One pacer for the whole call: a slice of work is timed across steps, not restarted by each.
    const pacer = new Pacer(signal);
    const session = carried && carried.extractor.lastSeq === afterSeq ? carried : await FeatureSession.start(db, afterSeq, { signal, pacer });
    const feedback = feedbackByStore(db, options.feedback);
    const total = head - afterSeq;
    let done = 0;
    let scored = 0;
    while (session.extractor.lastSeq < head) {
      const batch = await session.extract(db, head, SEGMENT_ROWS, { signal, pacer, onRows: (rows) => onProgress?.(Math.min(total, done + rows), total) });
      if (batch.rows === 0) break;
      const stores = [...new Set(batch.events.map((event) => event.storeId))].sort();
      const models = await this.registry.modelsFor(stores, session, feedback, pacer);
      const scores = await scoreBatch(batch, models, () => this.workers(), pacer);
      const results = await batchResults(batch, scores, options.ruleEvidence, session.extractor, session.findingsFromMs, pacer);
      await this.write(results.predictions, pacer);
      for (const p of results.predictions) versions[p.modelVersion] = (versions[p.modelVersion] ?? 0) + 1;
      findings.push(...results.findings);
      scored += results.predictions.length;
      done += batch.rows;
    }
    onProgress?.(total, total);
    this.session = session;
    const modelVersion = Object.entries(versions).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
    return { findings, scored, modelVersion, modelVersions: versions };
  }

  private async write(predictions: readonly PredictionRow[], pacer: Pacer): Promise<void> {
    for (let from = 0; from < predictions.length; from += WRITE_ROWS) {
      await pacer.pace();
      writePredictions(this.store.db, predictions.slice(from, from + WRITE_ROWS));
    }
  }

  private workers(): IForestWorkers {
    if (this.options.workers) return this.options.workers;
    return (this.ownWorkers ??= new IForestWorkers());
  }
}
