import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addRxPlugin, type RxCollection, type RxJsonSchema } from 'rxdb';
import { RxDBDevModePlugin, disableWarnings } from 'rxdb/plugins/dev-mode';
import type { Actor } from '../../accounts/audit-events';
import { AuditStore } from '../../store';
import { tempDir } from '../../store/test-helpers';
import { migrationStrategies } from './migrations';
import { COLLECTION_NAMES, openDocuments, schemas, type Documents } from './open';
import { alertRuleSchema, SEVERITIES, type AlertRuleDoc } from './schemas';
import { insertAs } from './write';

beforeAll(() => {
  disableWarnings();
  addRxPlugin(RxDBDevModePlugin);
});

const KEY = Buffer.alloc(32, 5);
const alice: Actor = { userName: 'alice', role: 'admin', sessionId: 'sess-1', source: 'electron' };
const T1 = new Date('2026-03-01T08:00:00.000Z');

let tmp: ReturnType<typeof tempDir>;
let store: AuditStore;
let docs: Documents | null;

beforeEach(() => {
  tmp = tempDir('watchdog-collections-migration-');
  store = AuditStore.open(path.join(tmp.dir, 'watchdog.db'), { key: KEY });
  docs = null;
});
afterEach(async () => {
  await docs?.close();
  store.close();
  tmp.cleanup();
});

/** Version 1 of alertRules as a future change might make it: a required severity, old rules get 'medium'. */
type AlertRuleV1 = AlertRuleDoc & { severity: (typeof SEVERITIES)[number] };
const alertRuleV1 = {
  ...alertRuleSchema,
  version: 1,
  properties: { ...alertRuleSchema.properties, severity: { type: 'string', enum: [...SEVERITIES], maxLength: 20 } },
  required: [...(alertRuleSchema.required as string[]), 'severity'],
  indexes: [...(alertRuleSchema.indexes ?? []), ['severity', 'updatedAt']],
} as RxJsonSchema<AlertRuleV1>;

describe('migration strategies', () => {
  it('has a strategy map for every collection, one strategy per version', () => {
    expect(Object.keys(migrationStrategies).sort()).toEqual([...COLLECTION_NAMES].sort());
    for (const name of COLLECTION_NAMES) {
      expect(Object.keys(migrationStrategies[name]), name).toHaveLength(schemas[name].version);
    }
  });

  it('migrates existing alert rules to a version 1 schema on the SQLite storage', async () => {
    const first = await openDocuments(store);
    docs = first;
    await insertAs(
      first.alertRules,
      alice,
      [
        { id: 'ar1', kind: 'void-rate', name: 'Voids per hour', enabled: true, thresholds: { perHour: 5 } },
        { id: 'ar2', kind: 'refund', name: 'Refunds', enabled: false, thresholds: { perDay: 3, amountMinor: 50_000 } },
        { id: 'ar3', kind: 'obsolete', name: 'Dropped by the migration', enabled: false, thresholds: {} },
      ],
      T1,
    );
    docs = null;
    await first.close();

    const table = (version: number) =>
      store.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE ?").pluck().all(`rx_watchdog__alertrules__v${version}_%`);
    expect(table(0)).toHaveLength(1);

    const migrated = await openDocuments(store, {
      overrides: {
        alertRules: {
          schema: alertRuleV1 as unknown as RxJsonSchema<AlertRuleDoc>,
          migrationStrategies: {
            1: (old: AlertRuleDoc): AlertRuleV1 | null =>
              old.kind === 'obsolete' ? null : { ...old, severity: old.kind === 'refund' ? 'high' : 'medium' },
          },
        },
      },
    });
    docs = migrated;
    const alertRules = migrated.alertRules as unknown as RxCollection<AlertRuleV1>;
    const rules = (await alertRules.find({ sort: [{ updatedAt: 'asc' }, { id: 'asc' }] }).exec()).map((d) => d.toJSON());
    expect(rules).toEqual([
      { id: 'ar1', kind: 'void-rate', name: 'Voids per hour', enabled: true, thresholds: { perHour: 5 }, severity: 'medium', updatedBy: 'alice', updatedAt: T1.toISOString() },
      { id: 'ar2', kind: 'refund', name: 'Refunds', enabled: false, thresholds: { perDay: 3, amountMinor: 50_000 }, severity: 'high', updatedBy: 'alice', updatedAt: T1.toISOString() },
    ]);
    // The new index is usable, the old version's table is gone, the other collections untouched.
    expect((await alertRules.find({ selector: { severity: 'high' }, sort: [{ updatedAt: 'desc' }] }).exec()).map((d) => d.id)).toEqual(['ar2']);
    expect(table(0)).toHaveLength(0);
    expect(table(1)).toHaveLength(1);
    expect(migrated.settings.schema.version).toBe(0);
  });
});
