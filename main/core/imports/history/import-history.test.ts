import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SalesDay } from '../../../../shared/sales';
import type { ImportProgress } from '../import-job';
import type { MappingInput } from '../mapping';
import { importHistory, type HistoryImportOptions } from './import-history';
import { previewHistory, previewHistoryMapping } from './preview-history';
import { FIXTURES, openTestStore, type TestStore } from './test-store';

const SALES_FILE = path.join(FIXTURES, 'sales-history.csv');
const STOCK_FILE = path.join(FIXTURES, 'stock-snapshots.csv');

let t: TestStore;
beforeEach(() => {
  t = openTestStore();
});
afterEach(() => t.close());

const run = (file: string, options: HistoryImportOptions) => importHistory({ store: t.store }, file, options);
const day = (store_id: string, sku: string, date: string, units: number, revenue_minor: number) => ({ store_id, sku, date, units, revenue_minor });

/** The fixture's 28 good rows added up by hand: 18 days, returns (rows 8 and 28) netted, row 27 sold below its price. */
const FIXTURE_DAYS = [
  day('S001', 'SKU-1001', '2026-03-01', 2, 778), day('S001', 'SKU-1001', '2026-03-02', 4, 1556), day('S001', 'SKU-1001', '2026-03-03', 3, 1128),
  day('S001', 'SKU-1201', '2026-03-01', 5, 295), day('S001', 'SKU-1201', '2026-03-02', 7, 413), day('S001', 'SKU-1201', '2026-03-03', 5, 295),
  day('S001', 'SKU-1403', '2026-03-01', 4, 716), day('S001', 'SKU-1403', '2026-03-02', 1, 179), day('S001', 'SKU-1403', '2026-03-03', 5, 995),
  day('S002', 'SKU-1001', '2026-03-01', 1, 389), day('S002', 'SKU-1001', '2026-03-02', 2, 778), day('S002', 'SKU-1001', '2026-03-03', 3, 1167),
  day('S002', 'SKU-1201', '2026-03-01', 6, 354), day('S002', 'SKU-1201', '2026-03-02', 4, 236), day('S002', 'SKU-1201', '2026-03-03', 5, 295),
  day('S002', 'SKU-1403', '2026-03-01', 2, 358), day('S002', 'SKU-1403', '2026-03-02', 3, 537), day('S002', 'SKU-1403', '2026-03-03', 1, 199),
];
const FIXTURE_ERRORS = [
  { row: 14, field: 'date', reason: 'is not a date of the calendar (column Timestamp: "2026-02-30 11:02:00")' },
  { row: 19, field: 'units', reason: 'must be a whole number such as 12 (column Qty: "three")' },
];

