import { categorizeBulkWriteRows, type BulkWriteRow, type RxDocumentData, type RxStorageDefaultCheckpoint, type RxStorageInstance, type RxStorageWriteError } from 'rxdb';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../store/database';
import type { ChangeBulk } from './change-streams';
import type { SqlValue, TableShape } from './table';

export interface WriteOutcome<T> {
  readonly errors: RxStorageWriteError<T>[];
  /** What to emit once the transaction has committed; null when nothing visible changed. */
  readonly changes: ChangeBulk | null;
}

type Doc = RxDocumentData<Record<string, unknown>>;

/**
 * A bulkWrite in one IMMEDIATE transaction: the stored documents are read under the write lock, so
 * no other connection (or process) can change them between RxDB's revision check and the write.
 * `categorizeBulkWriteRows` is RxDB's own decision of insert, update or 409 conflict (carrying the
 * document in the database), the same code its memory storage runs.
 */
export class DocumentWriter<T> {
  private readonly selectByIds: Statement<[string], string>;
  private readonly upsert: Statement<SqlValue[]>;
  private readonly writeRounds: (rows: BulkWriteRow<T>[], context: string) => WriteOutcome<T>;

  constructor(
    db: Db,
    private readonly shape: TableShape,
    private readonly instance: RxStorageInstance<T, unknown, unknown>,
  ) {
    const t = `"${shape.table}"`;
    this.selectByIds = db.prepare(`SELECT data FROM ${t} WHERE id IN (SELECT value FROM json_each(?))`).pluck() as Statement<[string], string>;
    const fieldColumns = shape.fields.map((f) => `"${f.column}"`);
    const columns = ['id', 'deleted', 'lwt', 'rev', 'data', ...fieldColumns];
    const updates = columns.slice(1).map((c) => `${c} = excluded.${c}`).join(', ');
    this.upsert = db.prepare<SqlValue[]>(`INSERT INTO ${t} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ON CONFLICT(id) DO UPDATE SET ${updates}`);
    const transaction = db.transaction((rows: BulkWriteRow<T>[], context: string) => this.writeAll(rows, context));
    this.writeRounds = (rows, context) => transaction.immediate(rows, context);
  }

  write(rows: BulkWriteRow<T>[], context: string): WriteOutcome<T> {
    return this.writeRounds(rows, context);
  }

  /** The stored documents with these ids (deleted ones included). */
  stored(ids: readonly string[]): Doc[] {
    if (ids.length === 0) return [];
    return this.selectByIds.all(JSON.stringify(ids)).map((data) => JSON.parse(data) as Doc);
  }

  private writeAll(rows: BulkWriteRow<T>[], context: string): WriteOutcome<T> {
    const errors: RxStorageWriteError<T>[] = [];
    let changes: ChangeBulk | null = null;
    let newest: RxStorageDefaultCheckpoint | null = null;
    for (const round of splitRepeatedIds(rows, this.shape.primaryPath)) {
      const ids = round.map((row) => (row.document as unknown as Doc)[this.shape.primaryPath] as string);
      const inDb = new Map(this.stored(ids).map((doc) => [doc[this.shape.primaryPath] as string, doc as RxDocumentData<T>]));
      const categorized = categorizeBulkWriteRows<T>(this.instance, this.shape.primaryPath as never, inDb, round, context);
      // Loops, not push(...x): a batch of 100,000 would exceed the engine's argument limit.
      for (const error of categorized.errors) errors.push(error);
      for (const row of [...categorized.bulkInsertDocs, ...categorized.bulkUpdateDocs]) {
        const doc = row.document as unknown as Doc;
        this.upsert.run(...this.columnValues(doc));
        const at = { id: doc[this.shape.primaryPath] as string, lwt: doc._meta.lwt };
        if (!newest || at.lwt > newest.lwt || (at.lwt === newest.lwt && at.id > newest.id)) newest = at;
      }
      const events = categorized.eventBulk.events as ChangeBulk['events'];
      if (events.length === 0) continue;
      if (changes) for (const event of events) changes.events.push(event);
      else changes = { ...(categorized.eventBulk as ChangeBulk), events: [...events] };
    }
    // The checkpoint is the last (lwt, id) written: getChangedDocumentsSince() from it returns only later writes.
    if (changes && newest) changes.checkpoint = newest;
    return { errors, changes };
  }

  private columnValues(doc: Doc): SqlValue[] {
    const values: SqlValue[] = [doc[this.shape.primaryPath] as string, doc._deleted ? 1 : 0, doc._meta.lwt, doc._rev, JSON.stringify(doc)];
    for (const field of this.shape.fields) values.push(field.read(doc));
    return values;
  }
}

/**
 * Writes of the same document in one batch go in successive rounds, so the second is checked against
 * the first (and is a conflict unless it names the first's revision as its previous).
 */
function splitRepeatedIds<T>(rows: BulkWriteRow<T>[], primaryPath: string): BulkWriteRow<T>[][] {
  const rounds: BulkWriteRow<T>[][] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const id = (row.document as unknown as Doc)[primaryPath] as string;
    const round = (seen.get(id) ?? -1) + 1;
    seen.set(id, round);
    (rounds[round] ??= []).push(row);
  }
  return rounds;
}
