/**
 * `npx tsx test/bench/documents-bench.ts`: RxDB on Watchdog's SQLite RxStorage at 100,000 documents.
 * Targets (issue 5): a query on an indexed field p95 ≤ 10 ms; a bulk write of 10,000 documents ≤ 1 s.
 * The file is encrypted and durable (`synchronous = FULL`) exactly as the audit store opens it, and
 * writes go through the ajv validator as the app's will. Query shapes run in turn (one of each, then
 * again), each with a new value every time so RxDB's query cache never answers. Figures to read, not
 * assertions: shared machines are noisy. DOCUMENTS_BENCH_DOCS=20000 for a quicker run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRxDatabase, type MangoQuery, type MangoQuerySortPart, type RxCollection } from 'rxdb';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { openDatabase } from '../../main/core/store/database';
import { getSqliteRxStorage } from '../../main/core/documents';
import type { SqliteStorageInstance } from '../../main/core/documents';
import { filledItemSchema, itemData, itemDoc, itemSchema, type Item } from '../../main/core/documents/test-helpers';
import { percentile, printTable, type BenchRow } from './stats';

const TOTAL = Number(process.env.DOCUMENTS_BENCH_DOCS ?? 100_000);
const BATCH = 10_000;
const ROUNDS = 200;

const ms = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e6;
async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return ms(started);
}

/** Query shapes on indexed fields; `n` varies the values so no two runs ask the same. */
const STATUSES = ['open', 'closed', 'snoozed'] as const;
const by = (...fields: (keyof Item)[]): MangoQuerySortPart<Item>[] => fields.map((f) => ({ [f]: 'asc' }) as MangoQuerySortPart<Item>);

const SHAPES: { name: string; query: (n: number) => MangoQuery<Item>; count?: boolean }[] = [
  { name: 'store = ? AND priority = ? (compound index, ~450 docs)', query: (n) => ({ selector: { store: `S${String(n % 20).padStart(3, '0')}`, priority: Math.floor(n / 20) % 11 } }) },
  { name: 'status = ?, a page of 50 in index order', query: (n) => ({ selector: { status: STATUSES[n % 3] }, sort: by('status', 'id'), skip: n * 50, limit: 50 }) },
  { name: 'score in [x, x + 2) (range, ~200 docs)', query: (n) => ({ selector: { score: { $gte: (n * 4.75) % 990, $lt: ((n * 4.75) % 990) + 2 } } }) },
  { name: 'flag = ? AND name > ?, first 20 by name', query: (n) => ({ selector: { flag: n % 2 === 0, name: { $gt: `name ${n % 1000}` } }, sort: by('flag', 'name'), limit: 20 }) },
  // RxDB picks the default sort before it adds `_deleted` to the selector, so without a sort this
  // query is ordered by the first index (status): every match is read and sorted (by SQLite).
  { name: 'flag = ? AND name > ?, first 20, no sort given', query: (n) => ({ selector: { flag: n % 2 === 1, name: { $gt: `name ${n % 1000}` } }, limit: 20 }) },
  { name: 'count: score in [x, x + 25) (~2,500 docs)', query: (n) => ({ selector: { score: { $gte: (n * 4.75) % 975, $lt: ((n * 4.75) % 975) + 25 } } }), count: true },
];


async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watchdog-documents-bench-'));
  const db = openDatabase(path.join(dir, 'watchdog.db'), { key: Buffer.alloc(32, 3) });
  const rows: BenchRow[] = [];
  const row = (name: string, value: number, unit: string, target = '', pass: boolean | null = null) => rows.push({ name, value, unit, target, pass });
  try {
    const database = await createRxDatabase({ name: 'bench', storage: wrappedValidateAjvStorage({ storage: getSqliteRxStorage({ db }) }), multiInstance: false });
    const { items } = await database.addCollections({ items: { schema: itemSchema } });
    const collection = items as RxCollection<Item>;
    const instance = collection.storageInstance as unknown as SqliteStorageInstance<Item>;

    // Fill: RxDB bulkInsert (validated) and the bare storage bulkWrite take turns, 10,000 documents each.
    const viaRxdb: number[] = [];
    const viaStorage: number[] = [];
    const raw = await getSqliteRxStorage({ db }).createStorageInstance<Item>({
      databaseInstanceToken: 'bench', databaseName: 'bench-raw', collectionName: 'items', schema: filledItemSchema, options: {}, multiInstance: false, devMode: false,
    });
    for (let from = 0; from < TOTAL; from += BATCH) {
      const size = Math.min(BATCH, TOTAL - from);
      viaRxdb.push(await timed(async () => {
        const result = await collection.bulkInsert(Array.from({ length: size }, (_, k) => itemData(from + k)));
        if (result.error.length) throw new Error(`bulkInsert refused ${result.error.length} documents`);
      }));
      const docs = Array.from({ length: size }, (_, k) => ({ document: itemDoc(from + k) }));
      viaStorage.push(await timed(() => raw.bulkWrite(docs, 'bench')));
    }
    row(`bulk write ${BATCH.toLocaleString('en-US')} docs, RxDB bulkInsert + ajv, p50`, percentile(viaRxdb, 50), 'ms');
    row(`bulk write ${BATCH.toLocaleString('en-US')} docs, RxDB bulkInsert + ajv, max`, Math.max(...viaRxdb), 'ms', '≤ 1,000 ms', Math.max(...viaRxdb) <= 1000);
    row(`bulk write ${BATCH.toLocaleString('en-US')} docs, storage bulkWrite, max`, Math.max(...viaStorage), 'ms', '≤ 1,000 ms', Math.max(...viaStorage) <= 1000);
    db.exec('ANALYZE');

    // Queries: each shape through RxDB (collection.find/count) and through the storage, shapes in turn.
    const samples = new Map<string, number[]>();
    const add = (name: string, value: number) => (samples.get(name) ?? samples.set(name, []).get(name)!).push(value);
    for (let n = 0; n < ROUNDS; n++) {
      for (const shape of SHAPES) {
        const query = shape.query(n);
        const rxQuery = shape.count ? collection.count(query) : collection.find(query);
        // The storage row runs the very query RxDB prepared, on a value RxDB has not cached yet.
        const prepared = (shape.count ? collection.count(shape.query(n + ROUNDS)) : collection.find(shape.query(n + ROUNDS))).getPreparedQuery();
        add(`RxDB    ${shape.name}`, await timed(() => rxQuery.exec()));
        add(`storage ${shape.name}`, await timed(() => (shape.count ? instance.count(prepared) : instance.query(prepared))));
      }
      const since = { id: itemData((n * 499) % TOTAL).id, lwt: 0 };
      add('storage getChangedDocumentsSince, 100 docs', await timed(() => instance.getChangedDocumentsSince(100, since)));
      const ids = Array.from({ length: 100 }, (_, k) => itemData((n * 7919 + k * 104_729) % TOTAL).id);
      add('storage findDocumentsById, 100 ids', await timed(() => instance.findDocumentsById(ids, false)));
    }
    for (const [name, values] of samples) {
      const indexed = !name.includes('getChanged') && !name.includes('findDocuments');
      row(`${name} p50`, percentile(values, 50), 'ms');
      row(`${name} p95`, percentile(values, 95), 'ms', indexed ? '≤ 10 ms' : '', indexed ? percentile(values, 95) <= 10 : null);
    }
    await raw.close();
    await database.close();
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\n${TOTAL.toLocaleString('en-US')} documents, ${ROUNDS} runs per query shape, Node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'}\n`);
  printTable(rows);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
