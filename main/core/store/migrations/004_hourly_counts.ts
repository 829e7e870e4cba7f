import type { Migration } from './types';

/**
 * Event counts per UTC hour, kept by the writer in the same transaction as the events. The
 * unfiltered timeline histogram sums these (tens of thousands of rows for years of data) instead of
 * counting a million events. Derived data, not evidence: the chain does not cover it, and it is
 * rebuilt from the events here.
 */
export const migration004: Migration = {
  version: 4,
  name: 'hourly_counts',
  up(db) {
    db.exec(`
      CREATE TABLE event_counts_hourly (
        hour_ms INTEGER PRIMARY KEY,
        n       INTEGER NOT NULL CHECK (n >= 0)
      );
      INSERT INTO event_counts_hourly (hour_ms, n)
        SELECT (ts_ms / 3600000) * 3600000, count(*) FROM events GROUP BY 1;
    `);
  },
};
