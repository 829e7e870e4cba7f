import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../migrate';
import { openDatabase } from '../database';
import { tempDir } from '../test-helpers';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '.';

let tmp: ReturnType<typeof tempDir>;
let file: string;
beforeEach(() => {
  tmp = tempDir();
  file = path.join(tmp.dir, 'm.db');
});
afterEach(() => tmp.cleanup());

/** What migration 006 adds, removed to turn a file back into an older version. */
const DROP_006 = 'DROP TABLE archived_events; DROP TABLE archive_segments; DROP TABLE retention_policies;';
/** What migrations 010, 009 and 008 (accounts) add. */
const DROP_010 = 'DROP TABLE stock_snapshots;';
/** What migration 011 (alerts) adds. */
const DROP_011 = 'DROP TABLE alerts; DROP TABLE detection_runs; DROP TABLE detection_state; DROP TABLE detection_group_counts;';
/** What migration 012 (detection models) adds. */
const DROP_012 = 'DROP TABLE detection_models; DROP TABLE predictions;';
/** What migration 013 (forecasts) adds. */
const DROP_013 = 'DROP TABLE forecast_runs; DROP TABLE forecast_results; DROP TABLE forecast_lstm; DROP TABLE forecast_points;';
const DROP_009 = 'DROP TABLE terminals;';
const DROP_008 = 'DROP TABLE sessions; DROP TABLE known_devices; DROP TABLE users; DROP TABLE roles; DROP TABLE app_settings;';

const tables = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_schema WHERE type IN ('table','trigger','index') ORDER BY name").pluck().all() as string[]);

describe('migrations', () => {
  it('are numbered 1..n with no gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(MIGRATIONS.length).toBeGreaterThanOrEqual(11);
  });

  it('001 creates the append-only events table with its indexes and triggers', () => {
    const db = new Database(file);
    migrate(db, MIGRATIONS.slice(0, 1));
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).toEqual(expect.arrayContaining([
      'events', 'event_facets', 'events_event_id', 'events_ts', 'events_user', 'events_action', 'events_store', 'events_terminal',
      'events_append_only_update', 'events_append_only_delete',
    ]));
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT seq FROM events WHERE user_id = 'u' ORDER BY ts_ms DESC LIMIT 5").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX events_user/);
    db.close();
  });

  it('002 adds sales history on top of 001 without touching events', () => {
    const db = new Database(file);
    migrate(db, MIGRATIONS.slice(0, 1));
    db.prepare("INSERT INTO event_facets VALUES ('store', 'S001')").run();
    migrate(db, MIGRATIONS.slice(0, 2));
    expect(schemaVersion(db)).toBe(2);
    expect(tables(db)).toEqual(expect.arrayContaining(['skus', 'sales_daily', 'sales_daily_date']));
    expect(db.prepare('SELECT count(*) FROM event_facets').pluck().get()).toBe(1);
    expect(() => db.prepare("INSERT INTO sales_daily VALUES ('S001', 'A', 'not-a-date', 1, 1)").run()).toThrow(/CHECK/);
    db.close();
  });

  it('runs each step once: reopening a current database changes nothing', () => {
    openDatabase(file).close();
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    db.close();
  });

  it('refuses a database from the future with a clear message and leaves it untouched', () => {
    const db = new Database(file);
    db.pragma(`user_version = ${MIGRATIONS.length + 5}`);
    db.close();
    expect(() => openDatabase(file)).toThrow(/newer Watchdog \(schema \d+; this version knows up to \d+\)/);
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length + 5);
    check.close();
  });

  it('rolls a failing step back to the last good version', () => {
    const db = new Database(file);
    const broken = [...MIGRATIONS.slice(0, 1), { version: 2, name: 'broken', up: (d: Database.Database) => { d.exec('CREATE TABLE half (x)'); throw new Error('boom'); } }];
    expect(() => migrate(db, broken)).toThrow('boom');
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).not.toContain('half');
    db.close();
  });

  it('turns a file that is not a database into a clear error', async () => {
    const fs = await import('node:fs');
    fs.writeFileSync(file, 'this is not sqlite'.repeat(100));
    expect(() => openDatabase(file)).toThrow(/Cannot (open|use) .* (Watchdog database|not a database)/);
  });
});

