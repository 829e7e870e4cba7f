import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditStore } from '.';
import type { EventFilter } from '../../../shared/filter';
import { pageQuery } from './event-queries';
import { chooseBucket } from './histogram-buckets';
import { sampleBatch, tempDir } from './test-helpers';

let tmp: ReturnType<typeof tempDir>;
let store: AuditStore;
const N = 2500;
beforeAll(() => {
  tmp = tempDir();
  store = AuditStore.open(path.join(tmp.dir, 'q.db'));
  for (let i = 0; i < N; i += 1000) store.append(sampleBatch(i, Math.min(1000, N - i)));
});
afterAll(() => {
  store.close();
  tmp.cleanup();
});

describe('EventQueries.page', () => {
  it('pages newest first through every matching event exactly once', () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page = store.events.page({ user: 'u-101', action: 'pos.void' }, cursor, 37);
      seen.push(...page.events.map((e) => e.seq));
      for (const e of page.events) expect(e).toMatchObject({ user_id: 'u-101', action: 'pos.void' });
      cursor = page.nextCursor;
    } while (cursor);
    const expected = store.db.prepare("SELECT seq FROM events WHERE user_id = 'u-101' AND action = 'pos.void' ORDER BY ts_ms DESC, seq DESC").pluck().all();
    expect(seen).toEqual(expected);
    expect(seen.length).toBeGreaterThan(37);
  });

  it('applies a half-open time range, status and free text', () => {
    const from = '2026-01-05T10:00:00.000Z';
    const to = '2026-01-05T12:00:00.000Z';
    const page = store.events.page({ from, to }, null, 500);
    expect(page.events).toHaveLength(120);
    expect(page.events.every((e) => e.ts >= from && e.ts < to)).toBe(true);
    expect(store.events.page({ status: 'failure' }, null, 500).events.every((e) => e.status === 'failure')).toBe(true);
    const text = store.events.page({ text: 'MANAGER override' }, null, 500).events;
    expect(text.length).toBeGreaterThan(0);
    expect(text.every((e) => (e.details as { note: string }).note === 'Manager override')).toBe(true);
    expect(store.events.page({ text: 'R-2499' }, null, 5).events.map((e) => e.resource_id)).toEqual(['R-2499']);
  });

  it('returns no cursor on the last page and nothing for an unknown user', () => {
    expect(store.events.page({ user: 'nobody' }, null, 10)).toEqual({ events: [], nextCursor: null });
  });

  it('walks the intended index for every exact filter, first page and later ones (no scan, no sort)', () => {
    // A SCAN is acceptable only of the partial failure index: it holds nothing but failures.
    const expected: [EventFilter, string, string][] = [
      [{ user: 'x' }, 'SEARCH', 'events_user'],
      [{ action: 'x' }, 'SEARCH', 'events_action'],
      [{ store: 'x' }, 'SEARCH', 'events_store'],
      [{ terminal: 'x' }, 'SEARCH', 'events_terminal'],
      [{ status: 'failure' }, '(SCAN|SEARCH)', 'events_failures'],
      [{ user: 'x', status: 'failure' }, 'SEARCH', 'events_user_failures'],
    ];
    for (const [filter, op, index] of expected) {
      for (const cursor of [null, '1.1']) {
        const query = pageQuery(filter, cursor, 101);
        const plan = (store.db.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params) as { detail: string }[]).map((p) => p.detail).join(' ');
        expect(plan, `${JSON.stringify(filter)} cursor ${cursor}`).toMatch(new RegExp(`${op} events USING (COVERING )?INDEX ${index}\\b`));
        expect(plan, JSON.stringify(filter)).not.toMatch(/TEMP B-TREE/);
      }
    }
  });
});

describe('EventQueries.histogram', () => {
  it('counts every event once in nice, aligned buckets', () => {
    const h = store.events.histogram({}, 120);
    expect(h.total).toBe(N);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(N);
    expect(h.counts.length).toBeLessThanOrEqual(120);
    expect(h.bucketMs).toBe(30 * 60_000); // 2,500 minutes in at most 120 buckets
    expect(Date.parse(h.from!) % h.bucketMs).toBe(0);
  });

  it('respects filters and an explicit range', () => {
    const h = store.events.histogram({ user: 'u-102', from: '2026-01-05T09:00:00Z', to: '2026-01-05T10:00:00Z' }, 60);
    expect(h).toMatchObject({ bucketMs: 60_000, total: 15, from: '2026-01-05T09:00:00.000Z', to: '2026-01-05T10:00:00.000Z' });
    expect(h.counts).toHaveLength(60);
  });

  it('answers the same from the hourly counts as from the events themselves', () => {
    const fast = store.events.histogram({}, 20); // 2,500 minutes in 20 buckets: 3-hour buckets, rollup path
    expect(fast.bucketMs % 3_600_000).toBe(0);
    const from = Date.parse(fast.from!);
    const direct = store.db
      .prepare('SELECT (ts_ms - ?) / ? AS b, count(*) FROM events GROUP BY b ORDER BY b')
      .raw()
      .all(BigInt(from), BigInt(fast.bucketMs)) as [bigint | number, number][];
    const expected = new Array<number>(fast.counts.length).fill(0);
    for (const [b, n] of direct) expected[Number(b)] = n;
    expect(fast.counts).toEqual(expected);
  });

  it('is empty, not an error, for an empty result', () => {
    expect(store.events.histogram({ user: 'nobody' }, 50).total).toBe(0);
  });
});

describe('chooseBucket', () => {
  it('picks the narrowest readable width that fits', () => {
    const day = 86_400_000;
    expect(chooseBucket(0, 60 * 60_000, 120)).toBe(60_000);
    expect(chooseBucket(0, 60 * 60_000, 60)).toBe(60_000);
    expect(chooseBucket(30_000, 60 * 60_000 + 30_000, 60)).toBe(5 * 60_000);
    expect(chooseBucket(0, 90 * day, 120)).toBe(day);
    expect(chooseBucket(0, 7 * day, 120)).toBe(3 * 3_600_000);
  });
});
