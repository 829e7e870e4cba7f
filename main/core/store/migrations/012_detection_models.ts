import type { Migration } from './types';

/**
 * The isolation forest's models and its predictions (docs/detection.md, "Event features and the
 * model"). Derived data, not evidence: the chain does not cover them, and both can be rebuilt from
 * the events. A model is kept with what it was trained on and how it did, so any prediction can be
 * traced to the model (and training) behind it.
 *
 * - `detection_models`: one row per trained model. `store_id` null is the shared baseline. `model`
 *   is the model-format serialisation (WDIF, ending in its SHA-256), checked on every load.
 * - `predictions`: one row per scored event, replaced when the event is scored again. `features`
 *   holds the feature row of model findings only, so feedback on them can be learned from later
 *   without replaying the log.
 */
export const migration012: Migration = {
  version: 12,
  name: 'detection_models',
  up(db) {
    db.exec(`
      CREATE TABLE detection_models (
        version    TEXT PRIMARY KEY,
        store_id   TEXT,
        trained_at TEXT NOT NULL,
        trained_on TEXT NOT NULL CHECK (json_valid(trained_on)),
        features   TEXT NOT NULL CHECK (json_valid(features)),
        params     TEXT NOT NULL CHECK (json_valid(params)),
        metrics    TEXT NOT NULL CHECK (json_valid(metrics)),
        model      BLOB NOT NULL
      );
      CREATE INDEX detection_models_store ON detection_models (store_id, trained_at);

      CREATE TABLE predictions (
        seq           INTEGER PRIMARY KEY,
        model_version TEXT    NOT NULL,
        score         REAL    NOT NULL,
        category      TEXT    NOT NULL,
        risk_level    TEXT    NOT NULL CHECK (risk_level IN ('low', 'medium', 'high', 'critical')),
        confidence    REAL    NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
        review        INTEGER NOT NULL CHECK (review IN (0, 1)),
        source        TEXT    NOT NULL CHECK (source IN ('rule', 'model')),
        features      BLOB
      );
      CREATE INDEX predictions_model ON predictions (model_version);
      CREATE INDEX predictions_review ON predictions (seq) WHERE review = 1;
    `);
  },
};
