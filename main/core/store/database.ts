import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../api/errors';
import { applyKey, fileKind, keyError, rekeyTarget, replaceWithCopy, writeEncryptedCopy } from './encryption';
import { migrate } from './migrate';

export type Db = Database.Database;

export interface OpenOptions {
  readonly?: boolean;
  /** Create the file if it does not exist (default). Readers such as the verifier pass false. */
  create?: boolean;
  /** Skip migrations (the verifier opens copies read-only, exactly as they are). */
  migrate?: boolean;
  /**
   * The 32-byte database key. A new file is created encrypted; a plain file from before is
   * encrypted in place on its first writable open. Without a key, an encrypted file is refused.
   */
  key?: Buffer;
}

/**
 * Opens (creating if needed) the audit database. WAL lets readers run beside the writer;
 * `synchronous = FULL` makes every commit durable before it is acknowledged — on this class of disk
 * an fsync costs well under a millisecond, so there is no reason to trade durability for speed.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const readonly = options.readonly ?? false;
  if ((readonly || options.create === false) && !fs.existsSync(file)) {
    throw new AppError('NOT_FOUND', `No database at ${file}.`);
  }
  if (!readonly) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const kind = fileKind(file);
  let db: Db;
  try {
    db = new Database(file, { readonly, fileMustExist: readonly });
  } catch (error) {
    throw new AppError('UNAVAILABLE', `Cannot open ${file}: ${(error as Error).message}.`);
  }
  const { key } = options;
  const keyed = key !== undefined && kind !== 'plain';
  try {
    if (keyed) applyKey(db, key);
    configure(db, readonly);
    if (key && kind === 'plain' && !readonly) {
      // A plain file from before encryption: an encrypted copy replaces it, then it opens as any other.
      if (options.migrate !== false) migrate(db);
      writeEncryptedCopy(db, rekeyTarget(file), key);
      db.close();
      replaceWithCopy(rekeyTarget(file), file);
      return openDatabase(file, options);
    }
    if (!readonly && options.migrate !== false) migrate(db);
    if (!readonly) refreshStatistics(db);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof AppError) throw error;
    const refused = keyError(file, kind, keyed, error);
    if (refused) throw refused;
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_READONLY')) {
      throw new AppError(
        'UNAVAILABLE',
        `Cannot open ${file} for writing: the file or its folder is read-only here (${code}). It can still be verified read-only (\`watchdog verify\`); to write to it, give this user write access.`,
      );
    }
    throw new AppError('UNAVAILABLE', `Cannot use ${file} as a Watchdog database: ${(error as Error).message}.`);
  }
}

/**
 * Keeps the query planner's statistics current. Without them SQLite picked the store index over
 * the far more selective action index for "refunds at store 2" (10 ms instead of 2.5 ms at 1M).
 * `analysis_limit` bounds the cost; SQLite only re-analyses tables that changed enough.
 */
export function refreshStatistics(db: Db): void {
  db.pragma('analysis_limit = 1000');
  db.pragma('optimize = 0x10002');
}

function configure(db: Db, readonly: boolean): void {
  // Reading the schema first turns "not a database" into a clear error before any write is tried.
  db.prepare('SELECT count(*) FROM sqlite_schema').get();
  if (!readonly) {
    // Only a new, empty file takes a page size (an existing one keeps its own). 8 KiB pages: fewer
    // B-tree splits and WAL frames per batch, +6 % batched ingest against 4 KiB on this class of machine.
    if (db.pragma('page_count', { simple: true }) === 0) db.pragma('page_size = 8192');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    // Checkpoint every 4,000 pages (32 MB) rather than SQLite's 1,000: index pages rewritten by
    // successive commits are copied into the file once, not four times; +8 % batched ingest.
    db.pragma('wal_autocheckpoint = 4000');
  }
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('temp_store = MEMORY');
  setPageCache(db, PAGE_CACHE_KIB);
}

/** 256 MB of page cache: the indexes' working set at a million events; +7 % batched ingest. */
export const PAGE_CACHE_KIB = 262_144;

/**
 * While a file import runs (AuditLog.bulk). An import appends in time order, so the pages it needs
 * again are the right-hand edges of the indexes, well under a megabyte; a large cache only fills up
 * with table pages that are not read again. A million-row import peaked about 210 MB higher with 256 MB
 * than with 64 MB, and was slower (more system time: fresh memory for every page); 4 to 32 MB made no
 * difference.
 */
export const BULK_PAGE_CACHE_KIB = 32_768;

export function setPageCache(db: Db, kib: number): void {
  db.pragma(`cache_size = -${kib}`);
}
