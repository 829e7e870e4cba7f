import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { SalesDay, Sku } from '../../../shared/sales';
import type { Db } from './database';

/** Sales and catalogue writes: upserts, because a re-import of the same day replaces, never doubles. */
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
       ON CONFLICT (store_id, sku, date) DO UPDATE SET units = excluded.units, revenue_minor = excluded.revenue_minor`,
    );
  }

  upsertSkus(skus: readonly Sku[]): void {
    this.db.transaction(() => {
      for (const s of skus) this.upsertSku.run(s.sku, s.name, s.category, s.price_minor);
    }).immediate();
  }

  upsertDays(rows: readonly SalesDay[]): void {
    this.db.transaction(() => {
      for (const r of rows) this.upsertDay.run(r.store_id, r.sku, r.date, r.units, r.revenue_minor);
    }).immediate();
  }
}
