import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstValueFrom, take, toArray } from 'rxjs';
import { fillWithDefaultSettings, now, type RxStorageDefaultCheckpoint, type RxStorageWriteErrorConflict } from 'rxdb';
import type { Db } from '../store/database';
import { tempDir } from '../store/test-helpers';
import { CLEANUP_BATCH, type SqliteStorageInstance } from './instance';
import { getSqliteRxStorage, type SqliteRxStorage } from './storage';
import { filledItemSchema, ids, itemDoc, itemInstance, itemSchema, nextRevision, openTestDb, preparedQuery, type Item } from './test-helpers';

let tmp: ReturnType<typeof tempDir>;
let db: Db;
let storage: SqliteRxStorage;

beforeEach(() => {
  tmp = tempDir('watchdog-documents-');
  db = openTestDb(tmp.dir);
  storage = getSqliteRxStorage({ db });
});
afterEach(() => {
  db.close();
  tmp.cleanup();
});

const instance = (names?: { databaseName?: string; collectionName?: string }) => itemInstance(storage as never, names);

describe('SqliteRxStorage: the storage', () => {
  it('names itself and carries the RxDB version', () => {
    expect(storage.name).toBe('watchdog-sqlite');
    expect(storage.rxdbVersion).toBe('17.6.0');
  });

  it('keeps each collection in its own table with one SQLite index per schema index', async () => {
    const items = await instance();
    const table = items.internals.table;
    expect(table).toMatch(/^rx_testdb__items__v0_[0-9a-f]{10}$/);
    const indexes = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL").all(table) as { sql: string }[];
    // The schema's four (each behind _deleted, ending in id), RxDB's own (_meta.lwt, id), and a partial
    // index of tombstones by lwt for cleanup().
    expect(indexes).toHaveLength(filledItemSchema.indexes!.length + 1);
    expect(indexes.map((i) => i.sql).join('\n')).toMatch(/\("lwt"\) WHERE deleted = 1/);
    expect(indexes.map((i) => i.sql).join('\n')).toMatch(/\("deleted", "f_store_[0-9a-f]{6}", "f_priority_[0-9a-f]{6}", "id"\)/);
    await items.close();
  });

  it('brings an existing table to a changed index list: new column filled, old index dropped', async () => {
    const create = (indexes: string[][]) => storage.createStorageInstance<Item>({
      databaseInstanceToken: 't', databaseName: 'testdb', collectionName: 'items', options: {}, multiInstance: false, devMode: false,
      schema: fillWithDefaultSettings({ ...itemSchema, indexes }) as typeof filledItemSchema,
    }) as Promise<SqliteStorageInstance<Item>>;
    const before = await create([['status']]);
    await before.bulkWrite([itemDoc(1), itemDoc(2), itemDoc(3)].map((document) => ({ document })), 'test');
    await before.close();
    const after = await create([['score']]);
    const indexSql = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL").pluck().all(after.internals.table).join('\n');
    expect(indexSql).toMatch(/"f_score_\w+"/);
    expect(indexSql).not.toMatch(/"f_status_\w+"/);
    const found = await after.query(preparedQuery(after.schema, { selector: { _deleted: { $eq: false }, score: { $gte: itemDoc(2).score } } as never }));
    expect(ids(found.documents).sort()).toEqual([itemDoc(2), itemDoc(3)].filter((d) => d.score >= itemDoc(2).score).map((d) => d.id).sort());
    expect(found.documents.length).toBeGreaterThan(0);
    expect(after.explain(preparedQuery(after.schema, { selector: { _deleted: { $eq: false }, score: { $gte: 1 } } as never })).sql).toMatch(/INDEXED BY/);
    await after.close();
  });

  it('refuses a schema with attachments, saying why', async () => {
    await expect(storage.createStorageInstance({
      databaseInstanceToken: 't', databaseName: 'testdb', collectionName: 'files', options: {}, multiInstance: false, devMode: false,
      schema: { ...filledItemSchema, attachments: {} },
    })).rejects.toThrow(/stores no attachments/);
  });
});

