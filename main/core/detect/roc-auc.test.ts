import { describe, expect, it } from 'vitest';
import { rocAuc } from './roc-auc';

describe('ROC AUC', () => {
  it('is 1 when every outlier scores above every inlier, 0 when below', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [false, false, true, true])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [false, false, true, true])).toBe(0);
  });

  it('counts ties as half, by average ranks (scikit-learn gives 0.9375 here)', () => {
    const labels = [0, 1, 0, 1, 1, 0, 0, 1].map(Boolean);
    expect(rocAuc([0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.2, 0.9], labels)).toBe(0.9375);
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [true, false, true, false])).toBe(0.5);
  });

  it('is NaN with only one class', () => {
    expect(rocAuc([0.1, 0.2], [true, true])).toBeNaN();
  });
});
