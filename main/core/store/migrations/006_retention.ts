import type { Migration } from './types';

/**
 * Retention and archives (docs/architecture.md, "Retention and archives").
 * - `retention_policies`: days an event stays in the database, per class (`standard`, `security`) or
 *   per category (a row named after the category wins over its class).
 * - `archive_segments`: one row per archive file, with its signed manifest (first and last seq, count,
 *   the file's SHA-256, the Merkle root of the archived events, the covering checkpoint). Segments
 *   may interleave: a later run archives security events from between an earlier segment's.
 * - `archived_events`: a tombstone per archived event. Its chain hash is the event's Merkle leaf and
 *   the next event's link, so the chain and the tree verify across the gap without the archive.
 * Both archive tables are append-only. The events' DELETE guard is replaced by one that lets an event
 * go only once its tombstone, with the same hash, is in place: the archiver needs no DDL, and the
 * database itself refuses to drop an event that was not archived.
 */
export const migration006: Migration = {
  version: 6,
  name: 'retention',
  up(db) {
    db.exec(`
      CREATE TABLE retention_policies (
        name TEXT    PRIMARY KEY,
        days INTEGER NOT NULL CHECK (days >= 1)
      ) WITHOUT ROWID;
      INSERT INTO retention_policies (name, days) VALUES ('standard', 90), ('security', 365);

      CREATE TABLE archive_segments (
        id              INTEGER PRIMARY KEY,
        file            TEXT    NOT NULL,
        first_seq       INTEGER NOT NULL CHECK (first_seq >= 1),
        last_seq        INTEGER NOT NULL CHECK (last_seq >= first_seq),
        count           INTEGER NOT NULL CHECK (count >= 1),
        file_sha256     TEXT    NOT NULL,
        merkle_root     BLOB    NOT NULL CHECK (length(merkle_root) = 32),
        checkpoint_size INTEGER NOT NULL CHECK (checkpoint_size >= last_seq),
        checkpoint_root BLOB    NOT NULL CHECK (length(checkpoint_root) = 32),
        min_ts_ms       INTEGER NOT NULL,
        max_ts_ms       INTEGER NOT NULL,
        file_bytes      INTEGER NOT NULL,
        json_bytes      INTEGER NOT NULL,
        created_at      TEXT    NOT NULL,
        manifest        TEXT    NOT NULL,
        signature       BLOB    NOT NULL,
        key_fingerprint TEXT    NOT NULL
      );
      CREATE TRIGGER archive_segments_append_only_update BEFORE UPDATE ON archive_segments
      BEGIN SELECT RAISE(ABORT, 'archive segments are append-only: UPDATE refused'); END;
      CREATE TRIGGER archive_segments_append_only_delete BEFORE DELETE ON archive_segments
      BEGIN SELECT RAISE(ABORT, 'archive segments are append-only: DELETE refused'); END;

      CREATE TABLE archived_events (
        seq        INTEGER PRIMARY KEY,
        hash       BLOB    NOT NULL CHECK (length(hash) = 32),
        segment_id INTEGER NOT NULL REFERENCES archive_segments (id)
      );
      -- Per segment, in seq order: the verifier counts each segment's tombstones and reads them beside its file.
      CREATE INDEX archived_events_segment ON archived_events (segment_id, seq);
      CREATE TRIGGER archived_events_append_only_update BEFORE UPDATE ON archived_events
      BEGIN SELECT RAISE(ABORT, 'archived events are append-only: UPDATE refused'); END;
      CREATE TRIGGER archived_events_append_only_delete BEFORE DELETE ON archived_events
      BEGIN SELECT RAISE(ABORT, 'archived events are append-only: DELETE refused'); END;

      DROP TRIGGER IF EXISTS events_append_only_delete;
      CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
      WHEN NOT EXISTS (SELECT 1 FROM archived_events a WHERE a.seq = OLD.seq AND a.hash = OLD.hash)
      BEGIN SELECT RAISE(ABORT, 'audit events are append-only: DELETE refused (only an archived event leaves the table)'); END;
    `);
  },
};
