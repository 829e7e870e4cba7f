import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditStore } from '../store';
import { sampleBatch, tempDir } from '../store/test-helpers';
import { checkCheckpoint, newSigningKey } from './checkpoint';
import { introducedKeys, KEY_ACTION } from './key-events';
import { leafHash, rootOf } from './merkle';
import { consistencyProof, inclusionProof, verifyConsistency, verifyInclusion } from './merkle-proofs';
import { TreeStore } from './tree-store';

let tmp: ReturnType<typeof tempDir>;
let file: string;
beforeEach(() => {
  tmp = tempDir();
  file = path.join(tmp.dir, 'tree.db');
});
afterEach(() => tmp.cleanup());

const leavesOf = (store: AuditStore, size: number) =>
  (store.db.prepare('SELECT hash FROM events WHERE seq <= ? ORDER BY seq').pluck().all(size) as Buffer[]).map(leafHash);

describe('the Merkle tree over the log', () => {
  it('is kept with the events and equals the tree computed from scratch, across reopen', () => {
    let store = AuditStore.open(file);
    for (let i = 0; i < 1500; i += 250) store.append(sampleBatch(i, 250));
    expect(store.log.treeSize).toBe(1500);
    expect(store.log.treeRoot).toEqual(rootOf(leavesOf(store, 1500)));
    store.close();
    store = AuditStore.open(file);
    store.append(sampleBatch(1500, 17));
    expect(store.log.treeRoot).toEqual(rootOf(leavesOf(store, 1517)));
    expect(store.db.prepare('SELECT count(*) FROM merkle_nodes WHERE level = 8').pluck().get()).toBe(5);
    expect(store.db.prepare('SELECT count(*) FROM merkle_nodes WHERE level = 4').pluck().get()).toBe(94);
    store.close();
  });

  it('is backfilled when a version-4 database is upgraded', () => {
    let store = AuditStore.open(file);
    store.append(sampleBatch(0, 700));
    const root = store.log.treeRoot;
    store.db.exec(`DROP TABLE merkle_nodes; DROP TABLE checkpoints; DROP TABLE integrity_meta;
      DROP TABLE archived_events; DROP TABLE archive_segments; DROP TABLE retention_policies;
      DROP TABLE sessions; DROP TABLE known_devices; DROP TABLE users; DROP TABLE roles; DROP TABLE app_settings; DROP TABLE terminals; DROP TABLE stock_snapshots;
      DROP TABLE alerts; DROP TABLE detection_runs; DROP TABLE detection_state; DROP TABLE detection_group_counts; DROP TABLE detection_models; DROP TABLE predictions;
      DROP TABLE forecast_runs; DROP TABLE forecast_results; DROP TABLE forecast_lstm; DROP TABLE forecast_points; PRAGMA user_version = 4;`);
    store.close();
    store = AuditStore.open(file);
    expect(store.log.treeRoot).toEqual(root);
    store.append(sampleBatch(700, 100));
    expect(store.log.treeRoot).toEqual(rootOf(leavesOf(store, 800)));
    store.close();
  });

  it('answers inclusion and consistency proofs from the stored nodes', () => {
    const store = AuditStore.open(file);
    for (let i = 0; i < 2000; i += 500) store.append(sampleBatch(i, 500));
    const tree = new TreeStore(store.db);
    const leaves = leavesOf(store, 2000);
    for (const size of [1, 255, 256, 257, 1024, 1999, 2000]) {
      const root = rootOf(leaves.slice(0, size));
      for (const index of [0, Math.floor(size / 2), size - 1]) {
        expect(verifyInclusion(leaves[index] as Buffer, index, size, inclusionProof(index, size, tree), root)).toBe(true);
      }
      if (size < 2000) expect(verifyConsistency(size, 2000, root, store.log.treeRoot, consistencyProof(size, 2000, tree))).toBe(true);
    }
    store.close();
  });
});

