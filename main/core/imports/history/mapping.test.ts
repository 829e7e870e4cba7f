import { describe, expect, it } from 'vitest';
import { MappingSchema, type MappingInput } from '../mapping';
import { rowDay, wholeCount } from './cell-values';
import { checkHistoryMapping, HISTORY_FIELDS, parseHistoryMapping, REQUIRED_HISTORY_FIELDS } from './fields';
import { guessHistoryMapping } from './guess-history';
import { HistoryRowMapper } from './map-history-row';
import { Refusal } from '../field-values';

const mapping = (input: MappingInput) => MappingSchema.parse(input);
const SALES_COLUMNS = ['Timestamp', 'Store', 'SKU', 'Description', 'Department', 'Qty', 'Unit Price', 'Net Sales', 'Currency'];
const SALES = mapping({
  fields: {
    date: { column: 'Timestamp' }, store_id: { column: 'Store' }, sku: { column: 'SKU' }, units: { column: 'Qty' },
    revenue: { column: 'Net Sales' }, currency: { column: 'Currency' },
  },
});

describe('history fields', () => {
  it('lists each kind’s fields and the required ones', () => {
    expect(HISTORY_FIELDS.sales).toEqual(['store_id', 'sku', 'date', 'units', 'revenue', 'revenue_minor', 'currency', 'name', 'category', 'price']);
    expect(HISTORY_FIELDS.stock).toEqual(['store_id', 'sku', 'date', 'on_hand']);
    expect(REQUIRED_HISTORY_FIELDS).toEqual({ sales: ['store_id', 'sku', 'date', 'units'], stock: ['store_id', 'sku', 'date', 'on_hand'] });
  });
});

describe('checkHistoryMapping', () => {
  it('accepts a complete sales mapping and a stock mapping with a constant store', () => {
    expect(checkHistoryMapping('sales', SALES, SALES_COLUMNS)).toEqual([]);
    expect(checkHistoryMapping('stock', mapping({ fields: { store_id: { value: 'S001' }, sku: { column: 'Item' }, date: { column: 'Date' }, on_hand: { column: 'On Hand' } } }), ['Item', 'Date', 'On Hand'])).toEqual([]);
  });

  it('names unknown fields, unmapped required fields, a missing revenue and columns the file lacks, in the words of checkMapping', () => {
    const problems = checkHistoryMapping('sales', mapping({ fields: { ts: { column: 'Timestamp' }, store_id: { value: '' }, sku: { column: 'Item' } }, details: ['Note'] }), SALES_COLUMNS);
    expect(problems).toEqual([
      { path: 'fields.ts', message: 'is not a sales history field (the fields: store_id, sku, date, units, revenue, revenue_minor, currency, name, category, price)' },
      { path: 'fields.sku.column', message: '"Item" is not a column of this file (its columns: Timestamp, Store, SKU, Description, Department, Qty, Unit Price, Net Sales, Currency)' },
      { path: 'fields.store_id', message: 'is required: map it to a column or give it a constant value' },
      { path: 'fields.date', message: 'is required: map it to a column or give it a constant value' },
      { path: 'fields.units', message: 'is required: map it to a column or give it a constant value' },
      { path: 'fields.revenue', message: expect.stringMatching(/^is required: map revenue \(major units, e\.g\. 12\.34\) or revenue_minor .* give revenue_minor the constant 0$/) },
      { path: 'details', message: 'is for events only: sales history keeps no details, so leave it empty' },
    ]);
  });

  it('wants one revenue form, a currency for major units, and the catalogue whole', () => {
    const both = mapping({ ...SALES, fields: { ...SALES.fields, revenue_minor: { column: 'Cents' } } });
    expect(checkHistoryMapping('sales', both).map((p) => p.message)).toEqual(['map either revenue (major units, e.g. 12.34) or revenue_minor (minor units, e.g. 1234), not both']);
    const { currency: _currency, ...noCurrency } = SALES.fields;
    expect(checkHistoryMapping('sales', mapping({ fields: noCurrency }))).toEqual([
      { path: 'fields.currency', message: 'is required when revenue or price is in major units: map it to a column or give a constant such as "USD"' },
    ]);
    const { revenue: _revenue, currency: _c, ...unitsOnly } = SALES.fields;
    expect(checkHistoryMapping('sales', mapping({ fields: { ...unitsOnly, revenue_minor: { value: 0 } } }))).toEqual([]);
    const partial = mapping({ fields: { ...SALES.fields, name: { column: 'Description' } } });
    expect(checkHistoryMapping('sales', partial)).toEqual([
      { path: 'fields.category', message: 'is needed too: the catalogue takes name, category and price together (map category, or leave out name)' },
      { path: 'fields.price', message: 'is needed too: the catalogue takes name, category and price together (map price, or leave out name)' },
    ]);
    expect(checkHistoryMapping('stock', mapping({ fields: { store_id: { column: 'Store' }, sku: { column: 'SKU' }, date: { column: 'Date' }, units: { column: 'Qty' } } }))).toEqual([
      { path: 'fields.units', message: 'is not a stock history field (the fields: store_id, sku, date, on_hand)' },
      { path: 'fields.on_hand', message: 'is required: map it to a column or give it a constant value' },
    ]);
  });

  it('parseHistoryMapping throws BAD_INPUT with every problem, and refuses an unknown kind', () => {
    expect(() => parseHistoryMapping('stock', { fields: { sku: { column: 'SKU' } } })).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT', fields: [expect.objectContaining({ path: 'fields.store_id' }), expect.objectContaining({ path: 'fields.date' }), expect.objectContaining({ path: 'fields.on_hand' })] }),
    );
    expect(() => parseHistoryMapping('stock', { fields: { sku: 'SKU' } })).toThrow(expect.objectContaining({ code: 'BAD_INPUT', fields: [expect.objectContaining({ path: 'fields.sku' })] }));
    expect(() => parseHistoryMapping('events' as 'sales', SALES)).toThrow(/must be one of sales, stock/);
  });
});

