import type { Migration } from './types';

/**
 * Registered POS terminals (docs/ingest.md). A terminal authenticates with an Ed25519 key: the
 * terminal holds the private key (shown once, when it is registered); the database keeps only the
 * public key, so a copy of the file lets nobody sign as a terminal. Changes are events in the log
 * (`terminal.register`, `terminal.revoke`); `last_seen_at` and `clock_skew_ms` (the terminal's clock
 * minus ours at its last request) are working state.
 */
export const migration009: Migration = {
  version: 9,
  name: 'terminals',
  up(db) {
    db.exec(`
      CREATE TABLE terminals (
        id            TEXT PRIMARY KEY,
        name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
        store_id      TEXT,
        public_key    BLOB NOT NULL CHECK (length(public_key) = 32),
        created_at    TEXT NOT NULL,
        created_by    TEXT NOT NULL,
        revoked_at    TEXT,
        last_seen_at  TEXT,
        clock_skew_ms INTEGER
      ) WITHOUT ROWID;
    `);
  },
};
