import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomToken, type MangoQuery, type MangoQuerySelector, type RxDocumentData, type RxStorageInstance } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import type { Db } from '../store/database';
import { tempDir } from '../store/test-helpers';
import { getSqliteRxStorage } from './storage';
import { filledItemSchema, ids, itemDoc, itemInstance, openTestDb, preparedQuery, type Item } from './test-helpers';
import type { SqliteStorageInstance } from './instance';

/**
 * RxDB's memory storage is its reference implementation (the one its own storage tests run first).
 * The same documents go into both; every query must give the same documents in the same order, and
 * every count the same number.
 */
let tmp: ReturnType<typeof tempDir>;
let db: Db;
let sqlite: SqliteStorageInstance<Item>;
let memory: RxStorageInstance<Item, unknown, unknown>;

const DOCS = 1500;

beforeAll(async () => {
  tmp = tempDir('watchdog-documents-oracle-');
  db = openTestDb(tmp.dir);
  sqlite = await itemInstance(getSqliteRxStorage({ db }) as never);
  memory = await getRxStorageMemory().createStorageInstance<Item>({
    databaseInstanceToken: randomToken(10), databaseName: `oracle-${randomToken(8)}`, collectionName: 'items',
    schema: filledItemSchema, options: {}, multiInstance: false, devMode: false,
  });
  const docs = Array.from({ length: DOCS }, (_, i) => itemDoc(i, {
    _deleted: i % 13 === 0,
    note: i % 4 === 0 ? `note ${i % 9}` : undefined,
    name: i % 97 === 0 ? '' : `name ${(i * 7919) % 1000}`,
  }));
  for (const doc of docs) if (doc.note === undefined) delete doc.note;
  for (const instance of [sqlite, memory]) {
    expect((await instance.bulkWrite(docs.map((document) => ({ document })), 'oracle')).error).toEqual([]);
  }
});
afterAll(async () => {
  await sqlite.close();
  await memory.remove();
  db.close();
  tmp.cleanup();
});

async function expectSameAnswer(query: MangoQuery<Item>): Promise<void> {
  const prepared = preparedQuery(filledItemSchema, query);
  const [mine, theirs] = await Promise.all([sqlite.query(prepared), memory.query(prepared)]);
  expect(ids(mine.documents), JSON.stringify(query)).toEqual(ids(theirs.documents));
  const counted = await sqlite.count(prepared);
  expect(counted.count, `count ${JSON.stringify(query)}`).toBe(mine.documents.length);
  if (counted.mode === 'fast') expect(prepared.queryPlan.selectorSatisfiedByIndex).toBe(true);
}

const alive = { _deleted: { $eq: false } } as MangoQuerySelector<RxDocumentData<Item>>;

const HAND_WRITTEN: MangoQuery<Item>[] = [
  { selector: {} },
  { selector: { ...alive } },
  { selector: { ...alive, status: { $eq: 'open' } } },
  { selector: { ...alive, status: 'closed' }, sort: [{ id: 'desc' }], limit: 7 },
  { selector: { ...alive, store: 'S003', priority: { $gt: 4 } } },
  { selector: { ...alive, store: 'S003', priority: { $gte: 4, $lt: 8 } }, skip: 2, limit: 5 },
  { selector: { ...alive, store: { $gt: 'S010' } }, sort: [{ store: 'asc' }, { priority: 'asc' }] },
  { selector: { ...alive, store: { $lte: 'S002' } }, sort: [{ store: 'asc' }, { priority: 'desc' }] },
  { selector: { ...alive, score: { $gt: 100.5, $lte: 300.25 } } },
  { selector: { ...alive, score: { $lt: 0.5 } } },
  { selector: { ...alive, score: { $gt: -5 } }, limit: 3 },
  { selector: { ...alive, score: { $gt: 999.99 } } },
  { selector: { ...alive, score: { $gt: 2000 } } },
  { selector: { ...alive, flag: true, name: { $gt: 'name 5' } } },
  { selector: { ...alive, flag: false, name: { $lt: 'name 2' } }, sort: [{ name: 'desc' }] },
  { selector: { ...alive, flag: true, name: '' } },
  { selector: { ...alive, priority: { $gt: 5 }, status: 'open' } },
  { selector: { ...alive, status: { $in: ['open', 'snoozed'] } }, sort: [{ score: 'asc' }] },
  { selector: { ...alive, status: { $nin: ['open'] }, priority: { $ne: 3 } } },
  { selector: { ...alive, tags: { $elemMatch: { $eq: 'vip' } } } },
  { selector: { ...alive, tags: 'vip' as never, store: 'S005' } },
  { selector: { ...alive, note: { $exists: true } }, sort: [{ note: 'asc' }] },
  { selector: { ...alive, note: { $regex: '^note [1-3]$' } } },
  { selector: { ...alive, $or: [{ status: 'open' }, { priority: 10 }] } },
  { selector: { ...alive, $and: [{ score: { $gt: 10 } }, { score: { $lt: 20 } }] } },
  { selector: { _deleted: { $eq: true } } as never },
  { selector: { id: { $gt: 'item-0001000' } }, limit: 10 },
  { selector: { ...alive, id: { $gte: 'item-0000100', $lt: 'item-0000120' } }, sort: [{ id: 'asc' }] },
  { selector: { ...alive, status: 'open', priority: { $gt: 10 } } },
  { selector: { ...alive, priority: { $gt: 3, $lt: 3 } } },
  { selector: { ...alive }, sort: [{ score: 'desc' }], skip: 10, limit: 10 },
  { selector: { ...alive }, limit: 0 },
];

