import type { Observable } from 'rxjs';
import {
  now,
  type BulkWriteRow,
  type EventBulk,
  type PreparedQuery,
  type RxDocumentData,
  type RxJsonSchema,
  type RxStorageBulkWriteResponse,
  type RxStorageChangeEvent,
  type RxStorageCountResult,
  type RxStorageDefaultCheckpoint,
  type RxStorageInstance,
  type RxStorageQueryResult,
} from 'rxdb';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../store/database';
import { joinStream, type ChangeBulk } from './change-streams';
import { DocumentQueries } from './queries';
import { dropTable, type TableShape } from './table';
import { DocumentWriter } from './writes';

export interface SqliteStorageInternals {
  readonly db: Db;
  readonly table: string;
}

/** Nothing to set per collection: the file, its key and its pragmas are the audit store's. */
export type SqliteInstanceOptions = Record<string, never>;

/** At most this many tombstones per cleanup() call, so a purge never holds the write lock for long. */
export const CLEANUP_BATCH = 5_000;

export interface InstanceParams<T> {
  readonly db: Db;
  readonly shape: TableShape;
  readonly databaseName: string;
  readonly collectionName: string;
  readonly schema: RxJsonSchema<RxDocumentData<T>>;
  readonly options: SqliteInstanceOptions;
}

/**
 * One RxDB collection (or RxDB's internal store) in one table of the audit store's SQLite file.
 * Every call runs synchronously on the handed-in connection; the methods return promises because
 * RxDB's interface does.
 */
export class SqliteStorageInstance<T> implements RxStorageInstance<T, SqliteStorageInternals, SqliteInstanceOptions, RxStorageDefaultCheckpoint> {
  readonly databaseName: string;
  readonly collectionName: string;
  readonly schema: Readonly<RxJsonSchema<RxDocumentData<T>>>;
  readonly internals: Readonly<SqliteStorageInternals>;
  readonly options: Readonly<SqliteInstanceOptions>;

  private readonly db: Db;
  private readonly shape: TableShape;
  private readonly writer: DocumentWriter<T>;
  private readonly queries: DocumentQueries<T>;
  private readonly stream: ReturnType<typeof joinStream>;
  private readonly changesAfter: Statement<[number, string, number], string>;
  private readonly changesFromStart: Statement<[number], string>;
  private readonly purge: Statement<[number, number]>;
  private closed = false;

  constructor(params: InstanceParams<T>) {
    this.db = params.db;
    this.shape = params.shape;
    this.databaseName = params.databaseName;
    this.collectionName = params.collectionName;
    this.schema = params.schema;
    this.options = params.options;
    this.internals = { db: params.db, table: params.shape.table };
    const t = `"${this.shape.table}"`;
    this.writer = new DocumentWriter<T>(this.db, this.shape, this);
    this.queries = new DocumentQueries<T>(this.db, this.shape, params.schema);
    this.changesAfter = this.db.prepare(`SELECT data FROM ${t} WHERE (lwt, id) > (?, ?) ORDER BY lwt, id LIMIT ?`).pluck() as Statement<[number, string, number], string>;
    this.changesFromStart = this.db.prepare(`SELECT data FROM ${t} ORDER BY lwt, id LIMIT ?`).pluck() as Statement<[number], string>;
    this.purge = this.db.prepare(`DELETE FROM ${t} WHERE rowid IN (SELECT rowid FROM ${t} WHERE deleted = 1 AND lwt <= ? ORDER BY lwt LIMIT ?)`);
    this.stream = joinStream(this.db, this.shape.table);
  }

  async bulkWrite(rows: BulkWriteRow<T>[], context: string): Promise<RxStorageBulkWriteResponse<T>> {
    this.ensureOpen();
    if (rows.length === 0) return { error: [] };
    const { errors, changes } = this.writer.write(rows, context);
    // After the commit, never before: a subscriber that reads back must find the write.
    if (changes) this.stream.subject.next(changes);
    return { error: errors };
  }

  async findDocumentsById(ids: string[], withDeleted: boolean): Promise<RxDocumentData<T>[]> {
    this.ensureOpen();
    const docs = this.writer.stored(ids) as unknown as RxDocumentData<T>[];
    return withDeleted ? docs : docs.filter((doc) => !doc._deleted);
  }

  async query(preparedQuery: PreparedQuery<T>): Promise<RxStorageQueryResult<T>> {
    this.ensureOpen();
    return { documents: this.queries.query(preparedQuery) };
  }

  async count(preparedQuery: PreparedQuery<T>): Promise<RxStorageCountResult> {
    this.ensureOpen();
    return this.queries.count(preparedQuery);
  }

  /** The SQL a prepared query runs (its index range), for EXPLAIN QUERY PLAN and diagnostics. */
  explain(preparedQuery: PreparedQuery<T>): { sql: string; params: (string | number | null)[] } {
    return this.queries.sqlOf(preparedQuery);
  }

  async getAttachmentData(documentId: string, attachmentId: string, _digest: string): Promise<Blob> {
    throw new Error(`SqliteRxStorage stores no attachments (asked for ${attachmentId} of ${documentId} in ${this.collectionName}).`);
  }

  /** Documents written after the checkpoint, oldest first by (lwt, id), and the checkpoint to continue from. */
  async getChangedDocumentsSince(limit: number, checkpoint?: RxStorageDefaultCheckpoint): Promise<{ documents: RxDocumentData<T>[]; checkpoint: RxStorageDefaultCheckpoint }> {
    this.ensureOpen();
    const rows = checkpoint ? this.changesAfter.all(checkpoint.lwt, checkpoint.id, limit) : this.changesFromStart.all(limit);
    const documents = rows.map((data) => JSON.parse(data) as RxDocumentData<T>);
    const last = documents[documents.length - 1];
    const next = last ? { id: (last as Record<string, unknown>)[this.shape.primaryPath] as string, lwt: last._meta.lwt } : (checkpoint ?? { id: '', lwt: 0 });
    return { documents, checkpoint: next };
  }

  changeStream(): Observable<EventBulk<RxStorageChangeEvent<T>, RxStorageDefaultCheckpoint>> {
    this.ensureOpen();
    return this.stream.subject.asObservable() as Observable<ChangeBulk> as Observable<EventBulk<RxStorageChangeEvent<T>, RxStorageDefaultCheckpoint>>;
  }

  /** Purges tombstones deleted at least `minimumDeletedTime` ms ago; false when more remain for a next call. */
  async cleanup(minimumDeletedTime: number): Promise<boolean> {
    this.ensureOpen();
    const purged = this.purge.run(now() - minimumDeletedTime, CLEANUP_BATCH).changes;
    return purged < CLEANUP_BATCH;
  }

  /** Leaves the table as it is and the connection open: the connection belongs to the audit store. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stream.leave();
  }

  /** Deletes the collection's documents: drops its table and indexes. */
  async remove(): Promise<void> {
    this.ensureOpen();
    dropTable(this.db, this.shape.table);
    await this.close();
  }

  private ensureOpen(): void {
    if (this.closed) throw new Error(`SqliteRxStorage: the storage instance of ${this.databaseName}/${this.collectionName} is closed.`);
  }
}
