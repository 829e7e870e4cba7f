import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditStore } from '../../store';
import { normalized, sampleEvent, tempDir } from '../../store/test-helpers';
import { featureEventsBySeq, firstSeqFrom, firstTimeAfter, headSeq, readFeatureEvents } from './feature-event';

let tmp: ReturnType<typeof tempDir>;
let store: AuditStore;
beforeEach(() => {
  tmp = tempDir();
  store = AuditStore.open(path.join(tmp.dir, 'f.db'));
  store.append(normalized(Array.from({ length: 23 }, (_, i) => sampleEvent(i))));
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

describe('reading events for features', () => {
  it('reads the events after a seq in seq order, a page at a time, with the columns features need', () => {
    const pages = [...readFeatureEvents(store.db, 3, 20, 5)];
    expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 2]);
    const events = pages.flat();
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 17 }, (_, i) => i + 4));
    const tenth = events.find((e) => e.seq === 10)!; // sampleEvent(9): a failure
    expect(tenth).toMatchObject({ storeId: 'S002', userId: 'u-101', action: 'cash.drawer_open', category: 'cash', failed: true, amountMinor: 109, currency: 'USD' });
    expect(tenth.tsMs).toBe(Date.parse(sampleEvent(9).ts as string));
  });

  it('finds the head, events by seq, and seqs by time', () => {
    expect(headSeq(store.db)).toBe(23);
    expect([...featureEventsBySeq(store.db, [2, 5, 99]).keys()].sort()).toEqual([2, 5]);
    expect(firstTimeAfter(store.db, 22)).toBe(Date.parse(sampleEvent(22).ts as string));
    expect(firstTimeAfter(store.db, 23)).toBeNull();
    expect(firstSeqFrom(store.db, Date.parse(sampleEvent(7).ts as string))).toBe(8);
  });
});
