import { MAPPABLE_FIELDS, type FieldSource, type MappableField, type Mapping } from './mapping';

/**
 * Column names as people write them, per field, best first; compared lower case without spaces,
 * underscores or punctuation ("Store ID", "store_id" and "StoreId" are all `storeid`).
 */
const SYNONYMS: Partial<Record<MappableField, string[]>> = {
  event_id: ['eventid', 'uuid', 'guid', 'id'],
  ts: ['timestamp', 'datetime', 'eventtime', 'occurredat', 'createdat', 'transactiontime', 'transactiondate', 'time', 'date', 'when'],
  store_id: ['store', 'storeno', 'storenumber', 'storecode', 'shop', 'shopid', 'branch', 'location', 'site'],
  terminal_id: ['terminal', 'register', 'registerid', 'registerno', 'till', 'tillid', 'tillno', 'lane', 'pos', 'posid', 'device', 'workstation'],
  user_id: ['user', 'cashier', 'cashierid', 'employee', 'employeeid', 'operator', 'operatorid', 'clerk', 'staff', 'username', 'login'],
  user_role: ['role'],
  session_id: ['session', 'shift', 'shiftid'],
  action: ['type', 'event', 'eventtype', 'transactiontype', 'txntype', 'activity', 'operation'],
  resource_id: ['receipt', 'receiptno', 'receiptnumber', 'receiptid', 'transaction', 'transactionid', 'txn', 'txnid', 'ticket', 'ticketno', 'invoice', 'invoiceno', 'reference', 'ref'],
  status: ['result', 'outcome'],
  error_details: ['error', 'errormessage', 'reason'],
  level: ['severity', 'loglevel'],
  ip_address: ['ip', 'clientip', 'sourceip'],
  user_agent: ['agent', 'browser'],
  amount_minor: ['amountcents', 'cents', 'amountinminor'],
  amount: ['total', 'totalamount', 'value', 'sum', 'amt', 'price', 'net', 'gross'],
  currency: ['curr', 'currencycode', 'ccy'],
  details: ['detail', 'metadata', 'extra', 'payload'],
};

/** What a resource_id column's name says the resource is (a receipt number names a receipt). */
const RESOURCE_TYPES: [RegExp, string][] = [
  [/^receipt/, 'receipt'],
  [/^(transaction|txn)/, 'transaction'],
  [/^ticket/, 'ticket'],
  [/^invoice/, 'invoice'],
];

export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * A first mapping from a file's column names (and a few sample rows): a column named as a field (or a
 * common synonym: Timestamp → ts, Register → terminal_id, Cashier → user_id, Type → action, Amount →
 * amount) is mapped to it, each column once; every other column goes into `details`, so nothing is
 * lost. It may be incomplete (checkMapping says what is missing, e.g. a currency): people review it.
 */
export function guessMapping(columns: readonly string[], samples: readonly Readonly<Record<string, unknown>>[] = []): Mapping {
  const fields: Partial<Record<MappableField, FieldSource>> = {};
  const used = new Set<string>();
  const byName = new Map<string, string>();
  for (const column of columns) if (!byName.has(normaliseName(column))) byName.set(normaliseName(column), column);
  const take = (field: MappableField, name: string): boolean => {
    const column = byName.get(name);
    if (fields[field] || column === undefined || used.has(column)) return false;
    if (field === 'details' && !holdsObjects(column, samples)) return false;
    fields[field] = { column };
    used.add(column);
    return true;
  };
  // A column named exactly as a field wins over any synonym.
  for (const field of MAPPABLE_FIELDS) take(field, normaliseName(field));
  for (const field of MAPPABLE_FIELDS) for (const name of SYNONYMS[field] ?? []) if (take(field, name)) break;
  const resource = fields.resource_id;
  if (resource && 'column' in resource && !fields.resource_type) {
    const type = RESOURCE_TYPES.find(([pattern]) => pattern.test(normaliseName(resource.column)))?.[1];
    if (type) fields.resource_type = { value: type };
  }
  // In the schema's order, so the mapping reads like an event.
  const ordered = Object.fromEntries(MAPPABLE_FIELDS.flatMap((f) => (fields[f] ? [[f, fields[f]]] : [])));
  return { version: 1, fields: ordered, details: columns.filter((c) => !used.has(c)), timeZone: 'UTC' };
}

/** A `details` column must hold JSON objects; one that holds plain text is kept as a detail instead. */
function holdsObjects(column: string, samples: readonly Readonly<Record<string, unknown>>[]): boolean {
  return samples.every((row) => {
    const value = row[column];
    if (value === undefined || value === null || value === '') return true;
    if (typeof value === 'object') return !Array.isArray(value);
    if (typeof value !== 'string' || !value.trim().startsWith('{')) return false;
    try {
      return typeof JSON.parse(value) === 'object';
    } catch {
      return false;
    }
  });
}
