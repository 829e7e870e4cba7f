import { addRxPlugin, createRxDatabase, type MigrationStrategies, type RxCollection, type RxDatabase, type RxJsonSchema } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import type { AuditStore } from '../../store';
import { getSqliteRxStorage } from '../storage';
import { migrationStrategies } from './migrations';
import {
  alertRuleSchema,
  caseSchema,
  integrationSchema,
  noteSchema,
  reportScheduleSchema,
  savedViewSchema,
  settingSchema,
  type AlertRuleDoc,
  type CaseDoc,
  type IntegrationDoc,
  type NoteDoc,
  type ReportScheduleDoc,
  type SavedViewDoc,
  type SettingDoc,
} from './schemas';

export interface WatchdogCollections {
  settings: RxCollection<SettingDoc>;
  savedViews: RxCollection<SavedViewDoc>;
  cases: RxCollection<CaseDoc>;
  notes: RxCollection<NoteDoc>;
  reportSchedules: RxCollection<ReportScheduleDoc>;
  alertRules: RxCollection<AlertRuleDoc>;
  integrations: RxCollection<IntegrationDoc>;
}

export type CollectionName = keyof WatchdogCollections;
export type WatchdogDatabase = RxDatabase<WatchdogCollections>;

type DocOf<K extends CollectionName> = WatchdogCollections[K] extends RxCollection<infer T> ? T : never;

export const schemas: { [K in CollectionName]: RxJsonSchema<DocOf<K>> } = {
  settings: settingSchema,
  savedViews: savedViewSchema,
  cases: caseSchema,
  notes: noteSchema,
  reportSchedules: reportScheduleSchema,
  alertRules: alertRuleSchema,
  integrations: integrationSchema,
};

export const COLLECTION_NAMES = Object.keys(schemas) as CollectionName[];

export interface OpenDocumentsOptions {
  /** The RxDatabase's name, which prefixes its tables (`rx_<name>__…`). Default `watchdog`. */
  name?: string;
  /** Replace a collection's schema or strategies (tests of a version bump; later, a feature flag). */
  overrides?: Partial<{ [K in CollectionName]: { schema?: RxJsonSchema<DocOf<K>>; migrationStrategies?: MigrationStrategies } }>;
}

export interface Documents extends WatchdogCollections {
  database: WatchdogDatabase;
  /** Closes the RxDatabase. The SQLite connection stays open: it belongs to the audit store. */
  close(): Promise<void>;
}

/**
 * Opens Watchdog's editable documents in the audit store's SQLite file: every collection, schema
 * checked by ajv before a write reaches the table. Pending schema migrations run inside
 * `addCollections` (RxDB's `autoMigrate`, on by default), so this resolves with migrated collections.
 */
export async function openDocuments(store: AuditStore, options: OpenDocumentsOptions = {}): Promise<Documents> {
  addRxPlugin(RxDBMigrationSchemaPlugin);
  const database = await createRxDatabase<WatchdogCollections>({
    name: options.name ?? 'watchdog',
    storage: wrappedValidateAjvStorage({ storage: getSqliteRxStorage({ db: store.db }) }),
    // SQLite tells no other process of a commit: each process has its own live queries (docs/documents.md).
    multiInstance: false,
  });
  try {
    const creators = Object.fromEntries(
      COLLECTION_NAMES.map((name) => {
        const override = options.overrides?.[name];
        return [name, { schema: override?.schema ?? schemas[name], migrationStrategies: override?.migrationStrategies ?? migrationStrategies[name] }];
      }),
    );
    const collections = (await database.addCollections(creators)) as unknown as WatchdogCollections;
    return { ...collections, database, close: async () => void (await database.close()) };
  } catch (error) {
    await database.close();
    throw error;
  }
}
