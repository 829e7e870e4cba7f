import { describe, expect, it } from 'vitest';
import { ReplayGuard } from './replay-guard';
import { TokenBuckets } from './token-bucket';

describe('TokenBuckets', () => {
  it('lets a burst through, then one request per refill, and says how long to wait', () => {
    let now = 0;
    const buckets = new TokenBuckets(2, 3, () => now);
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([0, 0, 0]);
    expect(buckets.take('a')).toBe(500);
    expect(buckets.take('b')).toBe(0);
    now = 250;
    expect(buckets.take('a')).toBe(250);
    now = 500;
    expect(buckets.take('a')).toBe(0);
    now = 60_000;
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([0, 0, 0, 500]);
  });
});

describe('ReplayGuard', () => {
  it('takes a signature once while it could still be accepted, and forgets it after', () => {
    let now = 1_000;
    const guard = new ReplayGuard(10_000, () => now);
    expect(guard.first('s1', 1_000)).toBe(true);
    expect(guard.first('s1', 1_000)).toBe(false);
    expect(guard.first('s2', 2_000)).toBe(true);
    now = 11_500;
    expect(guard.first('s3', 11_500)).toBe(true);
    expect(guard.size).toBe(2);
    expect(guard.first('s2', 2_000)).toBe(false);
  });
});