describe('migration 003', () => {
  it('adds partial failure indexes that the planner uses for failure filters', () => {
    const db = new Database(file);
    migrate(db, MIGRATIONS.slice(0, 2));
    migrate(db, MIGRATIONS.slice(0, 3));
    expect(schemaVersion(db)).toBe(3);
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((p) => p.detail).join(' ');
    expect(plan("SELECT seq FROM events WHERE status = 'failure' ORDER BY ts_ms DESC LIMIT 10")).toMatch(/INDEX events_failures/);
    expect(plan("SELECT seq FROM events WHERE status = 'failure' AND user_id = 'u' ORDER BY ts_ms DESC LIMIT 10")).toMatch(/INDEX events_user_failures/);
    db.close();
  });
});

describe('migration 004', () => {
  it('backfills hourly counts from the events of a version-3 database', async () => {
    const { AuditStore } = await import('..');
    const { sampleBatch } = await import('../test-helpers');
    let store = AuditStore.open(file);
    store.append(sampleBatch(0, 150));
    const kept = store.db.prepare('SELECT hour_ms, n FROM event_counts_hourly ORDER BY hour_ms').all();
    // Turn the file back into what version 3 left behind, then let the upgrade rebuild the counts.
    store.db.exec(`DROP TABLE event_counts_hourly; DROP TABLE merkle_nodes; DROP TABLE checkpoints; DROP TABLE integrity_meta;
      ${DROP_006} ${DROP_008} ${DROP_009} ${DROP_010} ${DROP_011} ${DROP_012} ${DROP_013} PRAGMA user_version = 3;`);
    store.close();
    store = AuditStore.open(file);
    expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(store.db.prepare('SELECT hour_ms, n FROM event_counts_hourly ORDER BY hour_ms').all()).toEqual(kept);
    expect(kept).toEqual([
      { hour_ms: Date.UTC(2026, 0, 5, 9), n: 60 },
      { hour_ms: Date.UTC(2026, 0, 5, 10), n: 60 },
      { hour_ms: Date.UTC(2026, 0, 5, 11), n: 30 },
    ]);
    store.close();
  });
});

describe('migration 006', () => {
  it('adds retention policies, archive segments and tombstones; an event may leave the table only behind its tombstone', async () => {
    const { AuditStore } = await import('..');
    const { sampleBatch } = await import('../test-helpers');
    const store = AuditStore.open(file);
    store.append(sampleBatch(0, 3));
    const db = store.db;
    expect(db.prepare('SELECT name, days FROM retention_policies ORDER BY name').all()).toEqual([
      { name: 'security', days: 365 },
      { name: 'standard', days: 90 },
    ]);
    expect(() => db.prepare("INSERT INTO retention_policies VALUES ('pos', 0)").run()).toThrow(/CHECK/);
    expect(() => db.prepare('DELETE FROM events WHERE seq = 1').run()).toThrow(/append-only: DELETE refused/);
    const hash = db.prepare('SELECT hash FROM events WHERE seq = 1').pluck().get() as Buffer;
    const segment = db.prepare(`INSERT INTO archive_segments (file, first_seq, last_seq, count, file_sha256, merkle_root, checkpoint_size,
      checkpoint_root, min_ts_ms, max_ts_ms, file_bytes, json_bytes, created_at, manifest, signature, key_fingerprint)
      VALUES ('f', 1, 1, 1, 'x', zeroblob(32), 3, zeroblob(32), 0, 0, 1, 1, 't', '{}', x'00', 'k')`).run().lastInsertRowid;
    // A tombstone with another hash does not let the event go; the right one does.
    db.prepare('INSERT INTO archived_events (seq, hash, segment_id) VALUES (2, ?, ?)').run(hash, segment);
    expect(() => db.prepare('DELETE FROM events WHERE seq = 2').run()).toThrow(/append-only: DELETE refused/);
    db.prepare('INSERT INTO archived_events (seq, hash, segment_id) VALUES (1, ?, ?)').run(hash, segment);
    expect(db.prepare('DELETE FROM events WHERE seq = 1').run().changes).toBe(1);
    for (const [table, key] of [['archived_events', 'seq'], ['archive_segments', 'id']]) {
      expect(() => db.prepare(`DELETE FROM ${table}`).run()).toThrow(/append-only: DELETE refused/);
      expect(() => db.prepare(`UPDATE ${table} SET ${key} = ${key}`).run()).toThrow(/append-only: UPDATE refused/);
    }
    expect(() => db.prepare('INSERT INTO archived_events (seq, hash, segment_id) VALUES (9, ?, 99)').run(hash)).toThrow(/FOREIGN KEY/);
    store.close();
  });
});

