import type { Migration } from './types';

/**
 * The audit log. `seq` is the rowid: gap-free because the single writer assigns head + 1 (a trigger
 * checking max(seq) on every insert doubled the cost of an append; the verifier catches any gap). `ts_ms` is the indexed copy of `ts` (the verifier checks they agree).
 * Hashes are 32-byte BLOBs. Secondary indexes end in ts_ms (and implicitly rowid), so every filtered
 * page is a backwards walk of one index — the keyset cursor (ts_ms, seq) maps onto it directly.
 */
export const migration001: Migration = {
  version: 1,
  name: 'events',
  up(db) {
    db.exec(`
      CREATE TABLE events (
        seq           INTEGER PRIMARY KEY,
        event_id      TEXT    NOT NULL,
        ts            TEXT    NOT NULL,
        ts_ms         INTEGER NOT NULL,
        store_id      TEXT    NOT NULL,
        terminal_id   TEXT,
        user_id       TEXT,
        user_role     TEXT,
        session_id    TEXT,
        action        TEXT    NOT NULL,
        category      TEXT    NOT NULL,
        resource_type TEXT,
        resource_id   TEXT,
        status        TEXT    NOT NULL CHECK (status IN ('success', 'failure')),
        error_details TEXT,
        level         TEXT    NOT NULL CHECK (level IN ('DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL')),
        ip_address    TEXT,
        user_agent    TEXT,
        amount_minor  INTEGER,
        currency      TEXT,
        details       TEXT    NOT NULL,
        received_at   TEXT    NOT NULL,
        prev_hash     BLOB    NOT NULL CHECK (length(prev_hash) = 32),
        hash          BLOB    NOT NULL CHECK (length(hash) = 32)
      );
      CREATE UNIQUE INDEX events_event_id ON events (event_id);
      CREATE INDEX events_ts       ON events (ts_ms);
      CREATE INDEX events_user     ON events (user_id, ts_ms);
      CREATE INDEX events_action   ON events (action, ts_ms);
      CREATE INDEX events_store    ON events (store_id, ts_ms);
      CREATE INDEX events_terminal ON events (terminal_id, ts_ms);

      CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
      BEGIN SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused'); END;
      CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
      BEGIN SELECT RAISE(ABORT, 'audit events are append-only: DELETE refused'); END;

      -- Distinct values for filter pickers, kept by the writer so pickers never scan the log.
      CREATE TABLE event_facets (
        kind  TEXT NOT NULL CHECK (kind IN ('store', 'terminal', 'user', 'action')),
        value TEXT NOT NULL,
        PRIMARY KEY (kind, value)
      ) WITHOUT ROWID;
    `);
  },
};
