import { randomUUID } from 'node:crypto';
import { leafHash, MerkleFrontier } from '../../integrity/merkle';
import type { Migration } from './types';

/** Interior nodes from this level up were stored (one row per 256 events); migration 007 lowered it to 4. */
const STORED_LEVEL = 8;

/**
 * The Merkle tree over the log and its signed checkpoints (docs/verification.md).
 * - `merkle_nodes`: complete aligned subtree roots at level ≥ 8 over the events' chain hashes (leaf i
 *   is event seq i + 1). Derived from the events, kept so that proofs cost O(log n) reads.
 * - `checkpoints`: signed tree heads. Append-only, like the events.
 * - `integrity_meta`: the device id (part of the checkpoint origin) and the checkpoint interval the
 *   verifier holds the log to.
 * The tree is backfilled here from the events already stored.
 */
export const migration005: Migration = {
  version: 5,
  name: 'integrity',
  up(db) {
    db.exec(`
      CREATE TABLE merkle_nodes (
        level INTEGER NOT NULL CHECK (level >= ${STORED_LEVEL}),
        idx   INTEGER NOT NULL CHECK (idx >= 0),
        hash  BLOB    NOT NULL CHECK (length(hash) = 32),
        PRIMARY KEY (level, idx)
      ) WITHOUT ROWID;
      CREATE TRIGGER merkle_nodes_append_only_update BEFORE UPDATE ON merkle_nodes
      BEGIN SELECT RAISE(ABORT, 'Merkle nodes are append-only: UPDATE refused'); END;
      CREATE TRIGGER merkle_nodes_append_only_delete BEFORE DELETE ON merkle_nodes
      BEGIN SELECT RAISE(ABORT, 'Merkle nodes are append-only: DELETE refused'); END;

      CREATE TABLE checkpoints (
        id              INTEGER PRIMARY KEY,
        origin          TEXT    NOT NULL,
        tree_size       INTEGER NOT NULL CHECK (tree_size >= 0),
        root_hash       BLOB    NOT NULL CHECK (length(root_hash) = 32),
        time            TEXT    NOT NULL,
        key_fingerprint TEXT    NOT NULL,
        signature       BLOB    NOT NULL,
        reason          TEXT    NOT NULL CHECK (reason IN ('interval', 'time', 'demand', 'heartbeat', 'rotation', 'open'))
      );
      CREATE INDEX checkpoints_size ON checkpoints (tree_size);
      CREATE TRIGGER checkpoints_append_only_update BEFORE UPDATE ON checkpoints
      BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only: UPDATE refused'); END;
      CREATE TRIGGER checkpoints_append_only_delete BEFORE DELETE ON checkpoints
      BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only: DELETE refused'); END;

      CREATE TABLE integrity_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID;
    `);
    const meta = db.prepare('INSERT INTO integrity_meta (key, value) VALUES (?, ?)');
    meta.run('device_id', randomUUID());
    meta.run('checkpoint_every', '10000');

    const insert = db.prepare('INSERT INTO merkle_nodes (level, idx, hash) VALUES (?, ?, ?)');
    const tree = new MerkleFrontier();
    const page = db.prepare('SELECT hash FROM events WHERE seq > ? ORDER BY seq LIMIT 65536').pluck();
    for (let hashes = page.all(0) as Buffer[]; hashes.length; hashes = page.all(tree.size) as Buffer[]) {
      for (const hash of hashes) {
        tree.append(leafHash(hash), (level, idx, node) => {
          if (level >= STORED_LEVEL) insert.run(level, idx, node);
        });
      }
    }
  },
};