describe('checkpoints', () => {
  it('introduces the key as an event, signs every interval in the same commit, and verifies', () => {
    const key = newSigningKey();
    const seen: number[] = [];
    const store = AuditStore.open(file, { signer: { key, store: 'S001', onCheckpoint: (c) => seen.push(c.treeSize) } });
    store.log.setCheckpointEvery(100);
    for (let i = 0; i < 900; i += 90) store.append(sampleBatch(i, 90));
    const keys = introducedKeys(store.db);
    expect([...keys.keys()]).toEqual([key.fingerprint]);
    expect(store.events.get(1)).toMatchObject({ action: KEY_ACTION, resource_id: key.fingerprint });
    const checkpoints = store.log.checkpoints.list();
    // The key's own checkpoint, then one per crossing of a multiple of 100.
    expect(checkpoints.map((c) => c.reason)).toEqual(['rotation', ...Array(9).fill('interval')]);
    expect(seen).toEqual(checkpoints.map((c) => c.treeSize));
    for (const c of checkpoints) {
      expect(checkCheckpoint(c, new Map([[key.fingerprint, key.publicKey]]))).toEqual({ ok: true });
      expect(c.rootHash).toEqual(rootOf(leavesOf(store, c.treeSize)));
      expect(c.origin).toMatch(/^watchdog\/S001\/[0-9a-f-]{36}$/);
    }
    const report = store.verify();
    expect(report).toMatchObject({ ok: true, checkpoints: { total: 10, valid: 10 }, events: { total: 901, valid: 901 } });
    expect(report.summary).toBe('checkpoints 10/10 valid, events 901/901 valid');
    expect(report.rootHash).toBe(store.log.treeRoot.toString('hex'));
    store.close();
  });

  it('signs on demand, signs unsigned events at open, and records a rotation vouched for by the old key', () => {
    let store = AuditStore.open(file);
    store.append(sampleBatch(0, 50));
    store.close();
    const first = newSigningKey();
    store = AuditStore.open(file, { signer: { key: first } });
    // The key event (seq 51) is signed together with the 50 events from before signing began.
    expect(store.log.checkpoints.latest()).toMatchObject({ treeSize: 51, reason: 'rotation', keyFingerprint: first.fingerprint });
    store.append(sampleBatch(50, 5));
    expect(store.log.checkpoint('demand')).toMatchObject({ treeSize: 56, reason: 'demand' });
    const second = newSigningKey();
    store.rotateKey(second);
    const rotation = store.log.checkpoints.latest();
    expect(rotation).toMatchObject({ treeSize: 57, reason: 'rotation', keyFingerprint: first.fingerprint });
    expect(store.events.get(57)?.details).toMatchObject({ previous_fingerprint: first.fingerprint, change: 'rotation' });
    store.append(sampleBatch(55, 3));
    expect(store.log.checkpoint('heartbeat')).toMatchObject({ treeSize: 60, keyFingerprint: second.fingerprint });
    store.close();
    // Reopened with the same key and nothing unsigned: no new checkpoint.
    store = AuditStore.open(file, { signer: { key: second } });
    expect(store.log.checkpoints.list()).toHaveLength(4);
    expect(store.verify()).toMatchObject({ ok: true, checkpoints: { total: 4, valid: 4 }, keys: [{ introducedAt: 51 }, { introducedAt: 57 }] });
    store.close();
  });

  it('keeps no checkpoint when the commit that would carry it fails', () => {
    const store = AuditStore.open(file, { signer: { key: newSigningKey() } });
    store.log.setCheckpointEvery(100);
    store.append(sampleBatch(0, 98));
    const before = store.log.checkpoints.list().length;
    const bad = sampleBatch(98, 5);
    (bad[4] as { status: string }).status = 'maybe';
    expect(() => store.append(bad)).toThrow();
    expect(store.log.checkpoints.list()).toHaveLength(before);
    store.append(sampleBatch(98, 5));
    expect(store.log.checkpoints.latest()).toMatchObject({ treeSize: 104, reason: 'interval' });
    expect(store.verify().ok).toBe(true);
    store.close();
  });
});
