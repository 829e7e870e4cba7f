import path from 'node:path';
import {
  fillWithDefaultSettings,
  normalizeMangoQuery,
  now,
  prepareQuery,
  randomToken,
  type MangoQuery,
  type PreparedQuery,
  type RxDocumentData,
  type RxJsonSchema,
  type RxStorage,
} from 'rxdb';
import { openDatabase, type Db } from '../store/database';
import type { SqliteStorageInstance } from './instance';

export interface Item {
  id: string;
  name: string;
  status: 'open' | 'closed' | 'snoozed';
  priority: number;
  score: number;
  flag: boolean;
  store: string;
  tags: string[];
  note?: string;
}

/** A schema with the index shapes the app uses: one field, compound, a decimal number, a boolean. */
export const itemSchema: RxJsonSchema<Item> = {
  version: 0,
  type: 'object',
  primaryKey: 'id',
  properties: {
    id: { type: 'string', maxLength: 40 },
    name: { type: 'string', maxLength: 100 },
    status: { type: 'string', enum: ['open', 'closed', 'snoozed'], maxLength: 10 },
    priority: { type: 'integer', minimum: 0, maximum: 10, multipleOf: 1 },
    // A binary fraction: ajv checks multipleOf by division, and 1.11 / 0.01 is not an integer in floating point.
    score: { type: 'number', minimum: 0, maximum: 1000, multipleOf: 0.25 },
    flag: { type: 'boolean' },
    store: { type: 'string', maxLength: 10 },
    tags: { type: 'array', items: { type: 'string' } },
    note: { type: 'string' },
  },
  required: ['id', 'name', 'status', 'priority', 'score', 'flag', 'store', 'tags'],
  indexes: ['status', ['store', 'priority'], 'score', ['flag', 'name']],
};

export interface Counter {
  id: string;
  value: number;
}

/** One shared number that concurrent writers increment: every lost update shows in the total. */
export const counterSchema: RxJsonSchema<Counter> = {
  version: 0,
  type: 'object',
  primaryKey: 'id',
  properties: { id: { type: 'string', maxLength: 20 }, value: { type: 'integer' } },
  required: ['id', 'value'],
};

export const filledItemSchema = fillWithDefaultSettings(itemSchema) as RxJsonSchema<RxDocumentData<Item>>;

const STATUSES = ['open', 'closed', 'snoozed'] as const;

/** Deterministic field values spread over `i`, so filters and ranges have something to find. */
export function itemData(i: number, overrides: Partial<Item> = {}): Item {
  return {
    id: `item-${String(i).padStart(7, '0')}`,
    name: `name ${(i * 7919) % 1000}`,
    status: STATUSES[i % 3] ?? 'open',
    priority: i % 11,
    score: ((i * 37) % 4000) / 4,
    flag: i % 2 === 0,
    store: `S${String(i % 20).padStart(3, '0')}`,
    tags: i % 5 === 0 ? ['vip'] : [],
    ...overrides,
  };
}

/** The document as RxDB hands it to a storage: meta fields filled. */
export function itemDoc(i: number, overrides: Partial<RxDocumentData<Item>> = {}): RxDocumentData<Item> {
  return { ...itemData(i), _deleted: false, _attachments: {}, _rev: `1-${randomToken(10)}`, _meta: { lwt: now() }, ...overrides };
}

/** The next revision of a stored document, as RxDB writes an update. */
export function nextRevision(doc: RxDocumentData<Item>, changes: Partial<RxDocumentData<Item>> = {}): RxDocumentData<Item> {
  const height = Number(doc._rev.split('-')[0]) + 1;
  return { ...doc, ...changes, _rev: `${height}-${randomToken(10)}`, _meta: { lwt: now() } };
}

/** A Mango query as RxDB prepares it for a storage: normalized, with the planner's index range. */
export function preparedQuery(schema: RxJsonSchema<RxDocumentData<Item>>, query: MangoQuery<Item>): PreparedQuery<Item> {
  return prepareQuery(schema, normalizeMangoQuery(schema, query));
}

export function openTestDb(dir: string, key?: Buffer): Db {
  return openDatabase(path.join(dir, 'watchdog.db'), key ? { key } : {});
}

export async function itemInstance(
  storage: RxStorage<unknown, unknown>,
  names: { databaseName?: string; collectionName?: string } = {},
): Promise<SqliteStorageInstance<Item>> {
  const instance = await storage.createStorageInstance<Item>({
    databaseInstanceToken: randomToken(10),
    databaseName: names.databaseName ?? 'testdb',
    collectionName: names.collectionName ?? 'items',
    schema: filledItemSchema,
    options: {},
    multiInstance: false,
    devMode: false,
  });
  return instance as unknown as SqliteStorageInstance<Item>;
}

export const ids = (docs: readonly { id: string }[]) => docs.map((d) => d.id);
