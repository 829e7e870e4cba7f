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
  migrate(db, MIGRATIONS.slice(0, 11));
});
afterEach(() => {
  db.close();
  tmp.cleanup();
});

const model = (version: string, storeId: string | null) =>
  db.prepare(`INSERT INTO detection_models (version, store_id, trained_at, trained_on, features, params, metrics, model)
    VALUES (?, ?, '2026-01-01T00:00:00.000Z', '{}', '[]', '{}', '{}', x'00')`).run(version, storeId);
const prediction = (seq: number, riskLevel: string, source: string, confidence = 0.9) =>
  db.prepare(`INSERT INTO predictions (seq, model_version, score, category, risk_level, confidence, review, source)
    VALUES (?, 'baseline:v1', 0.5, 'pos', ?, ?, 0, ?)`).run(seq, riskLevel, confidence, source);

describe('migration 012', () => {
  it('adds detection_models and predictions on top of a version-11 file', () => {
    migrate(db, MIGRATIONS.slice(0, 12));
    expect(schemaVersion(db)).toBe(12);
    const names = db.prepare("SELECT name FROM sqlite_schema WHERE type IN ('table', 'index')").pluck().all();
    expect(names).toEqual(expect.arrayContaining(['detection_models', 'detection_models_store', 'predictions', 'predictions_model', 'predictions_review']));
  });

  it('keeps one model per version, the baseline with no store', () => {
    migrate(db, MIGRATIONS.slice(0, 12));
    model('baseline:v1', null);
    model('store:S001:v1', 'S001');
    expect(() => model('baseline:v1', null)).toThrow(/UNIQUE/);
    expect(() => db.prepare("UPDATE detection_models SET metrics = 'not json'").run()).toThrow(/CHECK/);
    expect(db.prepare('SELECT version FROM detection_models WHERE store_id IS NULL').pluck().all()).toEqual(['baseline:v1']);
  });

  it('checks risk level, source and confidence of a prediction', () => {
    migrate(db, MIGRATIONS.slice(0, 12));
    prediction(1, 'high', 'model');
    expect(() => prediction(2, 'urgent', 'model')).toThrow(/CHECK/);
    expect(() => prediction(3, 'low', 'human')).toThrow(/CHECK/);
    expect(() => prediction(4, 'low', 'rule', 1.5)).toThrow(/CHECK/);
    expect(() => prediction(1, 'low', 'rule')).toThrow(/UNIQUE|PRIMARY KEY/);
  });
});
