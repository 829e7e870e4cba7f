import type { AlertSeverity } from '../../../../shared/contract/alert-channels';
import { FEATURE_COUNT, type FeatureExtractor } from '../features';
import type { ModelFinding } from '../model-detector';
import { classify } from './classify';
import { explain } from './explain';
import type { FeatureBatch } from './feature-session';
import type { PredictionRow } from './model-records';
import { Pacer } from './pacer';
import type { BatchScores } from './score-batch';

/** At most this share of a store's new events become findings in one call, however the scores drift. */
export const MAX_FINDING_SHARE = 0.005;
/** …but a store with few new events may still show this many. */
export const MIN_FINDING_CAP = 3;
/** Events classified between two looks at the pacer. */
const PACE_ROWS = 256;

/** A finding with the model behind it (per store: several models can take part in one call). */
export interface StoreModelFinding extends ModelFinding {
  modelVersion: string;
}

export interface BatchResults {
  predictions: PredictionRow[];
  findings: StoreModelFinding[];
}

type RuleEvidence = ReadonlyMap<number, { rule: string; severity: AlertSeverity }>;

/**
 * Classifies every scored event (rules first, the model for the rest) and picks the findings: events
 * the rules did not explain, at or above their model's threshold, the highest scores first, capped
 * per store at MAX_FINDING_SHARE of its new events.
 */
export async function batchResults(
  batch: FeatureBatch,
  scored: BatchScores,
  ruleEvidence: RuleEvidence,
  extractor: FeatureExtractor,
  findingsFromMs = -Infinity,
  pacer = new Pacer(),
): Promise<BatchResults> {
  const predictions: PredictionRow[] = [];
  const candidates = new Map<string, { p: number; row: number }[]>();
  const storeRows = new Map<string, number>();
  for (let row = 0; row < batch.events.length; row++) {
    // A segment is 100,000 events: classified in slices, so the host's other work is not held up.
    if (row % PACE_ROWS === 0) await pacer.pace();
    const event = batch.events[row]!;
    const record = scored.models[row];
    if (!record) continue;
    const score = scored.scores[row]!;
    const c = classify(event.category, score, record.metrics.threshold, ruleEvidence.get(event.seq));
    predictions.push({ seq: event.seq, modelVersion: record.version, score, features: null, ...c });
    storeRows.set(event.storeId, (storeRows.get(event.storeId) ?? 0) + 1);
    if (c.source === 'model' && c.riskLevel !== 'low' && event.tsMs >= findingsFromMs) {
      let list = candidates.get(event.storeId);
      if (!list) candidates.set(event.storeId, (list = []));
      list.push({ p: predictions.length - 1, row });
    }
  }
  const findings: StoreModelFinding[] = [];
  for (const [storeId, list] of candidates) {
    const cap = Math.max(MIN_FINDING_CAP, Math.ceil(MAX_FINDING_SHARE * (storeRows.get(storeId) ?? 0)));
    const score = (c: { p: number }) => predictions[c.p]!.score;
    list.sort((a, b) => score(b) - score(a) || a.row - b.row);
    for (const { p, row } of list.slice(0, cap)) {
      findings.push(finding(batch, scored, row, predictions[p]!, extractor));
      await pacer.pace();
    }
  }
  findings.sort((a, b) => a.seq - b.seq);
  return { predictions, findings };
}

function finding(batch: FeatureBatch, scored: BatchScores, row: number, prediction: PredictionRow, extractor: FeatureExtractor): StoreModelFinding {
  const event = batch.events[row]!;
  const record = scored.models[row]!;
  const features = batch.data.slice(row * FEATURE_COUNT, (row + 1) * FEATURE_COUNT);
  // Kept with the prediction, so a later "false positive" can be learnt without replaying the log.
  prediction.features = features;
  return {
    seq: event.seq,
    ts: new Date(event.tsMs).toISOString(),
    storeId: event.storeId,
    userId: event.userId,
    terminalId: event.terminalId,
    action: event.action,
    score: prediction.score,
    severity: prediction.riskLevel,
    explanation: explain(record, features, event, extractor),
    modelVersion: record.version,
  };
}
