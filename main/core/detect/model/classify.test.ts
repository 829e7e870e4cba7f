import { describe, expect, it } from 'vitest';
import { classify, modelConfidence, REVIEW_BELOW, riskFromScore } from './classify';

describe('classification', () => {
  it('takes risk from the score: low under the threshold, then medium, high, critical by the margin', () => {
    expect(riskFromScore(0.6, 0.65)).toBe('low');
    expect(riskFromScore(0.65, 0.65)).toBe('medium');
    expect(riskFromScore(0.71, 0.65)).toBe('high');
    expect(riskFromScore(0.78, 0.65)).toBe('critical');
  });

  it("grows confidence with the score's distance from the threshold; near it, review", () => {
    expect(modelConfidence(0.65, 0.65)).toBe(0.5);
    expect(modelConfidence(0.45, 0.65)).toBe(1);
    const near = classify('pos', 0.66, 0.65, undefined);
    expect(near).toEqual({ source: 'model', category: 'pos', riskLevel: 'medium', confidence: expect.closeTo(0.55, 10), review: true });
    const far = classify('pos', 0.4, 0.65, undefined);
    expect(far.review).toBe(false);
    expect(far.confidence).toBeGreaterThanOrEqual(REVIEW_BELOW);
  });

  it("classifies rule evidence from the rule, with confidence 1, whatever the score", () => {
    expect(classify('authentication', 0.3, 0.65, { severity: 'critical' })).toEqual({
      source: 'rule', category: 'authentication', riskLevel: 'critical', confidence: 1, review: false,
    });
  });
});
