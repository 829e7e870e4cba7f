import type { AuditStore } from '../../store';
import { StoreModelDetector, type ModelDetectorOptions } from './store-model-detector';

/**
 * The isolation forest over event features (docs/detection.md, "Event features and the model"): a
 * model per store once it has 1,000 events, a shared baseline before that, every scored event
 * classified and recorded in `predictions` with its model's version. A StoreModelDetector is a
 * ModelDetector whose findings and result also name the model versions behind them.
 */
export function createModelDetector(store: AuditStore, options: ModelDetectorOptions = {}): StoreModelDetector {
  return new StoreModelDetector(store, options);
}

export { StoreModelDetector, SEGMENT_ROWS, type ModelDetectorOptions, type StoreModelDetectResult } from './store-model-detector';
export type { StoreModelFinding } from './batch-results';
export { loadModel, latestModelVersion, type ModelRecord, type PredictionRow } from './model-records';
export { classify, riskFromScore, modelConfidence, REVIEW_BELOW } from './classify';
export { STORE_MODEL_EVENTS, RETRAIN_EVENTS, RETRAIN_AGE_MS } from './retrain-policy';
export { CONTAMINATION } from './train-model';
