import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import type { RxStorageWriteErrorConflict } from 'rxdb';
import { openDatabase, type Db } from '../store/database';
import { tempDir } from '../store/test-helpers';
import { getSqliteRxStorage } from './storage';
import { itemDoc, itemInstance, nextRevision, type Item } from './test-helpers';
import { runWriter } from './test-writer-process';

const KEY = Buffer.alloc(32, 9);
let tmp: ReturnType<typeof tempDir>;
let file: string;
const open: Db[] = [];

beforeEach(() => {
  tmp = tempDir('watchdog-documents-concurrency-');
  file = path.join(tmp.dir, 'watchdog.db');
  // Created and migrated once, so the writers below only open it.
  openDatabase(file, { key: KEY }).close();
});
afterEach(() => {
  for (const db of open.splice(0)) db.close();
  tmp.cleanup();
});

const connect = () => {
  const db = openDatabase(file, { key: KEY });
  open.push(db);
  return db;
};

describe('two connections to one file in one process', () => {
  it('detect each other\'s conflicting writes, share a change stream, and lose nothing', async () => {
    const a = await itemInstance(getSqliteRxStorage({ db: connect() }) as never);
    const b = await itemInstance(getSqliteRxStorage({ db: connect() }) as never);
    expect(a.internals.table).toBe(b.internals.table);

    const seenByB = firstValueFrom(b.changeStream());
    const v1 = itemDoc(1);
    await a.bulkWrite([{ document: v1 }], 'a');
    expect((await seenByB).events.map((e) => e.documentId)).toEqual([v1.id]);
    expect(await b.findDocumentsById([v1.id], false)).toEqual([v1]);

    // Both start from v1; a writes first, so b's write is a conflict carrying a's version.
    const fromA = nextRevision(v1, { name: 'from a' });
    const fromB = nextRevision(v1, { name: 'from b' });
    expect((await a.bulkWrite([{ previous: v1, document: fromA }], 'a')).error).toEqual([]);
    const refused = await b.bulkWrite([{ previous: v1, document: fromB }], 'b');
    expect(refused.error).toHaveLength(1);
    expect((refused.error[0] as RxStorageWriteErrorConflict<Item>).documentInDb).toEqual(fromA);

    const writes = Array.from({ length: 40 }, (_, n) => (n % 2 ? a : b).bulkWrite(
      Array.from({ length: 25 }, (_, k) => ({ document: itemDoc(1000 + n * 25 + k) })),
      'interleaved',
    ));
    expect((await Promise.all(writes)).flatMap((r) => r.error)).toEqual([]);
    const stored = open[0]!.prepare(`SELECT count(*) FROM "${a.internals.table}"`).pluck().get();
    expect(stored).toBe(1 + 40 * 25);
    await Promise.all([a.close(), b.close()]);
  });
});

describe('two processes writing the same file through RxDB', () => {
  it('serialise their transactions: every insert kept, no increment of a shared document lost', async () => {
    const rounds = 150;
    const script = fileURLToPath(new URL('./test-writer-process.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, file, KEY.toString('hex'), '100000', String(rounds)], {
      cwd: process.cwd(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let stdout = '';
    const childReady = new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('ready')) resolve();
    }));
    const childExit = new Promise<number | null>((resolve) => child.on('exit', resolve));

    const ours = await runWriter({ file, key: KEY, first: 0, rounds, ready: () => childReady.then(() => void child.stdin.write('go\n')) });
    expect(await childExit, stderr).toBe(0);
    const theirs = Number(/done (\d+)/.exec(stdout)?.[1]);
    console.info(`two processes: ${ours} + ${theirs} conflicts met and retried by RxDB`);

    const db = connect();
    const table = (name: string) => db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE ?").pluck().get(`rx_watchdog__${name}__v0_%`) as string;
    expect(db.prepare(`SELECT count(*) FROM "${table('items')}" WHERE deleted = 0`).pluck().get()).toBe(2 * rounds);
    const counter = JSON.parse(db.prepare(`SELECT data FROM "${table('counters')}" WHERE id = 'shared'`).pluck().get() as string) as { value: number; _rev: string };
    expect(counter.value).toBe(2 * rounds);
    // One revision per successful write: the insert, then each increment.
    expect(counter._rev.split('-')[0]).toBe(String(2 * rounds + 1));
  }, 60_000);
});
