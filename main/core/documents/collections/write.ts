import type { RxCollection, RxDocument, RxStorageWriteError } from 'rxdb';
import type { Actor } from '../../accounts/audit-events';
import type { Stamped } from './schemas';

/**
 * The only way documents get `updatedBy` and `updatedAt`: from the Actor of the request and the
 * clock, never from the caller's data. A change the core makes on its own (detection opening a case)
 * has an Actor without a user; it is recorded as `system:<source>`.
 */
export function actorName(actor: Actor): string {
  return actor.userName ?? `system:${actor.source}`;
}

export function stampOf(actor: Actor, now: Date = new Date()): Stamped {
  return { updatedBy: actorName(actor), updatedAt: now.toISOString() };
}

/** The document's data without the stamp (which the helpers add; a stamp passed in is overwritten). */
export type Unstamped<T extends Stamped> = Omit<T, keyof Stamped> & Partial<Stamped>;

export function stamp<T extends Stamped>(actor: Actor, data: Unstamped<T>, now: Date = new Date()): T {
  return { ...data, ...stampOf(actor, now) } as T;
}

export interface InsertResult<T> {
  inserted: T[];
  /** One per refused document: RxDB's write error (422 for a schema failure, 409 for an existing id). */
  refused: RxStorageWriteError<T>[];
}

/**
 * Inserts a batch as `actor`. A document that fails its schema (or exists already) is refused on its
 * own; the rest of the batch is written. See `describeWriteError` for a sentence per refusal.
 */
export async function insertAs<T extends Stamped>(
  collection: RxCollection<T>,
  actor: Actor,
  docs: readonly Unstamped<T>[],
  now: Date = new Date(),
): Promise<InsertResult<T>> {
  const result = await collection.bulkInsert(docs.map((d) => stamp<T>(actor, d, now)));
  return { inserted: result.success.map((d) => d.toJSON() as T), refused: result.error };
}

/** Inserts or replaces one document as `actor` (RxDB's incrementalUpsert: no lost update). */
export async function upsertAs<T extends Stamped>(collection: RxCollection<T>, actor: Actor, data: Unstamped<T>, now: Date = new Date()): Promise<RxDocument<T>> {
  return collection.incrementalUpsert(stamp<T>(actor, data, now));
}

/** Changes some fields of a document as `actor`; a conflict is retried on the latest version by RxDB. */
export async function patchAs<T extends Stamped>(
  doc: RxDocument<T>,
  actor: Actor,
  patch: Partial<Omit<T, keyof Stamped>>,
  now: Date = new Date(),
): Promise<RxDocument<T>> {
  return doc.incrementalPatch({ ...patch, ...stampOf(actor, now) } as Partial<T>);
}

/**
 * Deletes a document as `actor`: first stamps it, so the tombstone (which replication carries to
 * headquarters) says who deleted it and when, then removes it.
 */
export async function removeAs<T extends Stamped>(doc: RxDocument<T>, actor: Actor, now: Date = new Date()): Promise<void> {
  const stamped = await doc.incrementalPatch(stampOf(actor, now) as Partial<T>);
  await stamped.incrementalRemove();
}

interface AjvFailure {
  instancePath?: string;
  field?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** A refusal as one sentence: "notes/n-1: /text must NOT have more than 10000 characters". */
export function describeWriteError<T>(collectionName: string, error: RxStorageWriteError<T>): string {
  const where = `${collectionName}/${error.documentId}`;
  if (error.status === 409) return `${where}: a document with this id exists already, or it was changed meanwhile`;
  if (error.status !== 422) return `${where}: refused (${error.status})`;
  // Typed by RxDB as { field, message }; ajv's validator fills in { instancePath, message, params }.
  const failures = error.validationErrors as readonly AjvFailure[];
  const what = failures.map((f) => {
    const extra = f.params && 'additionalProperty' in f.params ? ` (${String(f.params.additionalProperty)})` : '';
    return `${f.instancePath || f.field || '/'} ${f.message ?? 'is invalid'}${extra}`;
  });
  return `${where}: ${what.join('; ') || 'does not match its schema'}`;
}