describe('queries agree with RxDB memory storage', () => {
  it.each(HAND_WRITTEN.map((q) => [JSON.stringify(q), q] as const))('%s', async (_name, query) => {
    await expectSameAnswer(query);
  });

  it('agrees on 400 generated queries', async () => {
    let seed = 20260105;
    const random = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const fieldConditions: (() => [string, unknown])[] = [
      () => ['status', pick([{ $eq: pick(['open', 'closed', 'snoozed']) }, { $in: ['open', 'closed'] }, { $ne: 'open' }, { $gt: 'closed' }])],
      () => ['priority', pick([{ $eq: Math.floor(random() * 11) }, { $gt: Math.floor(random() * 11) }, { $lte: Math.floor(random() * 11) }, { $gte: 2, $lt: 6 }])],
      () => ['score', pick([{ $gt: Math.round(random() * 100_000) / 100 }, { $lt: Math.round(random() * 100_000) / 100 }, { $gte: 250, $lte: 260 }])],
      () => ['store', pick([{ $eq: `S${String(Math.floor(random() * 20)).padStart(3, '0')}` }, { $lt: 'S007' }, { $in: ['S001', 'S019'] }])],
      () => ['flag', { $eq: random() < 0.5 }],
      () => ['name', pick([{ $gt: `name ${Math.floor(random() * 1000)}` }, { $eq: '' }, { $regex: '^name 1' }])],
      () => ['id', pick([{ $gt: `item-${String(Math.floor(random() * DOCS)).padStart(7, '0')}` }, { $lt: 'item-0000300' }])],
    ];
    const sortFields = ['status', 'priority', 'score', 'store', 'name', 'id', 'flag'] as const;
    for (let n = 0; n < 400; n++) {
      const selector: Record<string, unknown> = random() < 0.8 ? { ...alive } : {};
      const conditions = 1 + Math.floor(random() * 3);
      for (let c = 0; c < conditions; c++) {
        const [field, condition] = pick(fieldConditions)();
        selector[field] = condition;
      }
      const query: MangoQuery<Item> = { selector: selector as MangoQuerySelector<Item> };
      if (random() < 0.6) query.sort = [{ [pick(sortFields)]: random() < 0.7 ? 'asc' : 'desc' } as never];
      if (random() < 0.5) query.limit = 1 + Math.floor(random() * 30);
      if (random() < 0.3) query.skip = Math.floor(random() * 20);
      await expectSameAnswer(query);
    }
  });
});

describe('queries use the index RxDB planned', () => {
  it('answers an index-satisfied selector in SQL alone, count included', async () => {
    const prepared = preparedQuery(filledItemSchema, { selector: { ...alive, store: 'S003', priority: { $gt: 4 } } });
    expect(prepared.queryPlan.selectorSatisfiedByIndex).toBe(true);
    expect(sqlite.explain(prepared).sql).toMatch(/WHERE "deleted" = \? AND "f_store_\w+" = \? AND "f_priority_\w+" > \?/);
    expect((await sqlite.count(prepared)).mode).toBe('fast');
  });

  it('counts a selector the index cannot answer slowly but exactly', async () => {
    const prepared = preparedQuery(filledItemSchema, { selector: { ...alive, note: { $regex: '^note 1' } } });
    const counted = await sqlite.count(prepared);
    expect(counted.mode).toBe('slow');
    expect(counted.count).toBe((await memory.query(prepared)).documents.length);
  });

  it('honours a forced index the schema does not declare', async () => {
    const forced = preparedQuery(filledItemSchema, { selector: { ...alive, note: { $gte: 'note 5' } }, index: ['note', 'id'], sort: [{ note: 'asc' }, { id: 'asc' }] });
    const plain = preparedQuery(filledItemSchema, { selector: { ...alive, note: { $gte: 'note 5' } }, sort: [{ note: 'asc' }, { id: 'asc' }] });
    expect(sqlite.explain(forced).sql).toContain('json_extract(data, \'$."note"\')');
    expect(ids((await sqlite.query(forced)).documents)).toEqual(ids((await memory.query(plain)).documents));
  });
});
