import { AppError } from '../api/errors';

/**
 * SQLite's write failures as a store manager reads them. better-sqlite3's SqliteError carries the
 * extended result code as `code` (SQLITE_FULL, SQLITE_READONLY_DBMOVED, SQLITE_IOERR_FSYNC, ...).
 * Any other error comes back unchanged.
 */
export function writeError<E>(error: E, file: string): E | AppError {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || error instanceof AppError) return error;
  const where = file ? ` at ${file}` : '';
  if (code === 'SQLITE_FULL') {
    return new AppError(
      'UNAVAILABLE',
      `The disk is full: the audit log${where} could not grow, so nothing of this batch was stored. Free space on that disk, then send the batch again (${code}).`,
    );
  }
  if (code === 'SQLITE_READONLY_DBMOVED') {
    return new AppError(
      'UNAVAILABLE',
      `The audit log file${where} was moved or deleted while Watchdog had it open, so nothing of this batch was stored. Restart Watchdog, then send the batch again (${code}).`,
    );
  }
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_')) {
    return new AppError(
      'UNAVAILABLE',
      `The audit log${where} is read-only here (it was opened read-only, or its disk or folder does not allow writing), so nothing of this batch was stored. Open it writable, then send the batch again (${code}).`,
    );
  }
  if (code === 'SQLITE_IOERR' || code.startsWith('SQLITE_IOERR_')) {
    // A failed fsync can leave the batch's frames in the WAL: "not stored" would be a promise we cannot keep.
    // Sending it again is always safe: known event_ids are acknowledged, not stored twice.
    return new AppError(
      'UNAVAILABLE',
      `The disk reported an error while writing the audit log${where}, so the batch was not acknowledged. Check the disk and its connection, then send the batch again; events already stored are recognised by their event_id and not stored twice (${code}).`,
    );
  }
  return error;
}

/** Runs a write; a SQLite write failure leaves it as an AppError (see writeError), anything else unchanged. */
export function mappingWriteErrors<T>(file: string, write: () => T): T {
  try {
    return write();
  } catch (error) {
    throw writeError(error, file);
  }
}
