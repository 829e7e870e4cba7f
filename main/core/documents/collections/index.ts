export * from './schemas';
export { migrationStrategies } from './migrations';
export { openDocuments, schemas, COLLECTION_NAMES, type CollectionName, type Documents, type OpenDocumentsOptions, type WatchdogCollections, type WatchdogDatabase } from './open';
export { actorName, describeWriteError, insertAs, patchAs, removeAs, stamp, stampOf, upsertAs, type InsertResult, type Unstamped } from './write';