describe('migration 007', () => {
  /** A version-6 file: the tree's nodes from level 8 only, in a table whose CHECK allows no lower. */
  async function versionSixFile(events: number) {
    const { AuditStore } = await import('..');
    const { sampleBatch } = await import('../test-helpers');
    const store = AuditStore.open(file);
    for (let i = 0; i < events; i += 500) store.append(sampleBatch(i, Math.min(500, events - i)));
    const nodes = store.db.prepare('SELECT level, idx, hash FROM merkle_nodes ORDER BY level, idx').all() as { level: number }[];
    store.db.exec(`CREATE TABLE old_nodes (level INTEGER NOT NULL CHECK (level >= 8), idx INTEGER NOT NULL, hash BLOB NOT NULL,
        PRIMARY KEY (level, idx)) WITHOUT ROWID;
      INSERT INTO old_nodes SELECT * FROM merkle_nodes WHERE level >= 8;
      DROP TABLE merkle_nodes; ALTER TABLE old_nodes RENAME TO merkle_nodes; ${DROP_008} ${DROP_009} ${DROP_010} ${DROP_011} ${DROP_012} ${DROP_013} PRAGMA user_version = 6;`);
    store.close();
    return nodes;
  }

  it('stores the tree from level 4, backfilled from a version-6 file exactly as the writer stores it', async () => {
    const nodes = await versionSixFile(1300);
    expect(nodes.filter((n) => n.level === 4)).toHaveLength(81);
    const { AuditStore } = await import('..');
    const store = AuditStore.open(file);
    expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(store.db.prepare('SELECT level, idx, hash FROM merkle_nodes ORDER BY level, idx').all()).toEqual(nodes);
    expect(() => store.db.prepare('INSERT INTO merkle_nodes VALUES (3, 0, zeroblob(32))').run()).toThrow(/CHECK/);
    expect(() => store.db.prepare('DELETE FROM merkle_nodes WHERE level = 4').run()).toThrow(/append-only: DELETE refused/);
    store.close();
  });

  it('leaves a version-6 file provable without migrating it (the verifier and prove open files read-only)', async () => {
    await versionSixFile(700);
    const { TreeStore } = await import('../../integrity/tree-store');
    const { inclusionProof, verifyInclusion } = await import('../../integrity/merkle-proofs');
    const { leafHash, rootOf } = await import('../../integrity/merkle');
    const db = openDatabase(file, { readonly: true, create: false, migrate: false });
    expect(schemaVersion(db)).toBe(6);
    const leaves = (db.prepare('SELECT hash FROM events ORDER BY seq').pluck().all() as Buffer[]).map(leafHash);
    const tree = new TreeStore(db);
    for (const index of [0, 255, 300, 699]) {
      expect(verifyInclusion(leaves[index] as Buffer, index, 700, inclusionProof(index, 700, tree), rootOf(leaves))).toBe(true);
    }
    db.close();
  });
});

describe('migration 010', () => {
  it('adds stock snapshots on top of 009 without touching sales: one count per store, SKU and day, never below zero', () => {
    const db = new Database(file);
    migrate(db, MIGRATIONS.slice(0, 9));
    db.prepare("INSERT INTO sales_daily VALUES ('S001', 'SKU-1', '2026-03-01', 4, 1000)").run();
    migrate(db, MIGRATIONS.slice(0, 10));
    expect(schemaVersion(db)).toBe(10);
    expect(tables(db)).toEqual(expect.arrayContaining(['stock_snapshots', 'stock_snapshots_date']));
    expect(db.prepare('SELECT count(*) FROM sales_daily').pluck().get()).toBe(1);
    const insert = db.prepare('INSERT INTO stock_snapshots (store_id, sku, date, on_hand) VALUES (?, ?, ?, ?)');
    insert.run('S001', 'SKU-1', '2026-03-01', 12);
    insert.run('S001', 'SKU-1', '2026-03-02', 0);
    expect(() => insert.run('S001', 'SKU-1', '2026-03-01', 11)).toThrow(/UNIQUE constraint failed/);
    expect(() => insert.run('S001', 'SKU-1', '2026-03-03', -3)).toThrow(/CHECK constraint failed/);
    expect(() => insert.run('S001', 'SKU-1', '3 March', 1)).toThrow(/CHECK constraint failed/);
    expect(db.prepare('SELECT date, on_hand FROM stock_snapshots ORDER BY date').all()).toEqual([
      { date: '2026-03-01', on_hand: 12 },
      { date: '2026-03-02', on_hand: 0 },
    ]);
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT sku FROM stock_snapshots WHERE date >= '2026-03-02'").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/INDEX stock_snapshots_date/);
    db.close();
  });
});
