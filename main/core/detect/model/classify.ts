import type { AlertSeverity } from '../../../../shared/contract/alert-channels';

/** Below this confidence a prediction is flagged for review (the 0.6). */
export const REVIEW_BELOW = 0.6;
/** Distance from the threshold at which the model is fully confident either way. */
export const CONFIDENCE_SPAN = 0.1;
/** Score above the threshold at which a finding becomes high, then critical. */
export const HIGH_MARGIN = 0.05;
export const CRITICAL_MARGIN = 0.12;

export type RiskLevel = AlertSeverity;

export interface Classification {
  source: 'rule' | 'model';
  category: string;
  riskLevel: RiskLevel;
  confidence: number;
  review: boolean;
}

/** The model's risk level: low under the threshold, then medium, high, critical by the margin above it. */
export function riskFromScore(score: number, threshold: number): RiskLevel {
  if (score < threshold) return 'low';
  if (score < threshold + HIGH_MARGIN) return 'medium';
  return score < threshold + CRITICAL_MARGIN ? 'high' : 'critical';
}

/**
 * How sure the model is of its side of the threshold: 0.5 at the threshold, rising linearly to 1 at
 * CONFIDENCE_SPAN away from it. So a score within 0.02 of the threshold is flagged for review.
 */
export function modelConfidence(score: number, threshold: number): number {
  return 0.5 + 0.5 * Math.min(1, Math.abs(score - threshold) / CONFIDENCE_SPAN);
}

/** Rules first (their severity, confidence 1); the model for the rest. */
export function classify(
  category: string,
  score: number,
  threshold: number,
  rule: { severity: AlertSeverity } | undefined,
): Classification {
  if (rule) return { source: 'rule', category, riskLevel: rule.severity, confidence: 1, review: false };
  const confidence = modelConfidence(score, threshold);
  return { source: 'model', category, riskLevel: riskFromScore(score, threshold), confidence, review: confidence < REVIEW_BELOW };
}
