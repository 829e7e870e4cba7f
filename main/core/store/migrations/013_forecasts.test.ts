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
  migrate(db, MIGRATIONS.slice(0, 12));
});
afterEach(() => {
  db.close();
  tmp.cleanup();
});

describe('migration 013', () => {
  it('adds the forecast tables on top of a version-12 file', () => {
    migrate(db, MIGRATIONS.slice(0, 13));
    expect(schemaVersion(db)).toBe(13);
    const names = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all();
    expect(names).toEqual(expect.arrayContaining(['forecast_runs', 'forecast_results', 'forecast_lstm', 'forecast_points']));
  });

  it('keeps one result per store, series and horizon, and refuses a point dated on or before its origin', () => {
    migrate(db, MIGRATIONS.slice(0, 13));
    const result = db.prepare(`INSERT INTO forecast_results (store_id, series_key, horizon, data_version, origin, trained_at, model, description, forecast, models, selection)
      VALUES ('S001', 'sku:A', 30, 'v1', '2026-01-31', '2026-02-01T00:00:00.000Z', 'ets', 'ETS(A,N,A)', '{}', '[]', ?)`);
    result.run('mase');
    expect(() => result.run('mase')).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => db.prepare("UPDATE forecast_results SET selection = 'mape'").run()).toThrow(/CHECK/);
    const point = db.prepare("INSERT INTO forecast_points (store_id, series_key, origin, date, mean, run_id) VALUES ('S001', 'sku:A', '2026-01-31', ?, 1.5, 1)");
    point.run('2026-02-01');
    expect(() => point.run('2026-01-31')).toThrow(/CHECK/);
  });
});