describe('guessHistoryMapping', () => {
  it('maps a POS sales export, the catalogue included, and leaves the rest out', () => {
    expect(guessHistoryMapping('sales', [...SALES_COLUMNS, 'Register'])).toEqual({
      version: 1,
      fields: {
        store_id: { column: 'Store' }, sku: { column: 'SKU' }, date: { column: 'Timestamp' }, units: { column: 'Qty' },
        revenue: { column: 'Net Sales' }, currency: { column: 'Currency' }, name: { column: 'Description' }, category: { column: 'Department' },
        price: { column: 'Unit Price' },
      },
      details: [],
      timeZone: 'UTC',
    });
  });

  it('knows the common names: Day, Item, Units, Sales, Revenue; drops a catalogue without a price', () => {
    expect(guessHistoryMapping('sales', ['Day', 'Store No', 'Item', 'Description', 'Department', 'Units', 'Sales']).fields).toEqual({
      store_id: { column: 'Store No' }, sku: { column: 'Item' }, date: { column: 'Day' }, units: { column: 'Units' }, revenue: { column: 'Sales' },
    });
    expect(guessHistoryMapping('sales', ['Date', 'Shop', 'SKU', 'Quantity', 'Revenue (cents)']).fields).toMatchObject({ units: { column: 'Quantity' }, revenue_minor: { column: 'Revenue (cents)' } });
    expect(guessHistoryMapping('sales', ['store_id', 'sku', 'date', 'units', 'revenue_minor']).fields).toEqual({
      store_id: { column: 'store_id' }, sku: { column: 'sku' }, date: { column: 'date' }, units: { column: 'units' }, revenue_minor: { column: 'revenue_minor' },
    });
  });

  it('maps stock counts: On Hand, OnHand, Stock and SOH', () => {
    for (const name of ['On Hand', 'OnHand', 'Stock', 'SOH', 'on_hand']) {
      expect(guessHistoryMapping('stock', ['Date', 'Store', 'Item', name]).fields).toEqual({
        store_id: { column: 'Store' }, sku: { column: 'Item' }, date: { column: 'Date' }, on_hand: { column: name },
      });
    }
  });

  it('passes over a column whose samples do not fit the field, but not for one bad cell', () => {
    const samples = [{ Date: 'Monday', Day: '2026-03-02', Qty: '3' }, { Date: 'Tuesday', Day: '2026-03-03', Qty: 'three' }, { Date: 'Wednesday', Day: '2026-03-04', Qty: '4' }];
    expect(guessHistoryMapping('sales', ['Date', 'Day', 'Qty'], samples).fields).toEqual({ date: { column: 'Day' }, units: { column: 'Qty' } });
  });
});

