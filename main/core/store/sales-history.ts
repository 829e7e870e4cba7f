import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { SalesDay, Sku, StockSnapshot } from '../../../shared/sales';
import type { Db } from './database';

/**
 * Sales and catalogue writes: upserts, because a re-import of the same day replaces, never doubles.
 * A day already stored with the same values is left as it is, and reported as unchanged.
 */
export class SalesHistory {
  private readonly upsertSku: Statement;
  private readonly upsertDay: Statement;

  constructor(private readonly db: Db) {
    this.upsertSku = db.prepare(
      `INSERT INTO skus (sku, name, category, price_minor) VALUES (?, ?, ?, ?)
       ON CONFLICT (sku) DO UPDATE SET name = excluded.name, category = excluded.category, price_minor = excluded.price_minor`,
    );
    this.upsertDay = db.prepare(
      `INSERT INTO sales_daily (store_id, sku, date, units, revenue_minor) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (store_id, sku, date) DO UPDATE SET units = excluded.units, revenue_minor = excluded.revenue_minor
       WHERE units IS NOT excluded.units OR revenue_minor IS NOT excluded.revenue_minor`,
    );
  }

  upsertSkus(skus: readonly Sku[]): void {
    this.db.transaction(() => {
      for (const s of skus) this.upsertSku.run(s.sku, s.name, s.category, s.price_minor);
    }).immediate();
  }

  /** In one transaction; per row, whether it changed the table (a new day, or other values than stored). */
  upsertDays(rows: readonly SalesDay[]): boolean[] {
    return this.db.transaction(() => rows.map((r) => this.upsertDay.run(r.store_id, r.sku, r.date, r.units, r.revenue_minor).changes > 0)).immediate();
  }
}

/** Stock counts per store, SKU and day: the same replace-never-add upserts as the sales history. */
export class StockHistory {
  private readonly upsertSnapshot: Statement;

  constructor(private readonly db: Db) {
    this.upsertSnapshot = db.prepare(
      `INSERT INTO stock_snapshots (store_id, sku, date, on_hand) VALUES (?, ?, ?, ?)
       ON CONFLICT (store_id, sku, date) DO UPDATE SET on_hand = excluded.on_hand WHERE on_hand IS NOT excluded.on_hand`,
    );
  }

  /** In one transaction; per row, whether it changed the table (a new day, or another count than stored). */
  upsertSnapshots(rows: readonly StockSnapshot[]): boolean[] {
    return this.db.transaction(() => rows.map((r) => this.upsertSnapshot.run(r.store_id, r.sku, r.date, r.on_hand).changes > 0)).immediate();
  }
}
