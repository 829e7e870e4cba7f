import type { Migration } from './types';

/**
 * Detection's output (docs/detection.md, "Rules, alerts and cases"). `alerts`: one row per finding,
 * its id stable for the same finding (`rule:refund_rate:S001:u-104`), so detection run again updates
 * the row and keeps what people decided (`status`, `case_id`). JSON columns hold short arrays
 * (users, terminals, at most 200 evidence seqs, the explanation's sentences). `severity_rank`
 * (0 low … 3 critical) sorts the list most severe first.
 *
 * `detection_runs`: one row per run, for the last run's figures. `detection_state`: the watermark
 * (the last seq a completed run looked at) and similar single values. `detection_group_counts`:
 * events per role and per store up to the watermark, the denominators of the fairness check, kept
 * by each run from its new events so the check never scans the log.
 */
export const migration011: Migration = {
  version: 11,
  name: 'alerts',
  up(db) {
    db.exec(`
      CREATE TABLE alerts (
        id             TEXT    PRIMARY KEY,
        source         TEXT    NOT NULL CHECK (source IN ('rule', 'model')),
        rule           TEXT    NOT NULL,
        title          TEXT    NOT NULL,
        severity       TEXT    NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
        severity_rank  INTEGER NOT NULL CHECK (severity_rank BETWEEN 0 AND 3),
        score          REAL    NOT NULL,
        store_id       TEXT    NOT NULL,
        users          TEXT    NOT NULL DEFAULT '[]',
        terminals      TEXT    NOT NULL DEFAULT '[]',
        evidence       TEXT    NOT NULL DEFAULT '[]',
        evidence_count INTEGER NOT NULL,
        explanation    TEXT    NOT NULL DEFAULT '[]',
        from_ts        TEXT    NOT NULL,
        to_ts          TEXT    NOT NULL,
        detected_at    TEXT    NOT NULL,
        updated_at     TEXT    NOT NULL,
        model_version  TEXT,
        status         TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'case', 'resolved', 'false_positive')),
        case_id        TEXT
      );
      CREATE INDEX alerts_status_rank ON alerts (status, severity_rank, to_ts);
      CREATE INDEX alerts_rank        ON alerts (severity_rank, to_ts);
      CREATE INDEX alerts_store       ON alerts (store_id, status);
      CREATE INDEX alerts_rule        ON alerts (rule, status);
      CREATE INDEX alerts_source      ON alerts (source, status);
      CREATE INDEX alerts_case        ON alerts (case_id) WHERE case_id IS NOT NULL;

      CREATE TABLE detection_runs (
        id             INTEGER PRIMARY KEY,
        started_at     TEXT    NOT NULL,
        finished_at    TEXT,
        state          TEXT    NOT NULL CHECK (state IN ('running', 'completed', 'failed')),
        after_seq      INTEGER NOT NULL,
        to_seq         INTEGER NOT NULL,
        done           INTEGER NOT NULL DEFAULT 0,
        total          INTEGER NOT NULL DEFAULT 0,
        alerts_raised  INTEGER NOT NULL DEFAULT 0,
        alerts_updated INTEGER NOT NULL DEFAULT 0,
        model_version  TEXT,
        failure        TEXT,
        elapsed_ms     INTEGER NOT NULL DEFAULT 0
      );

      CREATE TABLE detection_state (
        key   TEXT    PRIMARY KEY,
        value INTEGER NOT NULL
      ) WITHOUT ROWID;
      INSERT INTO detection_state (key, value) VALUES ('watermark', 0);

      CREATE TABLE detection_group_counts (
        grouping TEXT    NOT NULL CHECK (grouping IN ('role', 'store')),
        grp      TEXT    NOT NULL,
        events   INTEGER NOT NULL,
        PRIMARY KEY (grouping, grp)
      ) WITHOUT ROWID;
    `);
  },
};
