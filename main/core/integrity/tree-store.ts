import type { Statement } from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../api/errors';
import type { Db } from '../store/database';
import { schemaVersion } from '../store/migrate';
import { TREE_NODES_FROM_LEVEL } from '../store/migrations/007_tree_level_4';
import { hasTombstones } from '../store/tombstones';
import { HexFrontier } from './hex-frontier';
import { frontierNodes, MerkleFrontier, type NodeSource } from './merkle';

/** The level from which the writer stores the tree's nodes (files before migration 007 have them from 8). */
export const STORED_LEVEL = TREE_NODES_FROM_LEVEL;

/**
 * The Merkle tree of the log as stored: complete subtrees from level 4 up are rows of `merkle_nodes`;
 * anything lower is rehashed from at most 16 events' chain hashes (leaf i is event seq i + 1).
 * An inclusion proof at a million events reads ~16 stored nodes and one run of ≤ 16 hashes.
 * A file opened without migrating (the verifier, `prove`) may predate 007: its nodes start at level 8.
 */
export class TreeStore implements NodeSource {
  private readonly getNode: Statement;
  private readonly getLeaves: Statement;
  private readonly storedLevel: number;

  constructor(private readonly db: Db) {
    this.storedLevel = schemaVersion(db) >= 7 ? STORED_LEVEL : 8;
    this.getNode = db.prepare('SELECT hash FROM merkle_nodes WHERE level = ? AND idx = ?').pluck();
    // Archived events leave their chain hash behind as a tombstone: the leaves run through both tables.
    this.getLeaves = hasTombstones(db)
      ? db.prepare(`SELECT lower(hex(hash)) FROM (SELECT seq, hash FROM events WHERE seq > @from AND seq <= @to
          UNION ALL SELECT seq, hash FROM archived_events WHERE seq > @from AND seq <= @to) ORDER BY seq`).pluck()
      : db.prepare('SELECT lower(hex(hash)) FROM events WHERE seq > @from AND seq <= @to ORDER BY seq').pluck();
  }

  node(level: number, index: number): Buffer {
    if (level >= this.storedLevel) {
      const hash = this.getNode.get(level, index) as Buffer | undefined;
      if (!hash) throw new AppError('UNAVAILABLE', `The Merkle tree has no node at level ${level}, index ${index}: the tree store is incomplete.`);
      return hash;
    }
    const width = 2 ** level;
    const start = index * width;
    const hashes = this.getLeaves.all({ from: start, to: start + width }) as string[];
    if (hashes.length !== width) {
      throw new AppError('UNAVAILABLE', `Events ${start + 1}–${start + width} are not all in the database (found ${hashes.length}).`);
    }
    // Hex in, hex out (HexFrontier): a third of the cost of Buffer hashing. A complete subtree is one root.
    const tree = HexFrontier.empty();
    for (const h of hashes) tree.append(h);
    return Buffer.from(tree.roots[0] as string, 'hex');
  }

  /** The frontier of the first `size` leaves, as the writer needs it to go on appending. */
  frontier(size: number): MerkleFrontier {
    return new MerkleFrontier(size, frontierNodes(size).map(({ level, index }) => this.node(level, index)));
  }

  /** Stores the nodes a frontier completes that are high enough to keep (call inside the writer's transaction). */
  storeNodes(): (level: number, index: number, hashHex: string) => void {
    const insert = this.db.prepare('INSERT INTO merkle_nodes (level, idx, hash) VALUES (?, ?, unhex(?))');
    const from = this.storedLevel;
    return (level, index, hashHex) => {
      if (level >= from) insert.run(level, index, hashHex);
    };
  }
}
