import type { Database } from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../api/errors';
import { MIGRATIONS, type Migration } from './migrations';

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the database to the newest schema, one numbered step per transaction, so a failure leaves the
 * file at the last good version. A database from a newer Watchdog is refused, never "downgraded".
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): { from: number; to: number } {
  const from = schemaVersion(db);
  const latest = migrations.length;
  if (from > latest) {
    throw new AppError(
      'UNAVAILABLE',
      `This database was written by a newer Watchdog (schema ${from}; this version knows up to ${latest}). Update Watchdog to open it.`,
    );
  }
  for (const step of migrations.slice(from)) {
    db.transaction(() => {
      step.up(db);
      db.pragma(`user_version = ${step.version}`);
    }).immediate();
  }
  return { from, to: schemaVersion(db) };
}
