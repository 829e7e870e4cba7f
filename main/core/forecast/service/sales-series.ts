import type { SeriesKey } from '../../../../shared/contract/forecast-channels';
import { AppError } from '../../api/errors';
import type { Db } from '../../store/database';

const DAY_MS = 86_400_000;
export const dayOf = (date: string): number => Date.parse(`${date}T00:00:00.000Z`) / DAY_MS;
export const dateOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** `sku:<sku>` or `category:<name>`: how a series is keyed in the forecast tables. */
export const seriesKeyOf = (key: SeriesKey): string => ('sku' in key ? `sku:${key.sku}` : `category:${key.category}`);

export interface SkuInfo {
  sku: string;
  name: string;
  category: string;
}

/** One daily series: units per day from `firstDay` (epoch day) to the history's last day. */
export interface DailySeries {
  storeId: string;
  key: SeriesKey;
  /** The forecast tables' key (seriesKeyOf). */
  seriesKey: string;
  name: string;
  firstDay: number;
  units: number[];
}

export const NO_HISTORY = 'There is no sales history to forecast from: import sales (Import → Sales history) or load the demo store.';

/**
 * Reads the sales history as forecasting needs it: per store and SKU, and per store and category,
 * one value per day from the store's first day to the history's last, days without a row being 0.
 * A SKU missing from the catalogue is its own name, in category "Uncategorised".
 */
export class SalesSeries {
  constructor(private readonly db: Db) {}

  /**
   * Changes whenever the sales history does: rows, last day, and the units and revenue totals (an
   * upsert that replaces a day with other figures changes a total, or the row count).
   */
  dataVersion(): string {
    const row = this.db.prepare('SELECT count(*) AS n, max(date) AS last, total(units) AS units, total(revenue_minor) AS revenue FROM sales_daily').get() as {
      n: number; last: string | null; units: number; revenue: number;
    };
    return `${row.n}|${row.last ?? ''}|${row.units}|${row.revenue}`;
  }

  span(): { first: string; last: string } | null {
    const row = this.db.prepare('SELECT min(date) AS first, max(date) AS last FROM sales_daily').get() as { first: string | null; last: string | null };
    return row.first && row.last ? { first: row.first, last: row.last } : null;
  }

  stores(): string[] {
    return this.db.prepare('SELECT DISTINCT store_id FROM sales_daily ORDER BY store_id').pluck().all() as string[];
  }

  /** The SKUs sold anywhere, with their catalogue name and category. */
  skus(storeId?: string): SkuInfo[] {
    const where = storeId === undefined ? '' : 'WHERE s.store_id = ?';
    return this.db
      .prepare(`SELECT s.sku AS sku, coalesce(k.name, s.sku) AS name, coalesce(k.category, 'Uncategorised') AS category
        FROM (SELECT DISTINCT store_id, sku FROM sales_daily) s LEFT JOIN skus k ON k.sku = s.sku ${where} GROUP BY s.sku ORDER BY s.sku`)
      .all(...(storeId === undefined ? [] : [storeId])) as SkuInfo[];
  }

  /** Every SKU series and every category total of one store (SKUs first). */
  storeSeries(storeId: string): DailySeries[] {
    const span = this.span();
    if (!span) return [];
    const first = this.db.prepare('SELECT min(date) FROM sales_daily WHERE store_id = ?').pluck().get(storeId) as string | null;
    if (!first) return [];
    const firstDay = dayOf(first);
    const length = dayOf(span.last) - firstDay + 1;
    const infos = new Map(this.skus(storeId).map((s) => [s.sku, s]));
    const bySku = new Map<string, number[]>();
    const byCategory = new Map<string, number[]>();
    const rows = this.db.prepare('SELECT sku, date, units FROM sales_daily WHERE store_id = ?').raw().iterate(storeId) as Iterable<[string, string, number]>;
    for (const [sku, date, units] of rows) {
      const i = dayOf(date) - firstDay;
      const category = infos.get(sku)?.category ?? 'Uncategorised';
      let values = bySku.get(sku);
      if (!values) bySku.set(sku, (values = new Array<number>(length).fill(0)));
      let totals = byCategory.get(category);
      if (!totals) byCategory.set(category, (totals = new Array<number>(length).fill(0)));
      values[i] = units;
      totals[i] = (totals[i] ?? 0) + units;
    }
    const skus = [...bySku.keys()].sort().map((sku): DailySeries => ({
      storeId, key: { storeId, sku }, seriesKey: seriesKeyOf({ storeId, sku }), name: infos.get(sku)?.name ?? sku, firstDay, units: bySku.get(sku)!,
    }));
    const categories = [...byCategory.keys()].sort().map((category): DailySeries => ({
      storeId, key: { storeId, category }, seriesKey: seriesKeyOf({ storeId, category }), name: category, firstDay, units: byCategory.get(category)!,
    }));
    return [...skus, ...categories];
  }

  /** One series, or NOT_FOUND naming what is unknown (BAD_INPUT-free: the key's shape is the contract's). */
  series(key: SeriesKey): DailySeries {
    if (!this.span()) throw new AppError('NOT_FOUND', NO_HISTORY);
    if (!this.stores().includes(key.storeId)) throw new AppError('NOT_FOUND', `There is no sales history for store ${key.storeId}.`);
    const found = this.storeSeries(key.storeId).find((s) => s.seriesKey === seriesKeyOf(key));
    if (!found) throw new AppError('NOT_FOUND', 'sku' in key ? `Store ${key.storeId} has no sales of SKU ${key.sku}.` : `Store ${key.storeId} has no sales in category ${key.category}.`);
    return found;
  }
}
