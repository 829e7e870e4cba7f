import type { Statement } from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../api/errors';
import type { Db } from '../store/database';
import type { Checkpoint } from './checkpoint';

export type CheckpointReason = 'interval' | 'time' | 'demand' | 'heartbeat' | 'rotation' | 'open';

export interface StoredCheckpoint extends Checkpoint {
  id: number;
  reason: CheckpointReason;
}

/** A checkpoint as JSON text: what the vault keeps outside the file and what `prove` prints. */
export interface CheckpointJson {
  origin: string;
  treeSize: number;
  rootHash: string;
  time: string;
  keyFingerprint: string;
  signature: string;
}

interface CheckpointRow {
  id: number;
  origin: string;
  tree_size: number;
  root_hash: Buffer;
  time: string;
  key_fingerprint: string;
  signature: Buffer;
  reason: CheckpointReason;
}

/** Default number of events between checkpoints; the verifier reads the value the log was kept with. */
export const DEFAULT_CHECKPOINT_EVERY = 10_000;
export const DEFAULT_CHECKPOINT_MINUTES = 15;

/** The signed tree heads of the log, oldest first, and the settings the verifier holds them to. */
export class CheckpointStore {
  private readonly insertRow: Statement;
  private readonly latestRow: Statement;

  constructor(private readonly db: Db) {
    this.insertRow = db.prepare(
      'INSERT INTO checkpoints (origin, tree_size, root_hash, time, key_fingerprint, signature, reason) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.latestRow = db.prepare('SELECT * FROM checkpoints ORDER BY id DESC LIMIT 1');
  }

  list(): StoredCheckpoint[] {
    return (this.db.prepare('SELECT * FROM checkpoints ORDER BY id').all() as CheckpointRow[]).map(fromRow);
  }

  latest(): StoredCheckpoint | null {
    const row = this.latestRow.get() as CheckpointRow | undefined;
    return row ? fromRow(row) : null;
  }

  /** The most recent checkpoint whose tree holds event `seq` (what an inclusion proof is made against). */
  latestCovering(seq: number): StoredCheckpoint | null {
    const row = this.db.prepare('SELECT * FROM checkpoints WHERE tree_size >= ? ORDER BY id DESC LIMIT 1').get(seq) as CheckpointRow | undefined;
    return row ? fromRow(row) : null;
  }

  insert(c: Checkpoint, reason: CheckpointReason): StoredCheckpoint {
    const id = Number(this.insertRow.run(c.origin, c.treeSize, c.rootHash, c.time, c.keyFingerprint, c.signature, reason).lastInsertRowid);
    return { ...c, id, reason };
  }

  meta(key: 'device_id' | 'checkpoint_every' | 'checkpoint_minutes'): string | null {
    return (this.db.prepare('SELECT value FROM integrity_meta WHERE key = ?').pluck().get(key) as string | undefined) ?? null;
  }

  /** Events between checkpoints (settings); the verifier flags a longer unsigned stretch as a missing checkpoint. */
  get every(): number {
    const value = Number(this.meta('checkpoint_every') ?? DEFAULT_CHECKPOINT_EVERY);
    return Number.isSafeInteger(value) && value > 0 ? value : DEFAULT_CHECKPOINT_EVERY;
  }

  setEvery(events: number): void {
    if (!Number.isSafeInteger(events) || events < 100 || events > 1_000_000) {
      throw new AppError('BAD_INPUT', 'Checkpoints are written every 100 to 1,000,000 events.');
    }
    this.db.prepare("UPDATE integrity_meta SET value = ? WHERE key = 'checkpoint_every'").run(String(events));
  }

  /** Minutes between time-based checkpoints while events arrive (settings; default 15). */
  get minutes(): number {
    const value = Number(this.meta('checkpoint_minutes') ?? DEFAULT_CHECKPOINT_MINUTES);
    return Number.isSafeInteger(value) && value > 0 ? value : DEFAULT_CHECKPOINT_MINUTES;
  }

  setMinutes(minutes: number): void {
    if (!Number.isSafeInteger(minutes) || minutes < 1 || minutes > 1440) {
      throw new AppError('BAD_INPUT', 'Time-based checkpoints are written every 1 to 1,440 minutes.');
    }
    this.db.prepare("INSERT INTO integrity_meta (key, value) VALUES ('checkpoint_minutes', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(String(minutes));
  }

  /** `watchdog/<store>/<device>`: which log a checkpoint speaks for. */
  origin(store = 'store'): string {
    return `watchdog/${store}/${this.meta('device_id') ?? 'unknown-device'}`;
  }
}

function fromRow(row: CheckpointRow): StoredCheckpoint {
  return {
    id: row.id,
    origin: row.origin,
    treeSize: row.tree_size,
    rootHash: row.root_hash,
    time: row.time,
    keyFingerprint: row.key_fingerprint,
    signature: row.signature,
    reason: row.reason,
  };
}

export function checkpointToJson(c: Checkpoint): CheckpointJson {
  return {
    origin: c.origin,
    treeSize: c.treeSize,
    rootHash: c.rootHash.toString('hex'),
    time: c.time,
    keyFingerprint: c.keyFingerprint,
    signature: c.signature.toString('base64'),
  };
}

export function checkpointFromJson(json: CheckpointJson): Checkpoint {
  const rootHash = Buffer.from(String(json.rootHash), 'hex');
  if (rootHash.length !== 32 || !Number.isSafeInteger(json.treeSize)) throw new AppError('BAD_INPUT', 'Not a Watchdog checkpoint.');
  return {
    origin: String(json.origin),
    treeSize: json.treeSize,
    rootHash,
    time: String(json.time),
    keyFingerprint: String(json.keyFingerprint),
    signature: Buffer.from(String(json.signature), 'base64'),
  };
}
