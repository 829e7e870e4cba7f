import type { Statement } from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../api/errors';
import type { Db } from '../store/database';
import { STORED_LEVEL } from '../store/migrations/005_integrity';
import { hasTombstones } from '../store/tombstones';
import { frontierNodes, leafHash, MerkleFrontier, nodeHash, type NodeSource } from './merkle';

/**
 * The Merkle tree of the log as stored: complete subtrees from level 8 up are rows of `merkle_nodes`;
 * anything lower is rehashed from at most 256 events' chain hashes (leaf i is event seq i + 1).
 * An inclusion proof at a million events reads ~12 stored nodes and one run of ≤ 256 hashes.
 */
export class TreeStore implements NodeSource {
  private readonly getNode: Statement;
  private readonly getLeaves: Statement;

  constructor(private readonly db: Db) {
    this.getNode = db.prepare('SELECT hash FROM merkle_nodes WHERE level = ? AND idx = ?').pluck();
    // Archived events leave their chain hash behind as a tombstone: the leaves run through both tables.
    this.getLeaves = hasTombstones(db)
      ? db.prepare(`SELECT hash FROM (SELECT seq, hash FROM events WHERE seq > @from AND seq <= @to
          UNION ALL SELECT seq, hash FROM archived_events WHERE seq > @from AND seq <= @to) ORDER BY seq`).pluck()
      : db.prepare('SELECT hash FROM events WHERE seq > @from AND seq <= @to ORDER BY seq').pluck();
  }

  node(level: number, index: number): Buffer {
    if (level >= STORED_LEVEL) {
      const hash = this.getNode.get(level, index) as Buffer | undefined;
      if (!hash) throw new AppError('UNAVAILABLE', `The Merkle tree has no node at level ${level}, index ${index}: the tree store is incomplete.`);
      return hash;
    }
    const width = 2 ** level;
    const start = index * width;
    const hashes = this.getLeaves.all({ from: start, to: start + width }) as Buffer[];
    if (hashes.length !== width) {
      throw new AppError('UNAVAILABLE', `Events ${start + 1}–${start + width} are not all in the database (found ${hashes.length}).`);
    }
    let layer = hashes.map(leafHash);
    while (layer.length > 1) {
      const next: Buffer[] = [];
      for (let i = 0; i < layer.length; i += 2) next.push(nodeHash(layer[i] as Buffer, layer[i + 1] as Buffer));
      layer = next;
    }
    return layer[0] as Buffer;
  }

  /** The frontier of the first `size` leaves, as the writer needs it to go on appending. */
  frontier(size: number): MerkleFrontier {
    return new MerkleFrontier(size, frontierNodes(size).map(({ level, index }) => this.node(level, index)));
  }

  /** Stores the nodes a frontier completes that are high enough to keep (call inside the writer's transaction). */
  storeNodes(): (level: number, index: number, hashHex: string) => void {
    const insert = this.db.prepare('INSERT INTO merkle_nodes (level, idx, hash) VALUES (?, ?, unhex(?))');
    return (level, index, hashHex) => {
      if (level >= STORED_LEVEL) insert.run(level, index, hashHex);
    };
  }
}
