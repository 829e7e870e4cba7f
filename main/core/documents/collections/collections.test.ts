import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addRxPlugin, type RxCollection } from 'rxdb';
import { RxDBDevModePlugin, disableWarnings } from 'rxdb/plugins/dev-mode';
import { EventFilterSchema, FILTER_KEYS, type EventFilter } from '../../../../shared/filter';
import type { Actor } from '../../accounts/audit-events';
import { AuditStore } from '../../store';
import { tempDir } from '../../store/test-helpers';
import { COLLECTION_NAMES, openDocuments, type Documents, type WatchdogCollections } from './open';
import { eventFilterJsonSchema, type Stamped } from './schemas';
import { describeWriteError, insertAs, patchAs, removeAs, upsertAs, type Unstamped } from './write';

beforeAll(() => {
  // Dev-mode: RxDB checks every schema (index maxLength, multipleOf, …), query and document.
  disableWarnings();
  addRxPlugin(RxDBDevModePlugin);
});

const KEY = Buffer.alloc(32, 3);
const alice: Actor = { userName: 'alice', role: 'admin', sessionId: 'sess-1', source: 'electron' };
const bob: Actor = { userName: 'bob', role: 'manager', sessionId: 'sess-2', source: '10.0.0.7' };
const T1 = new Date('2026-03-01T08:00:00.000Z');
const T2 = new Date('2026-03-02T09:30:00.000Z');

let tmp: ReturnType<typeof tempDir>;
let store: AuditStore;
let docs: Documents | null;
const file = () => path.join(tmp.dir, 'watchdog.db');

beforeEach(() => {
  tmp = tempDir('watchdog-collections-');
  store = AuditStore.open(file(), { key: KEY });
  docs = null;
});
afterEach(async () => {
  await docs?.close();
  store.close();
  tmp.cleanup();
});

async function open(): Promise<Documents> {
  docs = await openDocuments(store);
  return docs;
}

const filter: EventFilter = { from: '2026-01-05T00:00:00.000Z', to: '2026-01-06T00:00:00+02:00', store: 'S001', user: 'u-101', action: 'pos.void', status: 'failure', text: 'override' };

/** Per collection: two valid documents, one invalid one, and what the error must name. */
const cases: { [K in keyof WatchdogCollections]: { valid: [object, object]; invalid: object; path: string; message: RegExp } } = {
  settings: {
    valid: [{ id: 'retention.days', value: 365 }, { id: 'sessions.limits', value: { idleMinutes: 30, absoluteHours: 8 } }],
    invalid: { id: 'has a space', value: true },
    path: '/id',
    message: /must match pattern/,
  },
  savedViews: {
    valid: [{ id: 'v1', name: 'Voids', filter, owner: 'alice' }, { id: 'v2', name: 'All', filter: {}, owner: 'bob' }],
    invalid: { id: 'v3', name: 'Bad', filter: { shop: 'S001' }, owner: 'alice' },
    path: '/filter',
    message: /must NOT have additional properties \(shop\)/,
  },
  cases: {
    valid: [{ id: 'c1', title: 'Voids after close', status: 'open', severity: 'high', alertIds: ['a1', 'a2'] }, { id: 'c2', title: 'Drawer', status: 'closed', severity: 'low', assignee: 'bob', alertIds: [] }],
    invalid: { id: 'c3', title: 'Lost', status: 'lost', severity: 'low', alertIds: [] },
    path: '/status',
    message: /must be equal to one of the allowed values/,
  },
  notes: {
    valid: [{ id: 'n1', caseId: 'c1', text: 'Called the store manager.', author: 'alice' }, { id: 'n2', eventSeq: 42, text: 'Test void.', author: 'bob' }],
    invalid: { id: 'n3', caseId: 'c1', text: 'x'.repeat(10_001), author: 'alice' },
    path: '/text',
    message: /must NOT have more than 10000 characters/,
  },
  reportSchedules: {
    valid: [{ id: 'r1', name: 'Weekly voids', format: 'pdf', schedule: '0 6 * * 1', filter, recipients: ['owner@example.com'] }, { id: 'r2', name: 'Daily', format: 'csv', schedule: '0 5 * * *', filter: {}, recipients: [] }],
    invalid: { id: 'r3', name: 'Bad', format: 'pdf', schedule: '0 6 * * 1', filter: {}, recipients: ['not an address'] },
    path: '/recipients/0',
    message: /must match format "email"/,
  },
  alertRules: {
    valid: [{ id: 'ar1', kind: 'void-rate', name: 'Voids per hour', enabled: true, thresholds: { perHour: 5 } }, { id: 'ar2', kind: 'refund', name: 'Refunds', enabled: false, thresholds: {} }],
    invalid: { id: 'ar3', kind: 'void-rate', name: 'Bad', enabled: true, thresholds: { perHour: 'five' } },
    path: '/thresholds/perHour',
    message: /must be number/,
  },
  integrations: {
    valid: [{ id: 'i1', kind: 'smtp', name: 'Mail', enabled: true, config: { host: 'mail.example.com', port: 587 } }, { id: 'i2', kind: 'hq-sync', name: 'HQ', enabled: false, config: {} }],
    invalid: { id: 'i3', kind: 'smtp', name: 'Mail', enabled: true, config: { host: 'x', smtpPassword: 'hunter2' } },
    path: '/config',
    message: /property name must be valid/,
  },
};

