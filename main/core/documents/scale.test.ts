import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MangoQuery, RxStorageDefaultCheckpoint } from 'rxdb';
import type { Db } from '../store/database';
import { tempDir } from '../store/test-helpers';
import type { SqliteStorageInstance } from './instance';
import { getSqliteRxStorage } from './storage';
import { filledItemSchema, ids, itemData, itemDoc, itemInstance, nextRevision, openTestDb, preparedQuery, type Item } from './test-helpers';

/**
 * 100,000 documents in an encrypted file, written in batches of 10,000, then the file closed and
 * opened again: every answer is checked against the same documents filtered in plain JavaScript,
 * and every indexed query's plan is a SEARCH of an index. Timings are test/bench/documents-bench.ts's job.
 */
const TOTAL = 100_000;
const KEY = Buffer.alloc(32, 5);
const all = Array.from({ length: TOTAL }, (_, i) => itemData(i));

let tmp: ReturnType<typeof tempDir>;
let db: Db;
let items: SqliteStorageInstance<Item>;

beforeAll(async () => {
  tmp = tempDir('watchdog-documents-scale-');
  db = openTestDb(tmp.dir, KEY);
  const writer = await itemInstance(getSqliteRxStorage({ db }) as never);
  for (let from = 0; from < TOTAL; from += 10_000) {
    const result = await writer.bulkWrite(Array.from({ length: 10_000 }, (_, k) => ({ document: itemDoc(from + k) })), 'scale');
    expect(result.error).toEqual([]);
  }
  await writer.close();
  db.close();
  db = openTestDb(tmp.dir, KEY);
  items = await itemInstance(getSqliteRxStorage({ db }) as never);
}, 60_000);
afterAll(async () => {
  await items.close();
  db.close();
  tmp.cleanup();
});

const alive = { _deleted: { $eq: false } } as const;

describe(`${TOTAL.toLocaleString('en-US')} documents, after a reopen`, () => {
  const cases: [string, MangoQuery<Item>, (d: Item) => boolean, number?][] = [
    ['store and priority (compound index)', { selector: { ...alive, store: 'S007', priority: 7 } }, (d) => d.store === 'S007' && d.priority === 7],
    ['a score range', { selector: { ...alive, score: { $gte: 250, $lt: 252.5 } } }, (d) => d.score >= 250 && d.score < 252.5],
    ['flag and name, first 20 by name', { selector: { ...alive, flag: true, name: { $gt: 'name 5' } }, sort: [{ flag: 'asc' }, { name: 'asc' }], limit: 20 }, (d) => d.flag && d.name > 'name 5', 20],
  ];

  it.each(cases)('%s: the right documents, from an index search', async (_name, query, keep, limit) => {
    const prepared = preparedQuery(filledItemSchema, query);
    const found = (await items.query(prepared)).documents;
    const sort = (a: Item, b: Item) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1);
    const expected = limit ? all.filter(keep).sort(sort).slice(0, limit) : all.filter(keep);
    expect(ids(found).sort()).toEqual(ids(expected).sort());
    if (limit) expect(ids(found)).toEqual(ids(expected));

    const { sql, params } = items.explain(prepared);
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan).toMatch(/^SEARCH rx_\w+ USING INDEX rx_\w+__i_\w+ \(deleted=\? AND /);
    expect(plan).not.toMatch(/\bSCAN\b/);
  });

  it('counts an index-satisfied selector exactly in SQL', async () => {
    const counted = await items.count(preparedQuery(filledItemSchema, { selector: { ...alive, status: 'snoozed' } }));
    expect(counted).toEqual({ count: all.filter((d) => d.status === 'snoozed').length, mode: 'fast' });
  });

  it('pages every document once through getChangedDocumentsSince, then only what changed', async () => {
    const seen = new Set<string>();
    let checkpoint: RxStorageDefaultCheckpoint | undefined;
    for (;;) {
      const page = await items.getChangedDocumentsSince(5_000, checkpoint);
      if (page.documents.length === 0) break;
      for (const doc of page.documents) seen.add(doc.id);
      checkpoint = page.checkpoint;
    }
    expect(seen.size).toBe(TOTAL);
    const [stored] = await items.findDocumentsById(['item-0054321'], false);
    const changed = nextRevision(stored!, { status: 'closed', note: 'changed at scale' });
    expect((await items.bulkWrite([{ previous: stored, document: changed }], 'scale')).error).toEqual([]);
    expect((await items.getChangedDocumentsSince(100, checkpoint)).documents).toEqual([changed]);
  });
});
