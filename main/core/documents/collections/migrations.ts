import type { MigrationStrategies } from 'rxdb';
import type { CollectionName } from './open';

/**
 * Each collection's migration strategies: version N's function turns a version N-1 document into a
 * version N one. All collections are at version 0, so the maps are empty. To change a schema:
 * bump its `version`, add `N: (doc) => newDoc` here (return null to drop the document), and keep the
 * old strategies. RxDB's migration plugin (`rxdb/plugins/migration-schema`) runs them when the
 * collection opens; the storage copies the documents into the new version's table and drops the old
 * one (docs/documents.md). The new `updatedAt` and `updatedBy` stay those of the last human change.
 */
export const migrationStrategies: Record<CollectionName, MigrationStrategies> = {
  settings: {},
  savedViews: {},
  cases: {},
  notes: {},
  reportSchedules: {},
  alertRules: {},
  integrations: {},
};
