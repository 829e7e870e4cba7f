export { getSqliteRxStorage, STORAGE_NAME, type SqliteRxStorage, type SqliteRxStorageSettings } from './storage';
export { SqliteStorageInstance, CLEANUP_BATCH, type SqliteInstanceOptions, type SqliteStorageInternals } from './instance';
