import type { AlertSeverity } from '../../../shared/contract/alert-channels';

/**
 * The seam between the detection run (rules, alerts, cases: main/core/detect/run/) and the isolation
 * forest over event features (main/core/detect/model/). The run asks the model to look at the events
 * it has not seen yet; the model answers with the events it finds unusual, in words.
 */
export interface ModelFinding {
  seq: number;
  ts: string;
  storeId: string;
  userId: string | null;
  terminalId: string | null;
  action: string;
  /** The model that scored it (a store's own, or the shared baseline). */
  modelVersion: string;
  /** The isolation forest's score, 0..1 (0.5 and below is ordinary). */
  score: number;
  severity: AlertSeverity;
  /** The features that contributed most, most first, in words a store manager understands. */
  explanation: string[];
}

export interface ModelFeedback {
  /** Evidence of model alerts people marked false positive: the next training treats them as normal. */
  falsePositiveSeqs: readonly number[];
  /** Evidence of alerts people confirmed (resolved as real): kept out of the next training set. */
  confirmedSeqs: readonly number[];
}

export interface ModelDetectOptions {
  /** Look at the events after this sequence number (0: all of them). */
  afterSeq: number;
  /** Events the rules already explain (their evidence): classified from the rule, not the model. */
  ruleEvidence: ReadonlyMap<number, { rule: string; severity: AlertSeverity }>;
  feedback: ModelFeedback;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface ModelDetectResult {
  findings: ModelFinding[];
  /** Events scored (and classified) in this call. */
  scored: number;
  /** The version of the model used (a store's own, or the shared baseline), null when there was none yet. */
  modelVersion: string | null;
}

export interface ModelDetector {
  /** Trains or retrains when due (a new store model at 1,000 events, feedback since the last training), then scores. */
  detect(options: ModelDetectOptions): Promise<ModelDetectResult>;
  close(): Promise<void>;
}
