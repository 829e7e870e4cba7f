import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../migrate';
import { tempDir } from '../test-helpers';
import { MIGRATIONS } from '.';

let tmp: ReturnType<typeof tempDir>;
let db: Database.Database;
beforeEach(() => {
  tmp = tempDir();
  db = new Database(path.join(tmp.dir, 'm.db'));
  migrate(db, MIGRATIONS.slice(0, 10));
});
afterEach(() => {
  db.close();
  tmp.cleanup();
});

const insert = (id: string, status = 'open') =>
  db.prepare(`INSERT INTO alerts (id, source, rule, title, severity, severity_rank, score, store_id, evidence_count, from_ts, to_ts, detected_at, updated_at, status)
    VALUES (?, 'rule', 'brute_force', 't', 'high', 2, 0.5, 'S001', 1, 'a', 'b', 'c', 'c', ?)`).run(id, status);

describe('migration 011', () => {
  it('adds the alerts, runs, watermark and group counts on top of a version-10 file', () => {
    migrate(db, MIGRATIONS.slice(0, 11));
    expect(schemaVersion(db)).toBe(11);
    const names = db.prepare("SELECT name FROM sqlite_schema WHERE type IN ('table', 'index')").pluck().all();
    expect(names).toEqual(expect.arrayContaining(['alerts', 'alerts_status_rank', 'alerts_case', 'detection_runs', 'detection_state', 'detection_group_counts']));
    expect(db.prepare("SELECT value FROM detection_state WHERE key = 'watermark'").pluck().get()).toBe(0);
  });

  it('checks status, severity and source, and keeps one row per alert id', () => {
    migrate(db, MIGRATIONS.slice(0, 11));
    insert('rule:brute_force:S001-T03:x');
    expect(() => insert('rule:brute_force:S001-T03:x')).toThrow(/UNIQUE/);
    expect(() => insert('other', 'dismissed')).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE alerts SET severity = 'urgent'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE alerts SET source = 'human'").run()).toThrow(/CHECK/);
  });

  it('lists active alerts, most severe first, through its index', () => {
    migrate(db, MIGRATIONS.slice(0, 11));
    const plan = (db.prepare("EXPLAIN QUERY PLAN SELECT id FROM alerts WHERE status IN ('open', 'case') ORDER BY severity_rank DESC, to_ts DESC LIMIT 100").all() as { detail: string }[])
      .map((p) => p.detail)
      .join(' ');
    expect(plan).toMatch(/INDEX alerts_(status_rank|rank)/);
  });
});
