import fs from 'node:fs';
import path from 'node:path';
import { AuditStore } from '../../store';
import { tempDir } from '../../store/test-helpers';
import { TEST_DB_KEY } from '../../terminals/test-api';

export const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/imports');

export interface TestStore {
  store: AuditStore;
  dir: string;
  /** Writes a file into the test's folder and returns its path. */
  write(name: string, text: string): string;
  sales(): { store_id: string; sku: string; date: string; units: number; revenue_minor: number }[];
  stock(): { store_id: string; sku: string; date: string; on_hand: number }[];
  skus(): { sku: string; name: string; category: string; price_minor: number }[];
  close(): void;
}

/** For tests: a real encrypted store in a temp folder, and its history tables in key order. */
export function openTestStore(): TestStore {
  const tmp = tempDir('watchdog-history-');
  const store = AuditStore.open(path.join(tmp.dir, 'history.db'), { key: TEST_DB_KEY });
  const all = <T>(sql: string) => store.db.prepare(sql).all() as T[];
  return {
    store,
    dir: tmp.dir,
    write(name, text) {
      const file = path.join(tmp.dir, name);
      fs.writeFileSync(file, text);
      return file;
    },
    sales: () => all('SELECT store_id, sku, date, units, revenue_minor FROM sales_daily ORDER BY store_id, sku, date'),
    stock: () => all('SELECT store_id, sku, date, on_hand FROM stock_snapshots ORDER BY store_id, sku, date'),
    skus: () => all('SELECT sku, name, category, price_minor FROM skus ORDER BY sku'),
    close() {
      store.close();
      tmp.cleanup();
    },
  };
}
