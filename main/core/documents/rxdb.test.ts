import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { firstValueFrom, filter } from 'rxjs';
import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase, type RxJsonSchema } from 'rxdb';
import { RxDBCleanupPlugin } from 'rxdb/plugins/cleanup';
import { RxDBDevModePlugin, disableWarnings } from 'rxdb/plugins/dev-mode';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import type { Db } from '../store/database';
import { tempDir } from '../store/test-helpers';
import { getSqliteRxStorage } from './storage';
import { itemData, itemSchema, openTestDb, type Item } from './test-helpers';

beforeAll(() => {
  // Dev-mode: RxDB checks schemas, queries and what the storage returns, and freezes documents.
  addRxPlugin(RxDBDevModePlugin);
  disableWarnings();
  addRxPlugin(RxDBCleanupPlugin);
  addRxPlugin(RxDBMigrationSchemaPlugin);
});

const KEY = Buffer.alloc(32, 7);
let tmp: ReturnType<typeof tempDir>;
let db: Db;
let rx: RxDatabase | null;

beforeEach(() => {
  tmp = tempDir('watchdog-documents-rxdb-');
  db = openTestDb(tmp.dir, KEY);
  rx = null;
});
afterEach(async () => {
  await rx?.close();
  db.close();
  tmp.cleanup();
});

type Items = RxCollection<Item>;

async function openItems(connection: Db, schema: RxJsonSchema<Item> = itemSchema, extra: object = {}): Promise<{ database: RxDatabase; items: Items }> {
  const database = await createRxDatabase({
    name: 'watchdog',
    storage: wrappedValidateAjvStorage({ storage: getSqliteRxStorage({ db: connection }) }),
    multiInstance: false,
    ...extra,
  });
  const { items } = await database.addCollections({ items: { schema } });
  return { database, items: items as Items };
}

