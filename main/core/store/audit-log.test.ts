import { createHash } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditStore } from '.';
import { canonicalBytes, chainHash, GENESIS_HASH } from './canonical';
import { prepareEvents } from './prepared';
import { normalized, sampleBatch, sampleEvent, tempDir } from './test-helpers';

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

let tmp: ReturnType<typeof tempDir>;
let file: string;
let store: AuditStore;
beforeEach(() => {
  tmp = tempDir();
  file = path.join(tmp.dir, 'audit.db');
  store = AuditStore.open(file);
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

describe('AuditLog.append', () => {
  it('assigns gap-free seqs from 1 and chains each hash to the previous one', () => {
    const first = store.append(sampleBatch(0, 3));
    const second = store.append(sampleBatch(3, 2));
    expect(first).toMatchObject({ accepted: 3, firstSeq: 1, lastSeq: 3, duplicates: [] });
    expect(second).toMatchObject({ accepted: 2, firstSeq: 4, lastSeq: 5 });
    const rows = store.db.prepare('SELECT seq, prev_hash, hash FROM events ORDER BY seq').all() as { seq: number; prev_hash: Buffer; hash: Buffer }[];
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0]?.prev_hash.equals(GENESIS_HASH)).toBe(true);
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prev_hash.equals(rows[i - 1]!.hash)).toBe(true);
  });

  it('hashes exactly the documented canonical form', () => {
    store.append(sampleBatch(0, 1));
    const e = store.events.get(1);
    const fields = { ...e, details: store.db.prepare('SELECT details FROM events WHERE seq = 1').pluck().get() as string };
    const bytes = canonicalBytes(fields, fields.seq, fields.details, fields.received_at, GENESIS_HASH);
    const content = sha256Hex(JSON.stringify([
      'wd2', e.event_id, e.ts, e.store_id, e.terminal_id, e.user_id, e.user_role, e.session_id, e.action, e.category,
      e.resource_type, e.resource_id, e.status, e.error_details, e.level, e.ip_address, e.user_agent, e.amount_minor,
      e.currency, fields.details,
    ]));
    expect(bytes).toBe(JSON.stringify(['wd2', 1, content, e.received_at, '0'.repeat(64)]));
    expect(sha256Hex(bytes)).toBe(e.hash);
    expect(chainHash(fields, GENESIS_HASH).toString('hex')).toBe(e.hash);
    // details are canonical JSON: keys sorted, no whitespace
    expect(fields.details).toBe('{"items":[{"qty":1,"sku":"SKU-1001"}],"note":"Manager override"}');
  });

  it('acknowledges a known event_id instead of storing it twice, in later batches and within one', () => {
    const batch = sampleBatch(0, 3);
    store.append(batch);
    const again = store.append([...batch.slice(1), ...sampleBatch(3, 1), sampleBatch(3, 1)[0]!]);
    expect(again.accepted).toBe(1);
    expect(again.duplicates).toHaveLength(3);
    expect(again).toMatchObject({ firstSeq: 4, lastSeq: 4 });
    expect(store.events.summary().events).toBe(4);
    expect(store.verify().ok).toBe(true);
  });

  it('answers an all-duplicate batch with no seqs and leaves the chain head alone', () => {
    const batch = sampleBatch(0, 2);
    store.append(batch);
    const head = store.log.chainHead;
    expect(store.append(batch)).toEqual({ accepted: 0, duplicates: batch.map((e) => e.event_id), firstSeq: null, lastSeq: null });
    expect(store.log.chainHead).toEqual(head);
  });

  it('refuses a batch over 1,000 events and writes nothing', () => {
    expect(() => store.append(sampleBatch(0, 1001))).toThrow(/at most 1000/);
    expect(store.events.summary().events).toBe(0);
  });

  it('is all-or-nothing: a failure mid-batch leaves no event of it and the chain still verifies', () => {
    store.append(sampleBatch(0, 2));
    const bad = sampleBatch(2, 3);
    // Bypass validation to force SQLite to refuse the third row (CHECK on status).
    (bad[2] as { status: string }).status = 'maybe';
    expect(() => store.append(bad)).toThrow(/CHECK/);
    expect(store.events.summary().events).toBe(2);
    const next = store.append(sampleBatch(10, 1));
    expect(next.firstSeq).toBe(3);
    expect(store.verify()).toMatchObject({ ok: true, events: { total: 3, valid: 3 } });
  });

  it('group commit: one transaction for many batches, and a batch that fails there takes only itself back', () => {
    const bad = sampleBatch(10, 3);
    (bad[1] as { status: string }).status = 'maybe';
    const newUser = sampleBatch(20, 1).map((e) => ({ ...e, user_id: 'u-only-in-the-bad-batch' }));
    const outcomes = store.log.appendGroup([prepareEvents(sampleBatch(0, 2)), prepareEvents([...newUser, ...bad]), prepareEvents(sampleBatch(5, 2))]);
    expect(outcomes[0]).toMatchObject({ accepted: 2, firstSeq: 1, lastSeq: 2 });
    expect(outcomes[1]).toBeInstanceOf(Error);
    expect((outcomes[1] as Error).message).toMatch(/CHECK/);
    expect(outcomes[2]).toMatchObject({ accepted: 2, firstSeq: 3, lastSeq: 4 });
    expect(store.verify()).toMatchObject({ ok: true, events: { total: 4, valid: 4 } });
    // Nothing of the failed batch survives: not its rows, not its facets, not its hourly counts.
    expect(store.events.facets().users).not.toContain('u-only-in-the-bad-batch');
    expect(store.db.prepare('SELECT sum(n) FROM event_counts_hourly').pluck().get()).toBe(4);
    expect(store.append(sampleBatch(30, 1)).firstSeq).toBe(5);
  });

  it('refuses UPDATE and DELETE through triggers', () => {
    store.append(sampleBatch(0, 2));
    expect(() => store.db.prepare("UPDATE events SET details = '{}' WHERE seq = 1").run()).toThrow(/append-only: UPDATE refused/);
    expect(() => store.db.prepare('DELETE FROM events WHERE seq = 1').run()).toThrow(/append-only: DELETE refused/);
  });

  it('continues the chain after the database is closed and reopened', () => {
    store.append(sampleBatch(0, 5));
    store.close();
    store = AuditStore.open(file);
    expect(store.append(sampleBatch(5, 1)).firstSeq).toBe(6);
    expect(store.verify()).toMatchObject({ ok: true, events: { total: 6, valid: 6 } });
  });

  it('keeps the facets for filter pickers without scanning the log', () => {
    store.append(sampleBatch(0, 8));
    expect(store.events.facets()).toEqual({
      stores: ['S001', 'S002'],
      terminals: ['T00', 'T01', 'T02'],
      users: ['u-100', 'u-101', 'u-102', 'u-103'],
      actions: ['auth.login', 'cash.drawer_open', 'pos.refund', 'pos.sale', 'pos.void'],
    });
  });

  it('records the receipt time separately from the event time', () => {
    const received = new Date('2026-03-01T12:00:00.000Z');
    store.append(normalized([sampleEvent(1)]), received);
    expect(store.events.get(1)).toMatchObject({ received_at: '2026-03-01T12:00:00.000Z', ts: sampleEvent(1).ts });
  });
});

