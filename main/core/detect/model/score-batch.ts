import { FEATURE_COUNT } from '../features';
import type { IForestWorkers } from '../iforest-workers';
import { scoreRange } from '../score-kernel';
import type { FeatureBatch } from './feature-session';
import type { ModelRecord } from './model-records';
import { Pacer } from './pacer';

/** A group this large is scored in the worker pool; smaller ones on this thread, yielding between blocks. */
export const WORKER_ROWS = 20_000;
/** Rows scored on this thread between two looks at the pacer (100 trees: a few ms). */
const THREAD_BLOCK = 512;

export interface BatchScores {
  scores: Float64Array;
  /** The model that scored each row (null: none yet, the row is not scored). */
  models: (ModelRecord | null)[];
}

/** Scores every row of the batch with its store's model: one matrix per model, rows copied together once. */
export async function scoreBatch(
  batch: FeatureBatch,
  modelOf: ReadonlyMap<string, ModelRecord | null>,
  workers: () => IForestWorkers,
  pacer = new Pacer(),
): Promise<BatchScores> {
  await pacer.pace();
  const scores = new Float64Array(batch.rows).fill(Number.NaN);
  const models = batch.events.map((event) => modelOf.get(event.storeId) ?? null);
  const groups = new Map<ModelRecord, number[]>();
  models.forEach((model, row) => {
    if (!model) return;
    let rows = groups.get(model);
    if (!rows) groups.set(model, (rows = []));
    rows.push(row);
  });
  for (const [record, rows] of groups) {
    await pacer.pace();
    const shared = rows.length >= WORKER_ROWS;
    const length = rows.length * FEATURE_COUNT;
    const data = shared ? new Float64Array(new SharedArrayBuffer(length * 8)) : new Float64Array(length);
    rows.forEach((row, i) => data.set(batch.data.subarray(row * FEATURE_COUNT, (row + 1) * FEATURE_COUNT), i * FEATURE_COUNT));
    const out = shared
      ? await workers().score(record.model, { rows: rows.length, cols: FEATURE_COUNT, data })
      : await scoreOnThread(record, data, rows.length, pacer);
    rows.forEach((row, i) => (scores[row] = out[i]!));
  }
  return { scores, models };
}

async function scoreOnThread(record: ModelRecord, data: Float64Array, rows: number, pacer: Pacer): Promise<Float64Array> {
  const out = new Float64Array(rows);
  for (let from = 0; from < rows; from += THREAD_BLOCK) {
    await pacer.pace();
    scoreRange(record.model.scoring, data, FEATURE_COUNT, from, Math.min(rows, from + THREAD_BLOCK), out);
  }
  return out;
}