describe('cells', () => {
  it('reads days and times, taking a time’s day in the mapping’s time zone', () => {
    expect(rowDay('2026-03-01', 'UTC')).toEqual({ day: 20513, time: null });
    expect(rowDay('2026-03-01', '-05:00')).toEqual({ day: 20513, time: null });
    expect(rowDay('2026-03-01 23:30', 'UTC')).toEqual({ day: 20513, time: Date.UTC(2026, 2, 1, 23, 30) });
    expect(rowDay('2026-03-01 23:30', '-05:00')).toEqual({ day: 20513, time: Date.UTC(2026, 2, 2, 4, 30) });
    expect(rowDay('2026-03-01T23:30:00-05:00', 'UTC')).toEqual({ day: 20514, time: Date.UTC(2026, 2, 2, 4, 30) });
    expect(rowDay('2026-03-02T00:30:00Z', '+01:00')).toEqual({ day: 20514, time: Date.UTC(2026, 2, 2, 0, 30) });
    expect(rowDay(1772409600, 'UTC')).toEqual({ day: 20514, time: Date.UTC(2026, 2, 2) });
    expect(rowDay('', 'UTC')).toBeUndefined();
    expect(rowDay('2026-02-30', 'UTC')).toEqual(new Refusal('is not a date of the calendar'));
    expect(rowDay('2026-02-30 10:00', 'UTC')).toEqual(new Refusal('is not a date of the calendar'));
    expect(rowDay('01/03/2026', 'UTC')).toEqual(new Refusal('is not a day such as 2026-03-01 or a time such as 2026-03-01 18:30'));
  });

  it('reads whole counts, returns included, and refuses fractions and words', () => {
    expect([12, '12', ' -3 ', '1,234', '7.00', '+2'].map(wholeCount)).toEqual([12, 12, -3, 1234, 7, 2]);
    for (const bad of ['three', '1.5', 2.5, '12 kg']) expect(wholeCount(bad)).toEqual(new Refusal('must be a whole number such as 12'));
    expect(wholeCount('')).toBeUndefined();
  });
});

describe('HistoryRowMapper', () => {
  const sales = new HistoryRowMapper('sales', mapping({ ...SALES, fields: { ...SALES.fields, name: { column: 'Description' }, category: { column: 'Department' }, price: { column: 'Unit Price' } } }));
  const row = (n: number, data: Record<string, unknown>) => ({ row: n, data });
  const good = { Timestamp: '2026-03-01 17:55:02', Store: 'S001', SKU: 'SKU-1001', Description: 'Whole Milk 1 gal', Department: 'Dairy', Qty: '-1', 'Unit Price': '3.89', 'Net Sales': '-3.89', Currency: 'usd' };

  it('turns a return row into its signed contribution to the day, with the catalogue entry', () => {
    expect(sales.map(row(8, good))).toEqual({
      ok: true,
      row: 8,
      day: { day: 20513, time: Date.UTC(2026, 2, 1, 17, 55, 2) },
      record: {
        store_id: 'S001', sku: 'SKU-1001', date: '2026-03-01', units: -1, revenue_minor: -389, currency: 'USD',
        catalogue: { sku: 'SKU-1001', name: 'Whole Milk 1 gal', category: 'Dairy', price_minor: 389 },
      },
    });
    expect(sales.map(row(9, { ...good, Department: '' }))).toMatchObject({ ok: true, record: { catalogue: null } });
  });

  it('gives every reason of a bad row with its field and cell', () => {
    expect(sales.map(row(5, { ...good, Timestamp: '2026-02-30 11:02:00', Store: '', Qty: 'three', Currency: 'dollars', 'Unit Price': '-1.00' }))).toEqual({
      ok: false,
      row: 5,
      errors: [
        { row: 5, field: 'date', reason: 'is not a date of the calendar (column Timestamp: "2026-02-30 11:02:00")' },
        { row: 5, field: 'units', reason: 'must be a whole number such as 12 (column Qty: "three")' },
        { row: 5, field: 'currency', reason: 'must be an ISO 4217 code such as USD (column Currency: "dollars")' },
        { row: 5, field: 'price', reason: 'must not be negative (column Unit Price: "-1.00")' },
        { row: 5, field: 'store_id', reason: 'is required, but the cell is empty (column Store)' },
      ],
    });
    expect(sales.map(row(6, { ...good, SKU: 'X'.repeat(65) })).ok).toBe(false);
    expect(sales.map(row(7, { ...good, Currency: '' }))).toMatchObject({ ok: false, errors: [{ field: 'currency', reason: 'is required, but the cell is empty (column Currency)' }] });
  });

  it('refuses a stock count below zero with the reason to fix it at the source', () => {
    const stock = new HistoryRowMapper('stock', mapping({ fields: { store_id: { value: 'S001' }, sku: { column: 'Item', values: { milk: 'SKU-1001' } }, date: { column: 'At' }, on_hand: { column: 'OnHand' } } }));
    expect(stock.map(row(2, { Item: 'MILK', At: '2026-03-01 21:00', OnHand: 4 }))).toEqual({
      ok: true, row: 2, day: { day: 20513, time: Date.UTC(2026, 2, 1, 21) },
      record: { store_id: 'S001', sku: 'SKU-1001', date: '2026-03-01', on_hand: 4, counted_at: '2026-03-01T21:00:00.000Z' },
    });
    expect(stock.map(row(3, { Item: 'SKU-1002', At: '2026-03-01', OnHand: '-3' }))).toEqual({
      ok: false, row: 3, errors: [{ row: 3, field: 'on_hand', reason: 'on hand is -3; a count below zero is refused — fix the count in the source system (column OnHand: "-3")' }],
    });
  });
});