describe('collections', () => {
  it('has a test case for every collection', () => {
    expect(Object.keys(cases).sort()).toEqual([...COLLECTION_NAMES].sort());
  });

  for (const name of Object.keys(cases) as (keyof WatchdogCollections)[]) {
    it(`${name}: keeps valid documents and refuses an invalid one with the field and the reason`, async () => {
      const d = await open();
      const collection = d[name] as unknown as RxCollection<Stamped & { id: string }>;
      const { valid, invalid, path: field, message } = cases[name];
      const result = await insertAs(collection, alice, [valid[0], invalid, valid[1]] as Unstamped<Stamped & { id: string }>[], T1);

      expect(result.inserted.map((x) => x.id)).toEqual([(valid[0] as { id: string }).id, (valid[1] as { id: string }).id]);
      expect(result.refused).toHaveLength(1);
      const refusal = result.refused[0];
      expect(refusal).toMatchObject({ status: 422, documentId: (invalid as { id: string }).id });
      const sentence = describeWriteError(name, refusal!);
      expect(sentence).toContain(`${name}/${(invalid as { id: string }).id}: ${field} `);
      expect(sentence).toMatch(message);

      const stored = await collection.find({ sort: [{ id: 'asc' }] }).exec();
      expect(stored.map((x) => x.toJSON())).toEqual(valid.map((v) => ({ ...v, updatedBy: 'alice', updatedAt: T1.toISOString() })));
    });
  }

  it('sets updatedBy and updatedAt from the actor, whatever the caller passes', async () => {
    const d = await open();
    await insertAs(d.cases, alice, [{ id: 'c1', title: 'Voids', status: 'open', severity: 'high', alertIds: [], updatedBy: 'mallory', updatedAt: '2000-01-01T00:00:00.000Z' }], T1);
    const c1 = await d.cases.findOne('c1').exec(true);
    expect(c1.toJSON()).toMatchObject({ updatedBy: 'alice', updatedAt: T1.toISOString() });

    const patched = await patchAs(c1, bob, { status: 'investigating', assignee: 'bob' }, T2);
    expect(patched.toJSON()).toMatchObject({ status: 'investigating', assignee: 'bob', updatedBy: 'bob', updatedAt: T2.toISOString() });

    await upsertAs(d.settings, { userName: null, role: null, sessionId: null, source: 'scheduler' }, { id: 'checkpoint.minutes', value: 15 }, T2);
    expect((await d.settings.findOne('checkpoint.minutes').exec(true)).toJSON()).toEqual({ id: 'checkpoint.minutes', value: 15, updatedBy: 'system:scheduler', updatedAt: T2.toISOString() });

    // A deletion is stamped too: the tombstone that replication carries says who and when.
    await removeAs(patched, alice, T2);
    expect(await d.cases.findOne('c1').exec()).toBeNull();
    const [tombstone] = await d.cases.storageInstance.findDocumentsById(['c1'], true);
    expect(tombstone).toMatchObject({ _deleted: true, updatedBy: 'alice', updatedAt: T2.toISOString() });
  });

  it('refuses a second insert of an id with a 409 and says so', async () => {
    const d = await open();
    await insertAs(d.notes, alice, [{ id: 'n1', text: 'first', author: 'alice' }], T1);
    const again = await insertAs(d.notes, bob, [{ id: 'n1', text: 'second', author: 'bob' }], T2);
    expect(again.refused[0]).toMatchObject({ status: 409, documentId: 'n1' });
    expect(describeWriteError('notes', again.refused[0]!)).toBe('notes/n1: a document with this id exists already, or it was changed meanwhile');
    expect((await d.notes.findOne('n1').exec(true)).text).toBe('first');
  });

  it('keeps every collection\'s documents across a restart of the store', async () => {
    const d = await open();
    for (const name of COLLECTION_NAMES) {
      const collection = d[name] as unknown as RxCollection<Stamped & { id: string }>;
      await insertAs(collection, alice, cases[name].valid as Unstamped<Stamped & { id: string }>[], T1);
    }
    await d.close();
    docs = null;
    store.close();

    store = AuditStore.open(file(), { key: KEY });
    const again = await open();
    for (const name of COLLECTION_NAMES) {
      const collection = again[name] as unknown as RxCollection<Stamped & { id: string }>;
      const stored = await collection.find({ sort: [{ id: 'asc' }] }).exec();
      expect(stored.map((x) => x.toJSON()), name).toEqual(cases[name].valid.map((v) => ({ ...v, updatedBy: 'alice', updatedAt: T1.toISOString() })));
    }
  });

  it('round-trips a saved view\'s EventFilter and lists an owner\'s views by name on an index', async () => {
    expect(Object.keys(eventFilterJsonSchema.properties)).toEqual([...FILTER_KEYS]);
    const d = await open();
    await insertAs(
      d.savedViews,
      alice,
      [
        { id: 'v1', name: 'Voids', filter, owner: 'alice' },
        { id: 'v2', name: 'Failures', filter: { status: 'failure' }, owner: 'alice' },
        { id: 'v3', name: 'Bob’s', filter: {}, owner: 'bob' },
      ],
      T1,
    );
    const query = d.savedViews.find({ selector: { owner: 'alice' }, sort: [{ name: 'asc' }] });
    const mine = await query.exec();
    expect(mine.map((v) => v.name)).toEqual(['Failures', 'Voids']);
    const back = mine[1]!.toJSON().filter;
    expect(EventFilterSchema.parse(back)).toEqual(filter);
    expect(back).toEqual(filter);
    expect(query.getPreparedQuery().queryPlan).toMatchObject({ index: ['_deleted', 'owner', 'name', 'id'], sortSatisfiedByIndex: true });

    // A filter the timeline would refuse is refused here too.
    const bad = await insertAs(d.savedViews, alice, [{ id: 'v4', name: 'Bad', filter: { status: 'maybe' } as unknown as EventFilter, owner: 'alice' }], T1);
    expect(describeWriteError('savedViews', bad.refused[0]!)).toMatch(/^savedViews\/v4: \/filter\/status must be equal to one of the allowed values/);
  });
});
