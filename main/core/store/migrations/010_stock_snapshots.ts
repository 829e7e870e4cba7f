import type { Migration } from './types';

/**
 * On-hand stock per store, SKU and day (the count at the end of the day, or the latest of the day the
 * source gave), beside the sales it explains: forecasting needs to tell "sold nothing" from "had
 * nothing to sell". A count below zero is refused (docs/ingest.md, "Sales and stock history").
 */
export const migration010: Migration = {
  version: 10,
  name: 'stock_snapshots',
  up(db) {
    db.exec(`
      CREATE TABLE stock_snapshots (
        store_id TEXT    NOT NULL,
        sku      TEXT    NOT NULL,
        date     TEXT    NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        on_hand  INTEGER NOT NULL CHECK (on_hand >= 0),
        PRIMARY KEY (store_id, sku, date)
      ) WITHOUT ROWID;
      CREATE INDEX stock_snapshots_date ON stock_snapshots (date);
    `);
  },
};
