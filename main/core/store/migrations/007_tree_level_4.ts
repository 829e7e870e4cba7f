import { HexFrontier } from '../../integrity/hex-frontier';
import type { Migration } from './types';

/** The lowest level of `merkle_nodes` from this migration on (it was 8). */
export const TREE_NODES_FROM_LEVEL = 4;

/**
 * Stores the Merkle tree's nodes from level 4 up instead of 8 (one row per 16 events rather than per
 * 256; about 8 % more rows than events / 8). An inclusion proof then rehashes at most 15 leaves instead
 * of 255, and reads their chain hashes from one or two pages instead of the 16 or more that 256 wide
 * event rows span: at a million events that was most of a proof's time (docs/architecture.md,
 * "Performance"). The table is rebuilt for its CHECK, and levels 4–7 are backfilled from the chain
 * hashes of the events and of the tombstones of archived ones.
 */
export const migration007: Migration = {
  version: 7,
  name: 'tree-level-4',
  up(db) {
    db.exec(`
      CREATE TABLE merkle_nodes_v7 (
        level INTEGER NOT NULL CHECK (level >= ${TREE_NODES_FROM_LEVEL}),
        idx   INTEGER NOT NULL CHECK (idx >= 0),
        hash  BLOB    NOT NULL CHECK (length(hash) = 32),
        PRIMARY KEY (level, idx)
      ) WITHOUT ROWID;
      INSERT INTO merkle_nodes_v7 (level, idx, hash) SELECT level, idx, hash FROM merkle_nodes;
      DROP TABLE merkle_nodes;
      ALTER TABLE merkle_nodes_v7 RENAME TO merkle_nodes;
      CREATE TRIGGER merkle_nodes_append_only_update BEFORE UPDATE ON merkle_nodes
      BEGIN SELECT RAISE(ABORT, 'Merkle nodes are append-only: UPDATE refused'); END;
      CREATE TRIGGER merkle_nodes_append_only_delete BEFORE DELETE ON merkle_nodes
      BEGIN SELECT RAISE(ABORT, 'Merkle nodes are append-only: DELETE refused'); END;
    `);
    const insert = db.prepare('INSERT INTO merkle_nodes (level, idx, hash) VALUES (?, ?, unhex(?))');
    const page = db.prepare(`SELECT lower(hex(hash)) FROM (SELECT seq, hash FROM events WHERE seq > @after
        UNION ALL SELECT seq, hash FROM archived_events WHERE seq > @after) ORDER BY seq LIMIT 65536`).pluck();
    const tree = HexFrontier.empty();
    for (let hashes = page.all({ after: 0 }) as string[]; hashes.length; hashes = page.all({ after: tree.size }) as string[]) {
      for (const hash of hashes) {
        tree.append(hash, (level, idx, node) => {
          if (level >= TREE_NODES_FROM_LEVEL && level < 8) insert.run(level, idx, node);
        });
      }
    }
  },
};
