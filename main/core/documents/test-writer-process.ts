/**
 * A second writer for concurrency.test.ts, in its own process: `node --import tsx test-writer-process.ts
 * <file> <hex key> <first item> <rounds>`. It opens the same SQLite file through its own connection
 * and RxDatabase, says `ready`, waits for `go` on stdin, then in each round inserts one item and
 * increments the shared counter (RxDB's incrementalModify, which retries on a 409), and says
 * `done <conflicts it met>`.
 */
import { createRxDatabase } from 'rxdb';
import { openDatabase } from '../store/database';
import { getSqliteRxStorage, type SqliteRxStorage } from './storage';
import { counterSchema, itemData, itemSchema, type Counter } from './test-helpers';

export interface WriterOptions {
  readonly file: string;
  readonly key: Buffer;
  readonly first: number;
  readonly rounds: number;
  /** Called once the database is open; the rounds start when it resolves. */
  readonly ready: () => Promise<void>;
}

/** Runs the rounds; returns how many of its writes the storage refused as conflicts (409) on the way. */
export async function runWriter(options: WriterOptions): Promise<number> {
  const db = openDatabase(options.file, { key: options.key });
  const conflicts = { count: 0 };
  const database = await createRxDatabase({ name: 'watchdog', storage: countingConflicts(getSqliteRxStorage({ db }), conflicts), multiInstance: false });
  const { items, counters } = await database.addCollections({ items: { schema: itemSchema }, counters: { schema: counterSchema } });
  await counters.insertIfNotExists({ id: 'shared', value: 0 });
  const counter = await counters.findOne('shared').exec(true);
  await options.ready();
  for (let i = 0; i < options.rounds; i++) {
    await items.insert(itemData(options.first + i));
    await counter.incrementalModify((doc: Counter) => ({ ...doc, value: doc.value + 1 }));
  }
  await database.close();
  db.close();
  return conflicts.count;
}

function countingConflicts(storage: SqliteRxStorage, conflicts: { count: number }): SqliteRxStorage {
  return {
    ...storage,
    async createStorageInstance(params) {
      const instance = await storage.createStorageInstance(params);
      const write = instance.bulkWrite.bind(instance);
      instance.bulkWrite = async (rows, context) => {
        const result = await write(rows, context);
        conflicts.count += result.error.filter((e) => e.status === 409).length;
        return result;
      };
      return instance;
    },
  };
}

if (process.argv[1]?.endsWith('test-writer-process.ts')) {
  const [file, keyHex, first, rounds] = process.argv.slice(2);
  const ready = () => {
    process.stdout.write('ready\n');
    return new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  };
  runWriter({ file: String(file), key: Buffer.from(String(keyHex), 'hex'), first: Number(first), rounds: Number(rounds), ready })
    .then((conflicts) => {
      process.stdout.write(`done ${conflicts}\n`);
      process.exit(0);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    });
}