describe('verify', () => {
  beforeEach(() => {
    store.append(sampleBatch(0, 50));
    store.close();
  });

  /** Tamper the way an attacker with the file would: the sqlite3 shell, triggers dropped. */
  function tamper(sql: string) {
    const raw = new Database(file);
    raw.exec('DROP TRIGGER events_append_only_update; DROP TRIGGER events_append_only_delete;');
    raw.exec(sql);
    raw.close();
    store = AuditStore.open(file);
    return store.verify();
  }

  it('passes an untouched log and reports its head', () => {
    store = AuditStore.open(file);
    expect(store.verify()).toMatchObject({ ok: true, events: { total: 50, valid: 50 }, firstBadSeq: null });
  });

  it('names the seq whose details were edited', () => {
    expect(tamper(`UPDATE events SET details = json_set(details, '$.note', 'edited') WHERE seq = 17`)).toMatchObject({ ok: false, firstBadSeq: 17, reason: 'hash_mismatch', events: { total: 50, valid: 0 } });
  });

  it('names the seq whose amount was edited', () => {
    expect(tamper('UPDATE events SET amount_minor = 1 WHERE seq = 30')).toMatchObject({ ok: false, firstBadSeq: 30, reason: 'hash_mismatch' });
  });

  it('finds a deleted row as a missing seq', () => {
    expect(tamper('DELETE FROM events WHERE seq = 20')).toMatchObject({ ok: false, firstBadSeq: 20, reason: 'missing_seq' });
  });

  it('finds a row re-hashed by the attacker through the broken link to it', () => {
    // Recomputing a row's own hash still breaks the next row's prev_hash.
    const result = tamper(`UPDATE events SET hash = randomblob(32) WHERE seq = 12`);
    expect(result).toMatchObject({ ok: false, firstBadSeq: 12, reason: 'hash_mismatch' });
  });

  it('finds an index time that disagrees with the event time', () => {
    expect(tamper('UPDATE events SET ts_ms = ts_ms + 1 WHERE seq = 5')).toMatchObject({ ok: false, firstBadSeq: 5, reason: 'timestamp_mismatch' });
  });

  it('finds swapped rows', () => {
    const result = tamper(`
      CREATE TEMP TABLE a AS SELECT * FROM events WHERE seq = 8;
      CREATE TEMP TABLE b AS SELECT * FROM events WHERE seq = 9;
      DELETE FROM events WHERE seq IN (8, 9);
      INSERT INTO events SELECT 8, event_id, ts, ts_ms, store_id, terminal_id, user_id, user_role, session_id, action, category, resource_type, resource_id, status, error_details, level, ip_address, user_agent, amount_minor, currency, details, received_at, prev_hash, hash FROM b;
      INSERT INTO events SELECT 9, event_id, ts, ts_ms, store_id, terminal_id, user_id, user_role, session_id, action, category, resource_type, resource_id, status, error_details, level, ip_address, user_agent, amount_minor, currency, details, received_at, prev_hash, hash FROM a;`);
    expect(result).toMatchObject({ ok: false, firstBadSeq: 8, reason: 'reordered' });
  });
});
