import type { FieldError } from '../../../../shared/contract';
import { AppError, describeFields } from '../../api/errors';
import { isColumnSource, type FieldSource, type Mapping } from '../mapping';
import { parseMappingShape } from '../parse-mapping';

/**
 * Sales and stock history read with the events import's mapping shape (`MappingSchema`), each with its
 * own fields. docs/ingest.md, "Sales and stock history", says what each field takes.
 */
export const HISTORY_KINDS = ['sales', 'stock'] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

export const HISTORY_FIELDS = {
  // revenue in major units (needs currency) or revenue_minor; name, category and price feed the catalogue.
  sales: ['store_id', 'sku', 'date', 'units', 'revenue', 'revenue_minor', 'currency', 'name', 'category', 'price'],
  stock: ['store_id', 'sku', 'date', 'on_hand'],
} as const satisfies Record<HistoryKind, readonly string[]>;
export type SalesField = (typeof HISTORY_FIELDS.sales)[number];
export type StockField = (typeof HISTORY_FIELDS.stock)[number];
export type HistoryField = SalesField | StockField;

/** Sales also need revenue in one of its two forms (checked separately: either field will do). */
export const REQUIRED_HISTORY_FIELDS = {
  sales: ['store_id', 'sku', 'date', 'units'],
  stock: ['store_id', 'sku', 'date', 'on_hand'],
} as const satisfies Record<HistoryKind, readonly HistoryField[]>;

/** The catalogue (`skus`) needs all three for a SKU, so they are mapped together or not at all. */
export const CATALOGUE_FIELDS = ['name', 'category', 'price'] as const;

export function isHistoryKind(kind: unknown): kind is HistoryKind {
  return (HISTORY_KINDS as readonly unknown[]).includes(kind);
}

function isField(kind: HistoryKind, name: string): name is HistoryField {
  return (HISTORY_FIELDS[kind] as readonly string[]).includes(name);
}

const isEmptyConstant = (source: FieldSource | undefined) => source !== undefined && !isColumnSource(source) && (source.value === null || source.value === '');

/**
 * Everything wrong with a history mapping, in the words of `checkMapping` (events): unknown fields,
 * required fields unmapped, both revenue forms or neither, a major-unit amount without a currency, a
 * catalogue mapped in part, `details` (history keeps none) and columns the file lacks (when known).
 */
export function checkHistoryMapping(kind: HistoryKind, mapping: Mapping, columns: readonly string[] | null = null): FieldError[] {
  const problems: FieldError[] = [];
  const { fields } = mapping;
  const known = columns ? new Set(columns) : null;
  const missingColumn = (column: string) => `"${column}" is not a column of this file (its columns: ${columns?.join(', ')})`;
  for (const [name, source] of Object.entries(fields)) {
    if (!isField(kind, name)) {
      problems.push({ path: `fields.${name}`, message: `is not a ${kind} history field (the fields: ${HISTORY_FIELDS[kind].join(', ')})` });
    } else if (isColumnSource(source) && known && !known.has(source.column)) {
      problems.push({ path: `fields.${name}.column`, message: missingColumn(source.column) });
    }
  }
  for (const name of REQUIRED_HISTORY_FIELDS[kind]) {
    if (!fields[name] || isEmptyConstant(fields[name])) problems.push({ path: `fields.${name}`, message: 'is required: map it to a column or give it a constant value' });
  }
  if (kind === 'sales') problems.push(...salesProblems(mapping));
  if (mapping.details.length) {
    problems.push({ path: 'details', message: `is for events only: ${kind} history keeps no details, so leave it empty` });
  }
  return problems;
}

function salesProblems({ fields }: Mapping): FieldError[] {
  const problems: FieldError[] = [];
  const revenue = fields.revenue && !isEmptyConstant(fields.revenue);
  const revenueMinor = fields.revenue_minor && !isEmptyConstant(fields.revenue_minor);
  if (revenue && revenueMinor) {
    problems.push({ path: 'fields.revenue', message: 'map either revenue (major units, e.g. 12.34) or revenue_minor (minor units, e.g. 1234), not both' });
  } else if (!revenue && !revenueMinor) {
    problems.push({
      path: 'fields.revenue',
      message: 'is required: map revenue (major units, e.g. 12.34) or revenue_minor (minor units, e.g. 1234); for a file of units only, give revenue_minor the constant 0',
    });
  }
  if ((revenue || fields.price) && !fields.currency) {
    problems.push({ path: 'fields.currency', message: 'is required when revenue or price is in major units: map it to a column or give a constant such as "USD"' });
  }
  const catalogue = CATALOGUE_FIELDS.filter((name) => fields[name]);
  if (catalogue.length > 0 && catalogue.length < CATALOGUE_FIELDS.length) {
    for (const name of CATALOGUE_FIELDS.filter((f) => !fields[f])) {
      problems.push({ path: `fields.${name}`, message: `is needed too: the catalogue takes name, category and price together (map ${name}, or leave out ${catalogue.join(' and ')})` });
    }
  }
  return problems;
}

/** A history mapping from JSON, checked (and against the file's columns when given). Throws BAD_INPUT listing every problem. */
export function parseHistoryMapping(kind: HistoryKind, json: unknown, columns: readonly string[] | null = null): Mapping {
  if (!isHistoryKind(kind)) throw new AppError('BAD_INPUT', `The kind of history must be one of ${HISTORY_KINDS.join(', ')}.`);
  const mapping = parseMappingShape(json);
  const problems = checkHistoryMapping(kind, mapping, columns);
  if (problems.length) throw new AppError('BAD_INPUT', `The mapping cannot be used: ${describeFields(problems, 10)}.`, problems);
  return mapping;
}