describe('RxDB on SqliteRxStorage', () => {
  it('creates, reads, updates and deletes documents through a collection', async () => {
    const { database, items } = await openItems(db);
    rx = database;
    await items.bulkInsert([itemData(1), itemData(2), itemData(3)]);
    const one = await items.findOne('item-0000001').exec(true);
    expect(one.name).toBe(itemData(1).name);

    await one.incrementalPatch({ name: 'renamed', priority: 9 });
    expect((await items.findOne('item-0000001').exec(true)).toJSON()).toMatchObject({ name: 'renamed', priority: 9 });
    expect((await items.find({ selector: { priority: 9 } }).exec()).map((d) => d.id)).toEqual(['item-0000001']);

    await (await items.findOne('item-0000002').exec(true)).remove();
    expect(await items.findOne('item-0000002').exec()).toBeNull();
    expect(await items.count().exec()).toBe(2);
    expect((await items.find({ sort: [{ score: 'desc' }] }).exec()).map((d) => d.id)).toEqual(['item-0000003', 'item-0000001']);
  });

  it('keeps documents and indexes across a restart, in the encrypted file', async () => {
    const first = await openItems(db);
    await first.items.bulkInsert(Array.from({ length: 50 }, (_, i) => itemData(i, { note: 'a marker that must not be readable on disk' })));
    await first.database.close();
    db.close();

    expect(fs.readFileSync(path.join(tmp.dir, 'watchdog.db')).includes('a marker that must not be readable')).toBe(false);
    db = openTestDb(tmp.dir, KEY);
    const again = await openItems(db);
    rx = again.database;
    expect(await again.items.count().exec()).toBe(50);
    const open = await again.items.find({ selector: { status: 'open', score: { $gt: 0 } }, sort: [{ id: 'asc' }] }).exec();
    expect(open.map((d) => d.id)).toEqual(Array.from({ length: 50 }, (_, i) => itemData(i)).filter((d) => d.status === 'open' && d.score > 0).map((d) => d.id));
    const indexes = db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name LIKE 'rx_watchdog__items__v0_%' AND sql IS NOT NULL").pluck().get();
    expect(indexes).toBe(6);
  });

  it('survives the store encrypting a plain file in place (its copy moves every table with INSERT … SELECT *)', async () => {
    db.close();
    tmp.cleanup();
    tmp = tempDir('watchdog-documents-rxdb-');
    db = openTestDb(tmp.dir);
    const plain = await openItems(db);
    await plain.items.bulkInsert(Array.from({ length: 20 }, (_, i) => itemData(i)));
    await plain.database.close();
    db.close();

    db = openTestDb(tmp.dir, KEY);
    const again = await openItems(db);
    rx = again.database;
    expect((await again.items.find({ selector: { store: 'S003', priority: 3 } }).exec()).map((d) => d.id)).toEqual(['item-0000003']);
    expect(await again.items.count().exec()).toBe(20);
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name LIKE 'rx_watchdog__items__v0_%' AND sql IS NOT NULL").pluck().get()).toBe(6);
    expect(fs.readFileSync(path.join(tmp.dir, 'watchdog.db')).subarray(0, 16).toString()).not.toBe('SQLite format 3\u0000');
  });

  it('refuses a document that fails its schema with a clear error, and keeps the rest of the batch', async () => {
    const { database, items } = await openItems(db);
    rx = database;
    const bad = { ...itemData(2), priority: 42 };
    const result = await items.bulkInsert([itemData(1), bad, itemData(3)]);
    expect(result.success.map((d) => d.id)).toEqual(['item-0000001', 'item-0000003']);
    expect(result.error).toHaveLength(1);
    expect(result.error[0]).toMatchObject({ status: 422, documentId: 'item-0000002' });
    expect(JSON.stringify(result.error[0])).toMatch(/must be <= 10/);
    await expect(items.insert({ ...itemData(4), status: 'lost' as never })).rejects.toMatchObject({ code: 'VD2' });
    expect((await items.find().exec()).map((d) => d.id)).toEqual(['item-0000001', 'item-0000003']);
  });

  it('pushes changes to collection streams and live queries', async () => {
    const { database, items } = await openItems(db);
    rx = database;
    const inserted = firstValueFrom(items.insert$);
    const live = items.find({ selector: { status: 'open' } }).$;
    const seesTwo = firstValueFrom(live.pipe(filter((docs) => docs.length === 2)));
    await items.insert(itemData(0));
    expect((await inserted).documentId).toBe('item-0000000');
    await items.insert(itemData(3));
    expect((await seesTwo).map((d) => d.id)).toEqual(['item-0000000', 'item-0000003']);
  });

  it('purges deleted documents with RxDB cleanup', async () => {
    const { database, items } = await openItems(db, itemSchema, { cleanupPolicy: { awaitReplicationsInSync: false, runEach: 60_000, minimumDeletedTime: 0, minimumCollectionAge: 0 } });
    rx = database;
    await items.bulkInsert([itemData(1), itemData(2)]);
    await (await items.findOne('item-0000001').exec(true)).remove();
    const table = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'rx_watchdog__items__v0_%'").pluck().get() as string;
    expect(db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get()).toBe(2);
    await items.cleanup(0);
    expect(db.prepare(`SELECT id FROM "${table}"`).pluck().all()).toEqual(['item-0000002']);
  });

  it('removes every table of a database with RxDatabase.remove()', async () => {
    const { database, items } = await openItems(db);
    await items.insert(itemData(1));
    const tables = () => db.prepare("SELECT count(*) FROM sqlite_schema WHERE name LIKE 'rx_watchdog\\_\\_%' ESCAPE '\\'").pluck().get();
    expect(tables()).not.toBe(0);
    await database.remove();
    expect(tables()).toBe(0);
  });

  it('migrates to a new schema version into a new table and drops the old one', async () => {
    const first = await openItems(db);
    await first.items.bulkInsert([itemData(1), itemData(2)]);
    await first.database.close();
    const v1: RxJsonSchema<Item> = { ...itemSchema, version: 1 };
    const database = await createRxDatabase({ name: 'watchdog', storage: wrappedValidateAjvStorage({ storage: getSqliteRxStorage({ db }) }), multiInstance: false });
    rx = database;
    const { items } = await database.addCollections({
      items: { schema: v1, migrationStrategies: { 1: (doc: Item) => ({ ...doc, name: doc.name.toUpperCase() }) } },
    });
    expect((await items.find().exec()).map((d) => d.name)).toEqual([itemData(1).name.toUpperCase(), itemData(2).name.toUpperCase()]);
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'rx_watchdog__items__%'").pluck().all() as string[];
    expect(tables.map((t) => t.replace(/_[0-9a-f]{10}$/, ''))).toEqual(['rx_watchdog__items__v1']);
  });
});
