import { describe, expect, it } from 'vitest';
import { retrainReason, usesStoreModel, RETRAIN_AGE_MS, RETRAIN_EVENTS } from './retrain-policy';
import { falsePositiveCopies } from './train-model';
import { TrainingPool } from './training-pool';

const fill = (pool: TrainingPool, seqs: number[]) => {
  for (const seq of seqs) pool.add(seq, [seq, -seq], 0);
};

describe('TrainingPool', () => {
  it('keeps the same uniform sample whatever order the rows came in', () => {
    const seqs = Array.from({ length: 1000 }, (_, i) => i + 1);
    const a = new TrainingPool(2, 100);
    const b = new TrainingPool(2, 100);
    fill(a, seqs);
    fill(b, [...seqs].reverse());
    const none = new Set<number>();
    expect(a.size).toBe(100);
    expect([...a.rows(none).seqs].sort((x, y) => x - y)).toEqual([...b.rows(none).seqs].sort((x, y) => x - y));
    // Spread over the whole range, not the first or last hundred.
    const kept = a.rows(none).seqs;
    expect(Math.min(...kept)).toBeLessThan(100);
    expect(Math.max(...kept)).toBeGreaterThan(900);
    const { data, seqs: order } = a.rows(none);
    expect(Array.from(data.subarray(0, 2))).toEqual([order[0], -order[0]!]);
  });

  it('leaves out excluded seqs and finds a sampled row', () => {
    const pool = new TrainingPool(2, 50);
    fill(pool, [1, 2, 3]);
    expect(pool.rows(new Set([2])).seqs.sort()).toEqual([1, 3]);
    expect(Array.from(pool.find(3)!)).toEqual([3, -3]);
    expect(pool.find(4)).toBeNull();
  });
});

describe('training and retraining policy', () => {
  it('gives a store its own model from its 1,000th event', () => {
    expect(usesStoreModel(999)).toBe(false);
    expect(usesStoreModel(1000)).toBe(true);
  });

  it('retrains on a first model, changed feedback, 20,000 more events or 14 days of newer events', () => {
    const trained = { events: 5000, lastTsMs: 0, feedbackHash: 'a' };
    const current = { ...trained, fromSeq: 1, toSeq: 9, rows: 9, stores: [], falsePositives: 0, falsePositiveCopies: 0, confirmedExcluded: 0, reason: '' };
    expect(retrainReason(null, trained)).toBe('first model');
    expect(retrainReason(current, trained)).toBeNull();
    expect(retrainReason(current, { ...trained, feedbackHash: 'b' })).toBe('feedback changed');
    expect(retrainReason(current, { ...trained, events: 5000 + RETRAIN_EVENTS })).toMatch(/20000 events/);
    expect(retrainReason(current, { ...trained, lastTsMs: RETRAIN_AGE_MS })).toMatch(/14 days/);
  });

  it('copies each false positive into 1 % of the rows, all of them together at most 25 %', () => {
    expect(falsePositiveCopies(8192, 0)).toBe(0);
    expect(falsePositiveCopies(8192, 2)).toBe(82);
    expect(falsePositiveCopies(8192, 1000)).toBe(2);
    expect(falsePositiveCopies(100, 1)).toBe(4);
  });
});