describe('SqliteRxStorage: bulkWrite', () => {
  it('inserts, reads back by id, and keeps deleted documents as tombstones', async () => {
    const items = await instance();
    const docs = [itemDoc(1), itemDoc(2), itemDoc(3)];
    expect((await items.bulkWrite(docs.map((document) => ({ document })), 'test')).error).toEqual([]);
    expect(await items.findDocumentsById(['item-0000001', 'item-0000003', 'nope'], false)).toEqual(expect.arrayContaining([docs[0], docs[2]]));
    const deleted = nextRevision(docs[1]!, { _deleted: true });
    expect((await items.bulkWrite([{ previous: docs[1], document: deleted }], 'test')).error).toEqual([]);
    expect(await items.findDocumentsById(['item-0000002'], false)).toEqual([]);
    expect(await items.findDocumentsById(['item-0000002'], true)).toEqual([deleted]);
    await items.close();
  });

  it('refuses a stale revision with 409 and the stored document, and keeps the rest of the batch', async () => {
    const items = await instance();
    const first = itemDoc(1);
    await items.bulkWrite([{ document: first }], 'test');
    const current = nextRevision(first, { name: 'changed elsewhere' });
    await items.bulkWrite([{ previous: first, document: current }], 'test');

    const stale = nextRevision(first, { name: 'stale edit' });
    const fresh = itemDoc(2);
    const insertOverExisting = itemDoc(1, { name: 'insert over an existing id' });
    const result = await items.bulkWrite([{ previous: first, document: stale }, { document: fresh }, { document: insertOverExisting }], 'test');

    expect(result.error).toHaveLength(2);
    for (const error of result.error as RxStorageWriteErrorConflict<Item>[]) {
      expect(error).toMatchObject({ status: 409, isError: true, documentId: 'item-0000001', documentInDb: current });
    }
    expect(await items.findDocumentsById(['item-0000001', 'item-0000002'], false)).toEqual(expect.arrayContaining([current, fresh]));
    await items.close();
  });

  it('checks a second write of the same document in one batch against the first', async () => {
    const items = await instance();
    const v1 = itemDoc(1);
    const v2 = nextRevision(v1, { name: 'second' });
    const alsoFromV1 = nextRevision(v1, { name: 'third, written against v1' });
    const result = await items.bulkWrite([{ document: v1 }, { previous: v1, document: v2 }, { previous: v1, document: alsoFromV1 }], 'test');
    expect(result.error.map((e) => e.status)).toEqual([409]);
    expect((result.error[0] as RxStorageWriteErrorConflict<Item>).documentInDb).toEqual(v2);
    expect(await items.findDocumentsById([v1.id], false)).toEqual([v2]);
    await items.close();
  });

  it('writes a whole batch or nothing when SQLite itself fails', async () => {
    const items = await instance();
    await items.bulkWrite([{ document: itemDoc(1) }], 'test');
    db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON "${items.internals.table}" WHEN NEW.id = 'item-0000003' BEGIN SELECT RAISE(ABORT, 'disk says no'); END`);
    await expect(items.bulkWrite([{ document: itemDoc(2) }, { document: itemDoc(3) }], 'test')).rejects.toThrow(/disk says no/);
    expect(ids(await items.findDocumentsById(['item-0000002', 'item-0000003'], true))).toEqual([]);
    await items.close();
  });
});

describe('SqliteRxStorage: change stream and checkpoints', () => {
  it('emits one event bulk per write after the commit, with its context and a checkpoint', async () => {
    const items = await instance();
    const bulks = firstValueFrom(items.changeStream().pipe(take(2), toArray()));
    const a = itemDoc(1);
    await items.bulkWrite([{ document: a }, { document: itemDoc(2) }], 'ctx-insert');
    const deleted = nextRevision(a, { _deleted: true });
    await items.bulkWrite([{ previous: a, document: deleted }, { document: itemDoc(2) }], 'ctx-delete');
    const [inserted, removed] = await bulks;
    expect(inserted!.context).toBe('ctx-insert');
    expect(inserted!.events.map((e) => [e.operation, e.documentId])).toEqual([['INSERT', 'item-0000001'], ['INSERT', 'item-0000002']]);
    // The conflicting second row produced no event.
    expect(removed!.events.map((e) => [e.operation, e.documentId])).toEqual([['DELETE', 'item-0000001']]);
    expect(removed!.checkpoint).toEqual({ id: 'item-0000001', lwt: deleted._meta.lwt });
    // A reader that reacts to the event finds the write committed.
    expect(await items.findDocumentsById(['item-0000001'], true)).toEqual([deleted]);
    await items.close();
  });

  it('pages getChangedDocumentsSince by (lwt, id), each document once, latest state', async () => {
    const items = await instance();
    const lwt = now();
    // Equal lwt on purpose: the id decides the order within one millisecond.
    const docs = Array.from({ length: 25 }, (_, i) => itemDoc(i, { _meta: { lwt: lwt - 10 + Math.floor(i / 10) } }));
    await items.bulkWrite(docs.map((document) => ({ document })), 'test');
    const seen: string[] = [];
    let checkpoint: RxStorageDefaultCheckpoint | undefined;
    for (;;) {
      const page = await items.getChangedDocumentsSince(7, checkpoint);
      if (page.documents.length === 0) break;
      seen.push(...ids(page.documents));
      checkpoint = page.checkpoint;
    }
    expect(seen).toEqual(ids(docs));
    const changed = nextRevision(docs[3]!, { name: 'later' });
    await items.bulkWrite([{ previous: docs[3], document: changed }], 'test');
    const after = await items.getChangedDocumentsSince(100, checkpoint);
    expect(after.documents).toEqual([changed]);
    expect(after.checkpoint).toEqual({ id: changed.id, lwt: changed._meta.lwt });
    expect((await items.getChangedDocumentsSince(100, after.checkpoint)).checkpoint).toEqual(after.checkpoint);
    await items.close();
  });

  it('gives the change stream checkpoint that getChangedDocumentsSince continues from', async () => {
    const items = await instance();
    await items.bulkWrite([{ document: itemDoc(1) }], 'test');
    const bulk = firstValueFrom(items.changeStream());
    await items.bulkWrite([{ document: itemDoc(2) }, { document: itemDoc(3) }], 'test');
    const { checkpoint } = await bulk;
    await items.bulkWrite([{ document: itemDoc(4) }], 'test');
    expect(ids((await items.getChangedDocumentsSince(10, checkpoint)).documents)).toEqual(['item-0000004']);
    await items.close();
  });
});

describe('SqliteRxStorage: cleanup, close, remove', () => {
  it('purges only tombstones older than the minimum deleted time', async () => {
    const items = await instance();
    const old = itemDoc(1, { _deleted: true, _meta: { lwt: now() - 60_000 } });
    const recent = itemDoc(2, { _deleted: true });
    const alive = itemDoc(3, { _meta: { lwt: now() - 60_000 } });
    await items.bulkWrite([old, recent, alive].map((document) => ({ document })), 'test');
    expect(await items.cleanup(30_000)).toBe(true);
    expect(ids(await items.findDocumentsById([old.id, recent.id, alive.id], true)).sort()).toEqual([recent.id, alive.id]);
    expect(await items.cleanup(0)).toBe(true);
    expect(ids(await items.findDocumentsById([recent.id], true))).toEqual([]);
    await items.close();
  });

  it('purges in batches, saying false while tombstones remain', async () => {
    const items = await instance();
    const docs = Array.from({ length: CLEANUP_BATCH + 10 }, (_, i) => itemDoc(i, { _deleted: true, _meta: { lwt: now() - 1000 } }));
    await items.bulkWrite(docs.map((document) => ({ document })), 'test');
    expect(await items.cleanup(0)).toBe(false);
    expect(await items.cleanup(0)).toBe(true);
    expect(db.prepare(`SELECT count(*) FROM "${items.internals.table}"`).pluck().get()).toBe(0);
    await items.close();
  });

  it('refuses calls after close, and close twice is harmless', async () => {
    const items = await instance();
    await items.close();
    await items.close();
    await expect(items.bulkWrite([{ document: itemDoc(1) }], 'test')).rejects.toThrow(/is closed/);
    await expect(items.query(preparedQuery(filledItemSchema, { selector: {} }))).rejects.toThrow(/is closed/);
  });

  it('remove() drops the table and its indexes; a new instance starts empty', async () => {
    const items = await instance();
    await items.bulkWrite([{ document: itemDoc(1) }], 'test');
    const table = items.internals.table;
    await items.remove();
    expect(db.prepare('SELECT count(*) FROM sqlite_schema WHERE tbl_name = ?').pluck().get(table)).toBe(0);
    const again = await instance();
    expect(await again.findDocumentsById(['item-0000001'], true)).toEqual([]);
    await again.close();
  });

  it('keeps databases, collections and schema versions apart', async () => {
    const a = await instance({ databaseName: 'one' });
    const b = await instance({ databaseName: 'two' });
    await a.bulkWrite([{ document: itemDoc(1) }], 'test');
    expect(await b.findDocumentsById(['item-0000001'], true)).toEqual([]);
    expect(a.internals.table).not.toBe(b.internals.table);
    await Promise.all([a.close(), b.close()]);
  });

  it('getAttachmentData says attachments are not stored', async () => {
    const items = await instance();
    await expect(items.getAttachmentData('item-0000001', 'photo', 'digest')).rejects.toThrow(/stores no attachments/);
    await items.close();
  });
});