describe('importing the transaction-level sales fixture', () => {
  it('adds up each store, SKU and day, fills the catalogue, and reports exactly the two bad rows', async () => {
    const preview = await previewHistory(SALES_FILE, 'sales');
    expect(preview).toMatchObject({ format: 'csv', delimiter: ',', columns: ['Timestamp', 'Store', 'SKU', 'Description', 'Department', 'Qty', 'Unit Price', 'Net Sales', 'Currency'], mappingProblems: [] });
    expect(preview.rows).toHaveLength(20);
    expect(preview.rows[1]).toEqual({ row: 3, cells: ['2026-03-01 08:17:40', 'S001', 'SKU-1201', 'Bananas, per lb', 'Produce', '3', '0.59', '1.77', 'USD'] });
    const errorReport = path.join(t.dir, 'errors.csv');
    const progress: ImportProgress[] = [];
    const result = await run(SALES_FILE, { kind: 'sales', mapping: preview.mapping, errorReport, onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({
      outcome: 'completed', format: 'csv', rowsRead: 30, rowsStored: 28, duplicates: 0, rowsRejected: 2, rowsNotSent: 0, errorCount: 2, errorReport, failure: null,
      history: { kind: 'sales', days: 18, unchanged: 0, stores: 2, skus: 3, catalogue: 3, from: '2026-03-01', to: '2026-03-03' },
    });
    expect(result.errors).toEqual(FIXTURE_ERRORS);
    expect(fs.readFileSync(errorReport, 'utf8')).toBe(
      'row,field,reason\n14,date,"is not a date of the calendar (column Timestamp: ""2026-02-30 11:02:00"")"\n19,units,"must be a whole number such as 12 (column Qty: ""three"")"\n',
    );
    const size = fs.statSync(SALES_FILE).size;
    expect(progress.at(-1)).toEqual({ rowsRead: 30, rowsStored: 28, duplicates: 0, rowsRejected: 2, bytesRead: size, totalBytes: size });
    expect(t.sales()).toEqual(FIXTURE_DAYS);
    const totals = (store: string) => FIXTURE_DAYS.filter((d) => d.store_id === store).reduce<[number, number]>(([units, revenue], d) => [units + d.units, revenue + d.revenue_minor], [0, 0]);
    expect([totals('S001'), totals('S002')]).toEqual([[36, 6355], [27, 4313]]);
    // The catalogue holds each SKU's last row: the chocolate bar went up to 1.99 on 3 March.
    expect(t.skus()).toEqual([
      { sku: 'SKU-1001', name: 'Whole Milk 1 gal', category: 'Dairy', price_minor: 389 },
      { sku: 'SKU-1201', name: 'Bananas, per lb', category: 'Produce', price_minor: 59 },
      { sku: 'SKU-1403', name: 'Milk Chocolate Bar 1.5 oz', category: 'Snacks', price_minor: 199 },
    ]);
  });

  it('changes nothing when imported again: every day is already stored with these totals', async () => {
    const { mapping } = await previewHistory(SALES_FILE, 'sales');
    await run(SALES_FILE, { kind: 'sales', mapping });
    const first = { sales: t.sales(), skus: t.skus() };
    const again = await run(SALES_FILE, { kind: 'sales', mapping });
    expect(again).toMatchObject({ outcome: 'completed', rowsRead: 30, rowsStored: 0, duplicates: 28, rowsRejected: 2, history: { days: 18, unchanged: 18 } });
    expect({ sales: t.sales(), skus: t.skus() }).toEqual(first);
    fs.rmSync(again.errorReport as string);
  });

  it('previews rows as they are added to their day, before the day is added up', async () => {
    const { mapping } = await previewHistory(SALES_FILE, 'sales');
    const rows = await previewHistoryMapping(SALES_FILE, 'sales', mapping, { rows: 13 });
    expect(rows.map((r) => r.row)).toEqual(Array.from({ length: 13 }, (_, i) => i + 2));
    expect(rows[6]).toEqual({
      row: 8, errors: [],
      record: { store_id: 'S001', sku: 'SKU-1001', date: '2026-03-01', units: -1, revenue_minor: -389, currency: 'USD', catalogue: { sku: 'SKU-1001', name: 'Whole Milk 1 gal', category: 'Dairy', price_minor: 389 } },
    });
    expect(rows.at(-1)).toEqual({ row: 14, record: null, errors: [FIXTURE_ERRORS[0]] });
    const partial = await previewHistoryMapping(SALES_FILE, 'sales', { fields: { date: { column: 'Timestamp' } } }, { rows: 1 });
    expect(partial[0]?.errors.map((e) => e.field)).toEqual(['store_id', 'sku', 'units', 'revenue', 'currency']);
  });
});

describe('replacing days, and days that cannot be stored', () => {
  const MAPPING: MappingInput = { fields: { date: { column: 'Date' }, store_id: { column: 'Store' }, sku: { column: 'SKU' }, units: { column: 'Units' }, revenue_minor: { column: 'Cents' } } };

  it('replaces a stored day with the new file’s total for it and leaves the other days alone', async () => {
    await run(t.write('week.csv', 'Date,Store,SKU,Units,Cents\n2026-03-01,S001,A,5,500\n2026-03-02,S001,A,6,600\n2026-03-02,S001,B,1,250\n'), { kind: 'sales', mapping: MAPPING });
    // A second export covering part of 2 March (two lines of it): the day becomes what this file says.
    const result = await run(t.write('part.csv', 'Date,Store,SKU,Units,Cents\n2026-03-02 09:00,S001,A,2,200\n2026-03-02 10:00,S001,A,1,100\n'), { kind: 'sales', mapping: MAPPING });
    expect(result).toMatchObject({ rowsStored: 2, duplicates: 0, history: { days: 1, unchanged: 0, from: '2026-03-02', to: '2026-03-02' } });
    expect(t.sales()).toEqual([day('S001', 'A', '2026-03-01', 5, 500), day('S001', 'A', '2026-03-02', 3, 300), day('S001', 'B', '2026-03-02', 1, 250)]);
  });

  it('refuses a day whose returns outweigh its sales, reporting it once for all its rows', async () => {
    const file = t.write('returns.csv', 'Date,Store,SKU,Units,Cents\n2026-03-01,S001,A,1,100\n2026-03-01,S001,A,-3,-300\n2026-03-01,S001,B,2,400\n2026-03-01,S001,A,-1,-100\n2026-03-01,S001,C,1,-50\n');
    const result = await run(file, { kind: 'sales', mapping: MAPPING });
    expect(result).toMatchObject({ outcome: 'completed', rowsRead: 5, rowsStored: 1, rowsRejected: 4, rowsNotSent: 0, errorCount: 2, history: { days: 1 } });
    expect(result.errors).toEqual([
      { row: 2, field: 'units', reason: "S001 A on 2026-03-01: the day's units add up to -3 over 3 rows, from row 2 to row 5; more returned than sold, so the day is not imported (a day's total must be 0 or more)" },
      { row: 6, field: 'revenue_minor', reason: "S001 C on 2026-03-01: the day's revenue adds up to -50 (minor units) over row 6; more returned than sold, so the day is not imported (a day's total must be 0 or more)" },
    ]);
    expect(t.sales()).toEqual([day('S001', 'B', '2026-03-01', 2, 400)]);
    fs.rmSync(result.errorReport as string);
  });

  it('keeps one currency per store, and reads amounts in that currency’s decimals', async () => {
    const mapping: MappingInput = { fields: { date: { column: 'Date' }, store_id: { column: 'Store' }, sku: { column: 'SKU' }, units: { column: 'Units' }, revenue: { column: 'Sales' }, currency: { column: 'Cur' } } };
    const file = t.write('mixed.csv', 'Date,Store,SKU,Units,Sales,Cur\n2026-03-01,S001,A,1,"1,200.50",USD\n2026-03-01,T001,A,2,900,JPY\n2026-03-01,S001,A,1,3.00,EUR\n');
    const result = await run(file, { kind: 'sales', mapping });
    expect(result.errors).toEqual([{ row: 4, field: 'currency', reason: "is EUR, but store S001 is in USD (row 2): one store's sales are in one currency" }]);
    expect(t.sales()).toEqual([day('S001', 'A', '2026-03-01', 1, 120050), day('T001', 'A', '2026-03-01', 2, 900)]);
    fs.rmSync(result.errorReport as string);
  });
});

describe('stock snapshots', () => {
  const expected = [
    ['S001', 'SKU-1001', '2026-03-01', 24], ['S001', 'SKU-1001', '2026-03-02', 20], ['S001', 'SKU-1201', '2026-03-01', 40], ['S001', 'SKU-1201', '2026-03-02', 33],
    ['S001', 'SKU-1403', '2026-03-01', 15], ['S001', 'SKU-1403', '2026-03-02', 14], ['S002', 'SKU-1001', '2026-03-01', 18], ['S002', 'SKU-1001', '2026-03-02', 16],
    ['S002', 'SKU-1201', '2026-03-01', 35], ['S002', 'SKU-1201', '2026-03-02', 31], ['S002', 'SKU-1403', '2026-03-01', 0], ['S002', 'SKU-1403', '2026-03-02', 12],
  ].map(([store_id, sku, date, on_hand]) => ({ store_id, sku, date, on_hand }));

  it('imports the stock fixture with the guessed mapping, and again without a change', async () => {
    const { mapping, mappingProblems } = await previewHistory(STOCK_FILE, 'stock');
    expect(mappingProblems).toEqual([]);
    expect(mapping.fields).toEqual({ store_id: { column: 'Store' }, sku: { column: 'Item' }, date: { column: 'Date' }, on_hand: { column: 'On Hand' } });
    const result = await run(STOCK_FILE, { kind: 'stock', mapping });
    expect(result).toMatchObject({ outcome: 'completed', rowsRead: 12, rowsStored: 12, rowsRejected: 0, errorReport: null, history: { kind: 'stock', days: 12, stores: 2, skus: 3, catalogue: 0, from: '2026-03-01', to: '2026-03-02' } });
    expect(t.stock()).toEqual(expected);
    expect(await run(STOCK_FILE, { kind: 'stock', mapping })).toMatchObject({ rowsStored: 0, duplicates: 12, history: { days: 12, unchanged: 12 } });
    expect(t.stock()).toEqual(expected);
  });

  const counts = [
    { at: '2026-03-01T21:00:00Z', shop: 'S001', sku: 'A', soh: 7 },
    { at: '2026-03-01T08:00:00Z', shop: 'S001', sku: 'A', soh: 12 },
    { at: '2026-03-01T22:00:00+01:00', shop: 'S001', sku: 'B', soh: -3 },
    { at: '2026-03-02', shop: 'S001', sku: 'A', soh: '5' },
    { at: '2026-03-02', shop: 'S001', sku: 'A', soh: 4 },
    { at: '2026-03-31', shop: 'S001', sku: 'B', soh: 'lots' },
  ];
  const mapping: MappingInput = { fields: { date: { column: 'at' }, store_id: { column: 'shop' }, sku: { column: 'sku' }, on_hand: { column: 'soh' } } };

  it('reads JSON and JSON Lines alike: the day’s latest count wins, a count below zero is refused by row', async () => {
    const json = await run(t.write('counts.json', JSON.stringify(counts, null, 2)), { kind: 'stock', mapping });
    expect(json).toMatchObject({ format: 'json', rowsRead: 6, rowsStored: 4, rowsRejected: 2, history: { days: 2 } });
    expect(json.errors).toEqual([
      { row: 3, field: 'on_hand', reason: 'on hand is -3; a count below zero is refused — fix the count in the source system (column soh: "-3")' },
      { row: 6, field: 'on_hand', reason: 'must be a whole number such as 12 (column soh: "lots")' },
    ]);
    // 21:00 beats the 08:00 count listed after it; two counts of 2 March without times: the later row.
    expect(t.stock()).toEqual([{ store_id: 'S001', sku: 'A', date: '2026-03-01', on_hand: 7 }, { store_id: 'S001', sku: 'A', date: '2026-03-02', on_hand: 4 }]);
    const lines = await run(t.write('counts.jsonl', counts.map((c) => JSON.stringify(c)).join('\n\n')), { kind: 'stock', mapping });
    expect(lines).toMatchObject({ format: 'jsonl', rowsRead: 6, rowsStored: 0, duplicates: 4, rowsRejected: 2, errors: [{ row: 5 }, { row: 11 }] });
    fs.rmSync(json.errorReport as string);
    fs.rmSync(lines.errorReport as string);
  });
});

describe('cancel, failures and refusals', () => {
  const generated = (rows: number) => {
    const lines = ['Date,Store,SKU,Units,Cents'];
    for (let i = 0; i < rows; i++) lines.push(`2026-0${1 + (i % 3)}-${String(1 + (i % 28)).padStart(2, '0')},S00${i % 2},SKU-${i % 50},${i % 4},${(i % 4) * 125}`);
    return t.write('large.csv', `${lines.join('\n')}\n`);
  };
  const LARGE: MappingInput = { fields: { date: { column: 'Date' }, store_id: { column: 'Store' }, sku: { column: 'SKU' }, units: { column: 'Units' }, revenue_minor: { column: 'Cents' } } };

  it('writes nothing when cancelled while reading, and says how many rows were read', async () => {
    const file = generated(60_000);
    const controller = new AbortController();
    // The first progress report comes after the first chunk of the file (64 KiB): cancelled there.
    const result = await run(file, { kind: 'sales', mapping: LARGE, signal: controller.signal, onProgress: () => controller.abort() });
    expect(result.outcome).toBe('cancelled');
    expect(result.rowsRead).toBeGreaterThan(1000);
    expect(result.rowsRead).toBeLessThan(10_000);
    expect(result).toMatchObject({ rowsStored: 0, duplicates: 0, rowsRejected: 0, rowsNotSent: result.rowsRead, history: { days: 0, from: null } });
    expect(t.sales()).toEqual([]);
    // Run again to the end: row i is day i mod 84 of SKU i mod 50 (its store goes with the SKU), so 2,100 days.
    const full = await run(file, { kind: 'sales', mapping: LARGE, cellsPerTransaction: 1000 });
    expect(full).toMatchObject({ outcome: 'completed', rowsRead: 60_000, rowsStored: 60_000, history: { days: 2100, stores: 2, skus: 50 } });
    expect(t.store.db.prepare('SELECT sum(units), sum(revenue_minor) FROM sales_daily').raw().get()).toEqual([90_000, 11_250_000]);
  });

  it('does nothing when cancelled before it starts', async () => {
    const result = await run(STOCK_FILE, { kind: 'stock', mapping: (await previewHistory(STOCK_FILE, 'stock')).mapping, signal: AbortSignal.abort() });
    expect(result).toMatchObject({ outcome: 'cancelled', rowsRead: 0, rowsStored: 0 });
    expect(t.stock()).toEqual([]);
  });

  it('refuses a bad mapping or a missing file before reading, and stops at a column the file lacks', async () => {
    await expect(run(STOCK_FILE, { kind: 'stock', mapping: { fields: { sku: { column: 'Item' } } } })).rejects.toMatchObject({ code: 'BAD_INPUT', message: /^The mapping cannot be used: fields.store_id: is required/ });
    await expect(run(path.join(t.dir, 'none.csv'), { kind: 'sales', mapping: LARGE })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(run(STOCK_FILE, { kind: 'events' as 'stock', mapping: LARGE })).rejects.toMatchObject({ code: 'BAD_INPUT', message: /must be one of sales, stock/ });
    const result = await run(STOCK_FILE, { kind: 'sales', mapping: LARGE });
    expect(result).toMatchObject({ outcome: 'failed', rowsRead: 0, rowsStored: 0, failure: { code: 'BAD_INPUT', message: expect.stringMatching(/^The mapping does not fit this file: fields.sku.column: "SKU" is not a column of this file \(its columns: Date, Store, Item, On Hand\)/) } });
    expect(result.failure?.fields?.map((f) => f.path)).toEqual(['fields.sku.column', 'fields.units.column', 'fields.revenue_minor.column']);
  });

  it('ends as failed, keeping whole days, when a write fails part-way; importing again completes it', async () => {
    const file = generated(3000);
    let calls = 0;
    // The real store, but its second transaction fails as a full disk would make it.
    const upsertDays = (rows: readonly SalesDay[]) => {
      if (++calls === 2) throw new Error('disk I/O error');
      return t.store.sales.upsertDays(rows);
    };
    const failing = { sales: { upsertSkus: () => {}, upsertDays }, stock: t.store.stock };
    const result = await importHistory({ store: failing }, file, { kind: 'sales', mapping: LARGE, cellsPerTransaction: 1000 });
    expect(result).toMatchObject({ outcome: 'failed', failure: { code: 'INTERNAL', message: 'disk I/O error' }, history: { days: 1000 } });
    expect(result.rowsStored + result.rowsNotSent).toBe(3000);
    expect(t.sales()).toHaveLength(1000);
    expect(await run(file, { kind: 'sales', mapping: LARGE })).toMatchObject({ outcome: 'completed', history: { days: 2100, unchanged: 1000 } });
  });
});
