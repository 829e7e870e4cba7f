import type { NormalizedEvent } from '../../../shared/events';
import { AuditLog, type AppendResult, type ReceivedAt } from './audit-log';
import { openDatabase, refreshStatistics, type Db, type OpenOptions } from './database';
import { rekey } from './encryption';
import { EventQueries } from './event-queries';
import { schemaVersion } from './migrate';
import { SalesHistory } from './sales-history';
import { verifyAll, verifyChain } from './verify-chain';

/** The audit database: one writer (`log`), indexed reads (`events`), sales history, and the verifier. */
export class AuditStore {
  readonly log: AuditLog;
  readonly events: EventQueries;
  readonly sales: SalesHistory;

  private constructor(
    readonly db: Db,
    readonly path: string,
  ) {
    this.log = new AuditLog(db);
    this.events = new EventQueries(db);
    this.sales = new SalesHistory(db);
  }

  static open(path: string, options: OpenOptions = {}): AuditStore {
    return new AuditStore(openDatabase(path, options), path);
  }

  append(events: readonly NormalizedEvent[], receivedAt?: ReceivedAt): AppendResult {
    return this.log.append(events, receivedAt);
  }

  verify() {
    return verifyAll(this.db);
  }

  verifySteps() {
    return verifyChain(this.db);
  }

  /** Re-encrypts the whole file under a new 32-byte key (a plain file becomes encrypted). */
  rekey(key: Buffer): void {
    rekey(this.db, key);
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
