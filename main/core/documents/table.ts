import { createHash } from 'node:crypto';
import { getPrimaryFieldOfPrimaryKey, objectPathMonad, toArray, type RxDocumentData, type RxJsonSchema } from 'rxdb';
import type { Db } from '../store/database';

/** A value SQLite stores as it is given: what a document field becomes in an index column. */
export type SqlValue = string | number | null;

/** A real column holding one indexed field, filled from the document on every write. */
export interface IndexedField {
  readonly path: string;
  readonly column: string;
  readonly read: (doc: unknown) => SqlValue;
}

export interface SqlIndex {
  readonly name: string;
  readonly columns: readonly string[];
  /** A partial index: only rows matching this. */
  readonly where?: string;
}

/**
 * How one collection instance lies in SQLite: its table, the real column behind each indexed field,
 * and one SQLite index per index of the schema (RxDB has already added `_deleted` in front and the
 * primary key at the end of each).
 */
export interface TableShape {
  readonly table: string;
  readonly primaryPath: string;
  readonly fields: readonly IndexedField[];
  readonly indexes: readonly SqlIndex[];
  /** The SQL that reads a field: a real column when the field has one, else `json_extract` on the document. */
  readonly sqlFor: (path: string) => string;
  /** The real column of a field (quoted), or null when only the JSON document holds it. */
  readonly columnFor: (path: string) => string | null;
  /** The SQLite index over exactly these fields, if the schema declared it. */
  readonly indexFor: (paths: readonly string[]) => string | null;
}

/** The meta fields every document has, kept in their own typed columns. */
const META_COLUMNS: Readonly<Record<string, string>> = { _deleted: 'deleted', '_meta.lwt': 'lwt', _rev: 'rev' };

const hash = (text: string, length: number) => createHash('sha256').update(text).digest('hex').slice(0, length);
const slug = (text: string, length: number) => text.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, length);

/**
 * One table per database, collection and schema version. The name is readable (for someone looking at
 * the file) and only ever [a-z0-9_]; the hash of the exact names keeps two names that slug alike apart.
 */
export function tableName(databaseName: string, collectionName: string, version: number): string {
  const exact = hash(JSON.stringify([databaseName, collectionName, version]), 10);
  return `rx_${slug(databaseName, 24)}__${slug(collectionName, 32)}__v${version}_${exact}`;
}

/** `$."a"."b"` for the field path `a.b`: each key quoted, so any property name is a valid JSON path. */
export function jsonPath(path: string): string {
  return '$' + path.split('.').map((key) => `.${JSON.stringify(key)}`).join('');
}

/** A string, number or boolean as SQLite compares it (booleans as 0/1, like `json_extract`). */
export function toSqlValue(value: unknown): SqlValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' || typeof value === 'string') return value;
  return JSON.stringify(value);
}

export function describeTable(table: string, schema: RxJsonSchema<RxDocumentData<unknown>>): TableShape {
  const primaryPath = getPrimaryFieldOfPrimaryKey(schema.primaryKey) as string;
  const declared = (schema.indexes ?? []).map((index) => toArray(index) as string[]);
  const fieldByPath = new Map<string, IndexedField>();
  const columnOf = (path: string): string => {
    if (path === primaryPath) return 'id';
    const meta = META_COLUMNS[path];
    if (meta) return meta;
    let field = fieldByPath.get(path);
    if (!field) {
      const get = objectPathMonad(path);
      field = { path, column: `f_${slug(path, 40)}_${hash(path, 6)}`, read: (doc) => toSqlValue(get(doc)) };
      fieldByPath.set(path, field);
    }
    return field.column;
  };
  // getChangedDocumentsSince() walks every document by (lwt, id); RxDB declares that index itself.
  const wanted = [...declared, ['_meta.lwt', primaryPath]];
  const indexes = new Map<string, SqlIndex>();
  for (const paths of wanted) {
    const columns = paths.map(columnOf);
    const key = columns.join(',');
    if (key === 'id' || indexes.has(key)) continue;
    indexes.set(key, { name: `${table}__i_${hash(key, 10)}`, columns });
  }
  // cleanup() walks tombstones by age: a partial index holds only those, so live writes never pay for it.
  const tombstones = { name: `${table}__i_${hash('lwt where deleted = 1', 10)}`, columns: ['lwt'], where: 'deleted = 1' };
  const columnFor = (path: string): string | null => {
    const column = path === primaryPath ? 'id' : (META_COLUMNS[path] ?? fieldByPath.get(path)?.column);
    return column ? `"${column}"` : null;
  };
  const sqlFor = (path: string): string => columnFor(path) ?? `json_extract(data, ${quoteText(jsonPath(path))})`;
  const indexFor = (paths: readonly string[]): string | null => {
    if (!paths.every((p) => columnFor(p) !== null)) return null;
    return indexes.get(paths.map(columnOf).join(','))?.name ?? null;
  };
  return { table, primaryPath, fields: [...fieldByPath.values()], indexes: [...indexes.values(), tombstones], sqlFor, columnFor, indexFor };
}

const quoteText = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * Creates the table and its indexes, or brings an existing one up to the shape the schema asks for:
 * a new indexed field gets its column (filled from the stored documents), an index the schema no
 * longer declares is dropped. Real columns filled on write rather than generated ones: the store's
 * encrypt-in-place copy (`writeEncryptedCopy`) moves rows with `INSERT … SELECT *`, which for a table
 * with generated columns works only through SQLite's transfer optimisation (otherwise `SELECT *`
 * yields one value too many per generated column); and SQLite need not parse the JSON once per index.
 */
export function ensureTable(db: Db, shape: TableShape): void {
  const { table } = shape;
  db.transaction(() => {
    const fieldColumns = shape.fields.map((f) => `, "${f.column}"`).join('');
    db.exec(`CREATE TABLE IF NOT EXISTS "${table}" (
      id TEXT PRIMARY KEY NOT NULL,
      deleted INTEGER NOT NULL,
      lwt REAL NOT NULL,
      rev TEXT NOT NULL,
      data TEXT NOT NULL${fieldColumns}
    )`);
    const existing = new Set((db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name));
    for (const field of shape.fields.filter((f) => !existing.has(f.column))) {
      db.exec(`ALTER TABLE "${table}" ADD COLUMN "${field.column}"`);
      db.prepare(`UPDATE "${table}" SET "${field.column}" = json_extract(data, ?)`).run(jsonPath(field.path));
    }
    const present = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND name LIKE ? ESCAPE '\\'")
      .pluck()
      .all(table, `${table.replace(/_/g, '\\_')}\\_\\_i\\_%`) as string[];
    const wanted = new Set(shape.indexes.map((i) => i.name));
    for (const name of present.filter((n) => !wanted.has(n))) db.exec(`DROP INDEX "${name}"`);
    for (const index of shape.indexes) {
      const where = index.where ? ` WHERE ${index.where}` : '';
      db.exec(`CREATE INDEX IF NOT EXISTS "${index.name}" ON "${table}" (${index.columns.map((c) => `"${c}"`).join(', ')})${where}`);
    }
  }).immediate();
}

export function dropTable(db: Db, table: string): void {
  db.exec(`DROP TABLE IF EXISTS "${table}"`);
}
