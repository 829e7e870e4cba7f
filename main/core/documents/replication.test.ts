import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  awaitRxStorageReplicationFirstInSync,
  awaitRxStorageReplicationInSync,
  cancelRxStorageReplication,
  defaultConflictHandler,
  defaultHashSha256,
  getRxReplicationMetaInstanceSchema,
  randomToken,
  replicateRxStorageInstance,
  rxStorageInstanceToReplicationHandler,
  type RxDocumentData,
  type RxStorageInstance,
} from 'rxdb';
import { openDatabase, type Db } from '../store/database';
import { tempDir } from '../store/test-helpers';
import { getSqliteRxStorage } from './storage';
import { filledItemSchema, itemDoc, itemInstance, nextRevision, preparedQuery, type Item } from './test-helpers';
import type { SqliteStorageInstance } from './instance';

/**
 * RxDB's own replication protocol between two SqliteRxStorage files — a store's (the fork) and a
 * stand-in for headquarters (the master). It drives getChangedDocumentsSince, the change stream's
 * checkpoints, and bulkWrite's conflict answers, the way the sync issue will.
 */
let tmp: ReturnType<typeof tempDir>;
let dbs: Db[];
let master: SqliteStorageInstance<Item>;
let fork: SqliteStorageInstance<Item>;
let meta: RxStorageInstance<never, unknown, unknown>;

beforeEach(async () => {
  tmp = tempDir('watchdog-documents-replication-');
  dbs = ['hq.db', 'store.db'].map((name) => openDatabase(path.join(tmp.dir, name)));
  master = await itemInstance(getSqliteRxStorage({ db: dbs[0]! }) as never, { databaseName: 'hq' });
  const storeStorage = getSqliteRxStorage({ db: dbs[1]! });
  fork = await itemInstance(storeStorage as never, { databaseName: 'store' });
  meta = (await storeStorage.createStorageInstance({
    databaseInstanceToken: randomToken(10), databaseName: 'store', collectionName: 'items-replication-meta',
    schema: getRxReplicationMetaInstanceSchema(filledItemSchema, false), options: {}, multiInstance: false, devMode: false,
  })) as never;
});
afterEach(async () => {
  await Promise.all([master.close(), fork.close(), meta.close()]);
  for (const db of dbs) db.close();
  tmp.cleanup();
});

function replicate() {
  return replicateRxStorageInstance<Item>({
    identifier: 'store-hq',
    replicationHandler: rxStorageInstanceToReplicationHandler(master, defaultConflictHandler, randomToken(10)),
    forkInstance: fork,
    metaInstance: meta as never,
    pullBatchSize: 50,
    pushBatchSize: 50,
    conflictHandler: defaultConflictHandler,
    hashFunction: defaultHashSha256,
    skipStoringPullMeta: false,
  });
}

/** The live documents of one side, without revision and write time (each side writes its own). */
async function state(instance: SqliteStorageInstance<Item>): Promise<Record<string, unknown>[]> {
  const { documents } = await instance.query(preparedQuery(filledItemSchema, { selector: { _deleted: { $eq: false } } as never, sort: [{ id: 'asc' }] }));
  return documents.map(({ _rev: _r, _meta: _m, ...doc }: RxDocumentData<Item>) => doc);
}

describe('RxDB replication protocol between two SqliteRxStorage files', () => {
  it('brings both sides to the same documents, both ways, deletes and conflicts included', async () => {
    await master.bulkWrite(Array.from({ length: 120 }, (_, i) => ({ document: itemDoc(i) })), 'hq');
    await fork.bulkWrite(Array.from({ length: 80 }, (_, i) => ({ document: itemDoc(1000 + i) })), 'store');
    const replication = replicate();
    await awaitRxStorageReplicationFirstInSync(replication);
    expect((await state(fork)).length).toBe(200);
    expect(await state(fork)).toEqual(await state(master));

    // Edits on both sides, a delete at headquarters, and one document changed on both (master wins).
    const [atHq] = await master.findDocumentsById(['item-0000005', 'item-0000006', 'item-0000007'], false).then((d) => d.sort((a, b) => (a.id < b.id ? -1 : 1)));
    const [inStore] = await fork.findDocumentsById(['item-0000007'], false);
    const [removed] = await master.findDocumentsById(['item-0000006'], false);
    await master.bulkWrite([
      { previous: atHq, document: nextRevision(atHq!, { name: 'edited at hq' }) },
      { previous: removed, document: nextRevision(removed!, { _deleted: true }) },
    ], 'hq');
    const [sameAtHq] = await master.findDocumentsById(['item-0000007'], false);
    await master.bulkWrite([{ previous: sameAtHq, document: nextRevision(sameAtHq!, { name: 'hq version' }) }], 'hq');
    await fork.bulkWrite([{ previous: inStore, document: nextRevision(inStore!, { name: 'store version' }) }], 'store');
    const [storeOnly] = await fork.findDocumentsById(['item-0001003'], false);
    await fork.bulkWrite([{ previous: storeOnly, document: nextRevision(storeOnly!, { status: 'snoozed' }) }], 'store');

    await awaitRxStorageReplicationInSync(replication);
    const synced = await state(fork);
    expect(synced).toEqual(await state(master));
    expect(synced.length).toBe(199);
    const byId = new Map(synced.map((d) => [d.id, d]));
    expect(byId.get('item-0000005')?.name).toBe('edited at hq');
    expect(byId.get('item-0000007')?.name).toBe('hq version');
    expect(byId.get('item-0001003')?.status).toBe('snoozed');
    await cancelRxStorageReplication(replication);
  });
});
