import { ensureRxStorageInstanceParamsAreCorrect, RXDB_VERSION, type RxDocumentData, type RxJsonSchema, type RxStorage, type RxStorageInstanceCreationParams } from 'rxdb';
import type { Db } from '../store/database';
import { SqliteStorageInstance, type SqliteInstanceOptions, type SqliteStorageInternals } from './instance';
import { describeTable, ensureTable, tableName } from './table';

export const STORAGE_NAME = 'watchdog-sqlite';

export interface SqliteRxStorageSettings {
  /** The audit store's open connection (`AuditStore.db`): the same file, key and pragmas. */
  readonly db: Db;
}

export type SqliteRxStorage = RxStorage<SqliteStorageInternals, SqliteInstanceOptions>;

/**
 * Watchdog's persistent RxStorage: each collection a table in the audit store's SQLite file. Pass it
 * to `createRxDatabase({ storage, multiInstance: false, ... })`, wrapped in `wrappedValidateAjvStorage`
 * so documents are checked against their JSON schema before they reach the table.
 */
export function getSqliteRxStorage(settings: SqliteRxStorageSettings): SqliteRxStorage {
  const { db } = settings;
  // A plain object, not a class: RxDB's storage wrappers copy the storage with Object.assign.
  return {
    name: STORAGE_NAME,
    rxdbVersion: RXDB_VERSION,
    async createStorageInstance<T>(params: RxStorageInstanceCreationParams<T, SqliteInstanceOptions>) {
      ensureRxStorageInstanceParamsAreCorrect(params);
      if (params.schema.attachments) {
        throw new Error(
          `SqliteRxStorage stores no attachments, and the schema of ${params.collectionName} declares them: keep files outside RxDB and store their path or digest in the document.`,
        );
      }
      if (db.readonly) throw new Error(`SqliteRxStorage needs a writable connection; ${db.name} is open read-only.`);
      const table = tableName(params.databaseName, params.collectionName, params.schema.version);
      const shape = describeTable(table, params.schema as RxJsonSchema<RxDocumentData<unknown>>);
      ensureTable(db, shape);
      return new SqliteStorageInstance<T>({
        db,
        shape,
        databaseName: params.databaseName,
        collectionName: params.collectionName,
        schema: params.schema,
        options: params.options ?? {},
      });
    },
  };
}
