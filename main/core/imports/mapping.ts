import { z } from 'zod';
import type { FieldError } from '../../../shared/contract';

/**
 * Which event field comes from which column of an import file. Plain JSON, so the app can remember
 * one per source and `watchdog import --mapping M.json` can read one. Depends on zod only (no Node),
 * so the import wizard's contract can share it as it is.
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

const ColumnSourceSchema = z.strictObject({
  column: z.string().min(1, 'must name a column'),
  /** Translations of whole cell values, e.g. { "Sale": "pos.sale" }; tried exactly, then ignoring case. */
  values: z.record(z.string(), z.string()).optional(),
});
const ConstantSourceSchema = z.strictObject({ value: z.union([z.string(), z.number(), z.null()]) });
const FieldSourceSchema = z.union([ColumnSourceSchema, ConstantSourceSchema], {
  error: 'must be { "column": "Name" } or { "value": constant }',
});

export const MappingSchema = z.strictObject({
  version: z.literal(1).default(1),
  /** Event field → its source. Fields left out stay empty (the schema's defaults apply). */
  fields: z.record(z.string(), FieldSourceSchema),
  /** Columns copied into `details` under their own names (empty cells left out). */
  details: z.array(z.string().min(1)).default([]),
  /** For times without an offset: "UTC" (the default) or a fixed offset such as "+01:00". */
  timeZone: z
    .string()
    .regex(/^(UTC|[+-](0\d|1[0-4]):[0-5]\d)$/, 'must be "UTC" or an offset such as "+01:00"')
    .default('UTC'),
});

export type ColumnSource = z.output<typeof ColumnSourceSchema>;
export type ConstantSource = z.output<typeof ConstantSourceSchema>;
export type FieldSource = ColumnSource | ConstantSource;
/** A mapping as stored and exchanged (what `parseMapping` returns; defaults filled in). */
export type Mapping = z.output<typeof MappingSchema>;
/** What a person may write: `version`, `details` and `timeZone` can be left out. */
export type MappingInput = z.input<typeof MappingSchema>;

export function isColumnSource(source: FieldSource): source is ColumnSource {
  return 'column' in source;
}

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
