import type { Database } from 'better-sqlite3-multiple-ciphers';

/** One schema step. `up` runs inside a transaction with the version bump; it must not commit itself. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}
