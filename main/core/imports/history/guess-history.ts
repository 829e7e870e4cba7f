import * as values from '../field-values';
import { Refusal } from '../field-values';
import { normaliseName } from '../guess-mapping';
import type { FieldSource, Mapping } from '../mapping';
import { rowDay, wholeCount } from './cell-values';
import { CATALOGUE_FIELDS, HISTORY_FIELDS, type HistoryField, type HistoryKind } from './fields';

/**
 * Column names as POS and stock reports write them, per field, best first; compared as guess-mapping.ts
 * compares them (lower case without spaces or punctuation: "On Hand", "on_hand" and "OnHand" are all `onhand`).
 */
const STORE = ['store', 'storeno', 'storenumber', 'storecode', 'shop', 'shopid', 'branch', 'branchid', 'location', 'locationid', 'site', 'outlet'];
const SKU = ['sku', 'skucode', 'skuno', 'item', 'itemid', 'itemno', 'itemnumber', 'itemcode', 'product', 'productid', 'productcode', 'article', 'articleno', 'upc', 'ean', 'gtin', 'barcode', 'plu'];

const SYNONYMS: Record<HistoryKind, Partial<Record<HistoryField, string[]>>> = {
  sales: {
    store_id: STORE,
    sku: SKU,
    date: ['date', 'day', 'salesdate', 'saledate', 'businessdate', 'tradingdate', 'transactiondate', 'txndate', 'timestamp', 'datetime', 'time'],
    units: ['units', 'qty', 'quantity', 'unitssold', 'qtysold', 'quantitysold', 'soldqty', 'soldunits', 'volume', 'pieces', 'pcs'],
    revenue_minor: ['revenueminor', 'revenuecents', 'salescents', 'netsalescents', 'amountcents', 'totalcents', 'cents'],
    revenue: ['revenue', 'sales', 'netsales', 'netrevenue', 'salesamount', 'netamount', 'amount', 'total', 'totalsales', 'grosssales', 'salesvalue', 'turnover', 'value'],
    currency: ['currency', 'curr', 'currencycode', 'ccy'],
    name: ['name', 'description', 'itemname', 'itemdescription', 'productname', 'productdescription', 'skuname', 'skudescription', 'desc', 'title'],
    category: ['category', 'department', 'dept', 'categoryname', 'class', 'productgroup', 'group', 'family'],
    price: ['price', 'unitprice', 'retailprice', 'listprice', 'shelfprice', 'regularprice', 'sellingprice'],
  },
  stock: {
    store_id: STORE,
    sku: SKU,
    date: ['date', 'day', 'asof', 'asofdate', 'snapshotdate', 'countdate', 'stockdate', 'businessdate', 'countedat', 'timestamp', 'datetime', 'time'],
    on_hand: ['onhand', 'soh', 'stockonhand', 'qtyonhand', 'quantityonhand', 'onhandqty', 'onhandquantity', 'onhandunits', 'stock', 'stocklevel', 'inventory', 'closingstock', 'endingstock', 'balance', 'quantity', 'qty', 'units'],
  },
};

/** Whether a cell could be this field's: a column named "Date" holding words is not the date. */
const FITS: Partial<Record<HistoryField, (raw: unknown) => boolean>> = {
  date: (raw) => !(rowDay(raw, 'UTC') instanceof Refusal),
  units: (raw) => !(wholeCount(raw) instanceof Refusal),
  on_hand: (raw) => !(wholeCount(raw) instanceof Refusal),
  revenue: (raw) => !(values.majorUnits(raw, null) instanceof Refusal),
  revenue_minor: (raw) => !(values.minorUnits(raw) instanceof Refusal),
  price: (raw) => !(values.majorUnits(raw, null) instanceof Refusal),
};

/**
 * A first history mapping from a file's column names and a few sample rows, as guessMapping does for
 * events: a column named as a field wins, else the first common synonym whose sample cells fit the field
 * (Date/Day, Store, SKU/Item, Qty/Units/Quantity, Sales/Revenue/Net Sales, On Hand/OnHand/Stock/SOH …),
 * each column once. The catalogue (name, category, price) is mapped only when all three are found. It
 * may be incomplete (checkHistoryMapping says what is missing, e.g. a currency): people review it.
 */
export function guessHistoryMapping(kind: HistoryKind, columns: readonly string[], samples: readonly Readonly<Record<string, unknown>>[] = []): Mapping {
  const fields: Partial<Record<HistoryField, FieldSource>> = {};
  const used = new Set<string>();
  const byName = new Map<string, string>();
  for (const column of columns) if (!byName.has(normaliseName(column))) byName.set(normaliseName(column), column);
  const take = (field: HistoryField, name: string): boolean => {
    const column = byName.get(name);
    if (fields[field] || column === undefined || used.has(column)) return false;
    // One form of revenue only: a file with both is for people to choose.
    if ((field === 'revenue' && fields.revenue_minor) || (field === 'revenue_minor' && fields.revenue)) return false;
    const fits = FITS[field];
    if (fits && !mostlyFit(samples.map((row) => row[column]), fits)) return false;
    fields[field] = { column };
    used.add(column);
    return true;
  };
  const all = HISTORY_FIELDS[kind] as readonly HistoryField[];
  for (const field of all) take(field, normaliseName(field));
  for (const field of all) for (const name of SYNONYMS[kind][field] ?? []) if (take(field, name)) break;
  if (kind === 'sales' && !CATALOGUE_FIELDS.every((f) => fields[f])) for (const f of CATALOGUE_FIELDS) delete fields[f];
  const ordered = Object.fromEntries(all.flatMap((f) => (fields[f] ? [[f, fields[f]]] : [])));
  return { version: 1, fields: ordered, details: [], timeZone: 'UTC' };
}

/** Most of the sample cells that are not empty (a bad row among them should not hide the column). */
function mostlyFit(cells: unknown[], fits: (raw: unknown) => boolean): boolean {
  const filled = cells.filter((value) => value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === ''));
  return filled.filter(fits).length * 2 >= filled.length;
}
