import type { FieldError } from '../../../shared/contract';
import { isColumnSource, type Mapping } from '../../../shared/import-mapping';

/**
 * Which event field comes from which column of an import file. The mapping's JSON shape is shared with
 * the contract (shared/import-mapping.ts); which fields events have, and what a usable mapping needs,
 * are here.
 */

/** The event fields of `EventInputSchema` (shared/events.ts), in its order. */
export const EVENT_FIELDS = [
  'event_id', 'ts', 'store_id', 'terminal_id', 'user_id', 'user_role', 'session_id', 'action', 'category',
  'resource_type', 'resource_id', 'status', 'error_details', 'level', 'ip_address', 'user_agent',
  'amount_minor', 'currency', 'details',
] as const;

/** Plus `amount` in major units ("12.34" becomes amount_minor 1234 in a two-decimal currency). */
export const MAPPABLE_FIELDS = [...EVENT_FIELDS, 'amount'] as const;
export type MappableField = (typeof MAPPABLE_FIELDS)[number];

/** Required by the schema; `event_id` is too, but a missing one is derived from the row (event-id.ts). */
export const REQUIRED_FIELDS = ['ts', 'store_id', 'action'] as const;

export { isColumnSource, MappingSchema, type ColumnSource, type ConstantSource, type FieldSource, type Mapping, type MappingInput } from '../../../shared/import-mapping';

export function isMappableField(name: string): name is MappableField {
  return (MAPPABLE_FIELDS as readonly string[]).includes(name);
}

/**
 * Everything wrong with a mapping, each problem with its path (`fields.ts`, `details.2`): unknown
 * fields, required fields left unmapped, both amount forms, an amount without a currency, and, when
 * the file's columns are known (CSV), columns the file does not have.
 */
export function checkMapping(mapping: Mapping, columns: readonly string[] | null = null): FieldError[] {
  const problems: FieldError[] = [];
  const { fields } = mapping;
  const known = columns ? new Set(columns) : null;
  const missingColumn = (column: string) => `"${column}" is not a column of this file (its columns: ${columns?.join(', ')})`;
  for (const [name, source] of Object.entries(fields)) {
    if (!isMappableField(name)) {
      problems.push({ path: `fields.${name}`, message: `is not an event field (the fields: ${MAPPABLE_FIELDS.join(', ')})` });
    } else if (isColumnSource(source)) {
      if (known && !known.has(source.column)) problems.push({ path: `fields.${name}.column`, message: missingColumn(source.column) });
    }
  }
  for (const name of REQUIRED_FIELDS) {
    const source = fields[name];
    if (!source || (!isColumnSource(source) && (source.value === null || source.value === ''))) {
      problems.push({ path: `fields.${name}`, message: 'is required: map it to a column or give it a constant value' });
    }
  }
  if (fields.amount && fields.amount_minor) {
    problems.push({ path: 'fields.amount', message: 'map either amount (major units, e.g. 12.34) or amount_minor (minor units, e.g. 1234), not both' });
  }
  if ((fields.amount || fields.amount_minor) && !fields.currency) {
    problems.push({ path: 'fields.currency', message: 'is required when an amount is mapped: map it to a column or give a constant such as "USD"' });
  }
  mapping.details.forEach((column, i) => {
    if (known && !known.has(column)) problems.push({ path: `details.${i}`, message: missingColumn(column) });
  });
  return problems;
}
