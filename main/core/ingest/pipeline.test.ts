import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../api/errors';
import { AuditStore } from '../store';
import type { AppendResult } from '../store/audit-log';
import { sampleEvent, tempDir } from '../store/test-helpers';
import { IngestPipeline } from './pipeline';

let tmp: ReturnType<typeof tempDir>;
let store: AuditStore;
let pipeline: IngestPipeline;
let commits: AppendResult[][];
beforeEach(() => {
  tmp = tempDir();
  store = AuditStore.open(path.join(tmp.dir, 'ingest.db'));
  commits = [];
  pipeline = new IngestPipeline(store.log, { workers: 2, onCommitted: (results) => commits.push(results) });
});
afterEach(async () => {
  await pipeline.close();
  store.close();
  tmp.cleanup();
});

const batch = (from: number, count: number) => Array.from({ length: count }, (_, k) => sampleEvent(from + k));

describe('IngestPipeline (real worker threads, real SQLite file)', () => {
  it('commits concurrent batches in groups, gap-free and chained, each batch acknowledged after its commit', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, (_, b) => pipeline.submit(batch(b * 250, 250))));
    expect(results.reduce((n, r) => n + r.accepted, 0)).toBe(10_000);
    expect(store.events.summary().events).toBe(10_000);
    // Every batch got a contiguous run of seqs, and together they cover 1..10000 with no gap.
    const runs = results.map((r) => [r.firstSeq as number, r.lastSeq as number]).sort((a, b) => a[0]! - b[0]!);
    runs.forEach(([first, last], i) => {
      expect(last! - first! + 1).toBe(250);
      if (i > 0) expect(first).toBe(runs[i - 1]![1]! + 1);
    });
    expect(store.verify()).toMatchObject({ ok: true, events: { total: 10_000, valid: 10_000 } });
    // Group commit happened: fewer transactions than batches, and every batch was reported once.
    expect(commits.length).toBeLessThan(40);
    expect(commits.flat()).toHaveLength(40);
  });

  it('accepts the JSON text of a batch as it came off the wire', async () => {
    const result = await pipeline.submit(JSON.stringify(batch(0, 3)));
    expect(result).toMatchObject({ accepted: 3, firstSeq: 1, lastSeq: 3 });
    expect(store.events.get(2).event_id).toBe(sampleEvent(1).event_id);
  });

  it('rejects a batch with a bad event, naming it, and stores nothing of it while other batches land', async () => {
    const bad = batch(100, 5);
    bad[3] = { ...bad[3]!, ts: 'yesterday' };
    const [good, refused, alsoGood] = await Promise.allSettled([pipeline.submit(batch(0, 5)), pipeline.submit(bad), pipeline.submit(batch(10, 5))]);
    expect(good.status).toBe('fulfilled');
    expect(alsoGood.status).toBe('fulfilled');
    expect(refused.status).toBe('rejected');
    const error = (refused as PromiseRejectedResult).reason as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('BAD_INPUT');
    expect(error.fields).toEqual([expect.objectContaining({ index: 3, path: 'ts' })]);
    expect(store.events.summary().events).toBe(10);
    expect(store.verify().ok).toBe(true);
  });

  it('refuses malformed JSON, an empty batch and one over 1,000 events with clear errors', async () => {
    await expect(pipeline.submit('[{"event_id": ')).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('not valid JSON') });
    await expect(pipeline.submit([])).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('at least one event') });
    await expect(pipeline.submit(batch(0, 1001))).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('at most 1000') });
    await expect(pipeline.submit({ events: [] })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(store.events.summary().events).toBe(0);
  });

  it('acknowledges retried and repeated event_ids without storing them twice, also within one group', async () => {
    const first = batch(0, 10);
    const [a, b] = await Promise.all([pipeline.submit(first), pipeline.submit([...batch(5, 10), first[0]!])]);
    const stored = a!.accepted + b!.accepted;
    expect(stored).toBe(15);
    expect([...a!.duplicates, ...b!.duplicates].sort()).toEqual([...batch(5, 5).map((e) => e.event_id), first[0]!.event_id].sort());
    const retry = await pipeline.submit(first);
    expect(retry).toMatchObject({ accepted: 0, firstSeq: null });
    expect(retry.duplicates).toHaveLength(10);
    expect(store.events.summary().events).toBe(15);
    expect(store.verify().ok).toBe(true);
  });

  it('keeps memory bounded: submissions beyond maxInFlight wait their turn and all complete', async () => {
    const small = new IngestPipeline(store.log, { workers: 1, maxInFlight: 2 });
    try {
      const results = await Promise.all(Array.from({ length: 12 }, (_, b) => small.submit(batch(b * 10, 10))));
      expect(results.every((r) => r.accepted === 10)).toBe(true);
      expect(store.events.summary().events).toBe(120);
    } finally {
      await small.close();
    }
  });

  it('waits for accepted batches on close, then refuses new ones', async () => {
    const pending = pipeline.submit(batch(0, 100));
    await pipeline.close();
    await expect(pending).resolves.toMatchObject({ accepted: 100 });
    await expect(pipeline.submit(batch(200, 1))).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
