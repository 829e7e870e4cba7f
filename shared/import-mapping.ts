import { z } from 'zod';

/**
 * Which field comes from which column of an import file: plain JSON, the same for events and for sales
 * and stock history, so the app can remember one per source and `watchdog import --mapping M.json`
 * can read one. Which field names a kind accepts is the core's to check (main/core/imports).
 */

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
  /** Field → its source. Fields left out stay empty (the schema's defaults apply). */
  fields: z.record(z.string(), FieldSourceSchema),
  /** Columns copied into `details` under their own names (empty cells left out; events only). */
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
/** A mapping as stored and exchanged (defaults filled in). */
export type Mapping = z.output<typeof MappingSchema>;
/** What a person may write: `version`, `details` and `timeZone` can be left out. */
export type MappingInput = z.input<typeof MappingSchema>;

export function isColumnSource(source: FieldSource): source is ColumnSource {
  return 'column' in source;
}
