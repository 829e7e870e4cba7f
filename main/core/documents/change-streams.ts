import path from 'node:path';
import { Subject } from 'rxjs';
import type { EventBulk, RxStorageChangeEvent, RxStorageDefaultCheckpoint } from 'rxdb';
import type { Db } from '../store/database';

export type ChangeBulk = EventBulk<RxStorageChangeEvent<unknown>, RxStorageDefaultCheckpoint>;

interface Shared {
  readonly subject: Subject<ChangeBulk>;
  users: number;
}

/**
 * One stream per table per file in this process, shared by every instance on it — as RxDB's memory
 * storage shares its state — so two RxDatabases on the same file (two connections, or two windows'
 * cores) see each other's writes. Another process's writes are not seen here: SQLite has no change
 * notification across processes (see docs/documents.md).
 */
const streams = new Map<string, Shared>();
const memoryIds = new WeakMap<Db, string>();
let nextMemoryId = 0;

function streamKey(db: Db, table: string): string {
  const file = db.memory || db.name === '' ? memoryId(db) : path.resolve(db.name);
  return `${file}\u0000${table}`;
}

function memoryId(db: Db): string {
  let id = memoryIds.get(db);
  if (!id) {
    id = `memory:${nextMemoryId++}`;
    memoryIds.set(db, id);
  }
  return id;
}

export function joinStream(db: Db, table: string): { subject: Subject<ChangeBulk>; leave: () => void } {
  const key = streamKey(db, table);
  let shared = streams.get(key);
  if (!shared) {
    shared = { subject: new Subject<ChangeBulk>(), users: 0 };
    streams.set(key, shared);
  }
  shared.users++;
  const joined = shared;
  let left = false;
  return {
    subject: joined.subject,
    leave: () => {
      if (left) return;
      left = true;
      joined.users--;
      if (joined.users === 0) {
        streams.delete(key);
        joined.subject.complete();
      }
    },
  };
}
