import type { Migration } from './types';

/** Daily sales per store and SKU, and the SKU catalogue: the history forecasting learns from. */
export const migration002: Migration = {
  version: 2,
  name: 'sales_history',
  up(db) {
    db.exec(`
      CREATE TABLE skus (
        sku         TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        category    TEXT NOT NULL,
        price_minor INTEGER NOT NULL CHECK (price_minor >= 0)
      ) WITHOUT ROWID;
      CREATE TABLE sales_daily (
        store_id      TEXT    NOT NULL,
        sku           TEXT    NOT NULL,
        date          TEXT    NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        units         INTEGER NOT NULL CHECK (units >= 0),
        revenue_minor INTEGER NOT NULL CHECK (revenue_minor >= 0),
        PRIMARY KEY (store_id, sku, date)
      ) WITHOUT ROWID;
      CREATE INDEX sales_daily_date ON sales_daily (date);
    `);
  },
};
