import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuditStore } from '../store';
import { sampleBatch, tempDir } from '../store/test-helpers';
import { newSigningKey } from './checkpoint';
import { startCheckpointTimer } from './checkpoint-timer';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  tmp.cleanup();
});

describe('time-based checkpoints', () => {
  it('signs new events after the configured minutes, and an idle log hourly (heartbeat); the clock is injected', () => {
    const store = AuditStore.open(path.join(tmp.dir, 't.db'), { signer: { key: newSigningKey() } });
    store.log.checkpoints.setMinutes(5);
    let clock = Date.parse(store.log.checkpoints.latest()?.time ?? '');
    const stop = startCheckpointTimer(store, { now: () => clock });
    const reasons = () => store.log.checkpoints.list().map((c) => c.reason);

    store.append(sampleBatch(0, 10));
    clock += 4 * 60_000;
    vi.advanceTimersByTime(60_000);
    expect(reasons()).toEqual(['rotation']); // 4 minutes: not yet
    clock += 60_000;
    vi.advanceTimersByTime(60_000);
    expect(reasons()).toEqual(['rotation', 'time']);
    expect(store.log.checkpoints.latest()?.treeSize).toBe(11);

    clock += 30 * 60_000;
    vi.advanceTimersByTime(60_000);
    expect(reasons()).toEqual(['rotation', 'time']); // idle, but not for an hour
    clock += 31 * 60_000;
    vi.advanceTimersByTime(60_000);
    expect(reasons()).toEqual(['rotation', 'time', 'heartbeat']);
    stop();
    expect(store.verify()).toMatchObject({ ok: true, checkpoints: { total: 3, valid: 3 } });
    store.close();
  });
});
