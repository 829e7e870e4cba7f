import type { NormalizedEvent } from '../../../shared/events';
import { AuditLog, type AppendResult, type LogSigner, type ReceivedAt } from './audit-log';
import type { SigningKey } from '../integrity/checkpoint';
import { introducedKeys, keyEvent, type KeyChange } from '../integrity/key-events';
import { AppError } from '../api/errors';
import { openDatabase, refreshStatistics, type Db, type OpenOptions } from './database';
import { rekeyTarget, replaceWithCopy, writeEncryptedCopy } from './encryption';
import { EventQueries } from './event-queries';
import { schemaVersion } from './migrate';
import { SalesHistory, StockHistory } from './sales-history';
import type { Checkpoint } from '../integrity/checkpoint';
import { verifyLogSteps, verifyLogSync, type VerifyOptions } from '../integrity/verify/verify-log';
import { archiveExpired, type ArchiveOptions, type ArchiveResult } from '../retention/archive';

/** The audit database: one writer (`log`), indexed reads (`events`), sales and stock history, and the verifier. */
export class AuditStore {
  readonly log: AuditLog;
  readonly events: EventQueries;
  readonly sales: SalesHistory;
  readonly stock: StockHistory;
  private signer: LogSigner | null = null;

  private constructor(
    readonly db: Db,
    readonly path: string,
    /** The database key, for the verifier's own read-only connections. */
    readonly key: Buffer | undefined,
  ) {
    this.log = new AuditLog(db);
    this.events = new EventQueries(db);
    this.sales = new SalesHistory(db);
    this.stock = new StockHistory(db);
  }

  /**
   * With a `signer` the store signs checkpoints: a key the log has not seen yet is first recorded as an
   * event, and any events not yet covered by a checkpoint are signed at once (reason `open`).
   */
  static open(path: string, options: OpenOptions & { signer?: LogSigner } = {}): AuditStore {
    const store = new AuditStore(openDatabase(path, options), path, options.key);
    if (options.signer) {
      try {
        store.useSigner(options.signer);
      } catch (error) {
        store.close();
        throw error;
      }
    }
    return store;
  }

  /** The store id this log's own events (key changes, settings) and its checkpoint origin carry. */
  get storeId(): string {
    return this.signer?.store ?? 'store';
  }

  /** Starts signing with this key; a new key is introduced by an event first. */
  useSigner(signer: LogSigner): void {
    this.signer = signer;
    const previous = this.log.signingKey;
    const known = introducedKeys(this.db);
    if (!known.has(signer.key.fingerprint)) {
      const lastKey = [...known.entries()].sort((a, b) => b[1].seq - a[1].seq)[0]?.[0] ?? null;
      const change: KeyChange = lastKey === null ? 'first_key' : previous ? 'rotation' : 'recovery';
      this.log.append([keyEvent(signer.key, lastKey, change, this.storeId)]);
      // The outgoing key vouches for its successor when it is at hand (a rotation); after a recovery it is not.
      this.log.useSigner(signer);
      this.log.checkpoint('rotation', previous ?? signer.key);
      return;
    }
    this.log.useSigner(signer);
    const latest = this.log.checkpoints.latest();
    if (!latest || latest.treeSize < this.log.treeSize) this.log.checkpoint('open');
  }

  /** A new signing key: recorded as an event, vouched for by the current key, then used. */
  rotateKey(key: SigningKey): void {
    if (!this.signer) throw new AppError('UNAVAILABLE', 'This store was opened without a signing key, so it cannot rotate one.');
    this.useSigner({ ...this.signer, key });
  }

  append(events: readonly NormalizedEvent[], receivedAt?: ReceivedAt): AppendResult {
    return this.log.append(events, receivedAt);
  }

  /** The whole log: chain, Merkle tree, checkpoints (and, given the vault's latest checkpoint, rollback). */
  verify(expected?: Checkpoint | null) {
    return verifyLogSync(this.db, { expected });
  }

  /** The same, yielding between chunks with progress and cancel (and reading archives, given `archiveDir`); hosts verify a file with workers instead. */
  verifySteps(options: VerifyOptions = {}) {
    return verifyLogSteps(this.db, options);
  }

  /**
   * Moves expired events (retention policies) into signed, compressed archive segments in `dir`,
   * leaving tombstones so the chain and the tree still verify (main/core/retention/archive.ts).
   */
  archive(options: ArchiveOptions): Promise<ArchiveResult> {
    return archiveExpired(this, options);
  }

  /**
   * Re-encrypts a closed database file under a new 32-byte key (a plain file becomes encrypted): an
   * encrypted copy is written beside it and renamed over it, so a crash leaves the old file or the new.
   */
  static rekeyFile(file: string, oldKey: Buffer | undefined, newKey: Buffer): void {
    const db = openDatabase(file, { key: oldKey, migrate: false, create: false });
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
      writeEncryptedCopy(db, rekeyTarget(file), newKey);
    } finally {
      db.close();
    }
    replaceWithCopy(rekeyTarget(file), file);
  }

  /** After bulk loads: lets the planner see the new shape of the data. */
  refreshStatistics(): void {
    refreshStatistics(this.db);
  }

  get schemaVersion(): number {
    return schemaVersion(this.db);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

export type { AppendResult } from './audit-log';
