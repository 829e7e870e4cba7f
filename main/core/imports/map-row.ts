import type { z } from 'zod';
import { EventInputSchema, type NormalizedEvent } from '../../../shared/events';
import { canonicalDetails } from '../store/canonical';
import type { CanonicalParts } from '../store/prepared';
import { DerivedIds, rowText } from './event-id';
import * as values from './field-values';
import { Refusal } from './field-values';
import { isColumnSource, REQUIRED_FIELDS, type FieldSource, type MappableField, type Mapping } from './mapping';
import { compileField, withCell, type CompiledField as ColumnField } from './column-reader';
import type { RawRow } from './source';

/** One reason a row was not imported: the row as the file numbers it, the event field, and why. */
export interface RowError {
  row: number;
  /** An event field (`ts`, `amount`, `details.note`), or `(row)` when the row itself could not be read. */
  field: string;
  reason: string;
}

/**
 * `canonical`: the event's canonical texts when deriving its id built them (the store's content hash
 * starts from the same text, prepareEvents), else null.
 */
export type MappedRow = { ok: true; row: number; event: NormalizedEvent; canonical: CanonicalParts | null } | { ok: false; row: number; errors: RowError[] };

/** Stands in for a missing event_id while the schema checks the rest; the real one is derived after. */
const PLACEHOLDER_ID = '00000000-0000-7000-8000-000000000000';

type Converter = (raw: unknown, event: Record<string, unknown>) => unknown;

type CompiledField = ColumnField<MappableField, Converter>;

/**
 * A mapping made ready for many rows: row → event input → EventInputSchema, with reasons that name
 * the row, the field and the cell. Holds the occurrence window of derived ids, so one mapper per import.
 */
export class RowMapper {
  private readonly fields: CompiledField[];
  private readonly ids = new DerivedIds();
  private readonly constantResourceType: boolean;

  constructor(private readonly mapping: Mapping) {
    const offset = values.offsetSuffix(mapping.timeZone);
    const converters: Record<MappableField, Converter> = {
      event_id: values.text, ts: (raw) => values.timestamp(raw, offset), store_id: values.text, terminal_id: values.text,
      user_id: values.text, user_role: values.text, session_id: values.text, action: values.action, category: values.text,
      resource_type: values.text, resource_id: values.text, status: values.status, error_details: values.text,
      level: values.level, ip_address: values.text, user_agent: values.text, amount_minor: values.minorUnits,
      currency: values.currency, details: values.detailsObject,
      // After currency (see the order below): the currency says how many decimals an amount has.
      amount: (raw, event) => values.majorUnits(raw, event.currency),
    };
    const entries = Object.entries(mapping.fields) as [MappableField, FieldSource][];
    entries.sort(([a], [b]) => Number(a === 'amount') - Number(b === 'amount'));
    this.fields = entries.filter(([field]) => field in converters).map(([field, source]) => compileField(field, source, converters[field]));
    this.constantResourceType = mapping.fields.resource_type !== undefined && !isColumnSource(mapping.fields.resource_type);
  }

  map(raw: RawRow): MappedRow {
    const { row, data } = raw;
    if (!data) return { ok: false, row, errors: [{ row, field: '(row)', reason: raw.problem ?? 'could not be read' }] };
    const input: Record<string, unknown> = {};
    let errors: RowError[] | null = null;
    for (const f of this.fields) {
      const value = f.convert(f.read(data), input);
      if (value === undefined) continue;
      if (value instanceof Refusal) (errors ??= []).push({ row, field: f.field, reason: withCell(value.reason, f, data) });
      else input[f.field === 'amount' ? 'amount_minor' : f.field] = value;
    }
    // A constant resource type describes the resource_id column: a row without an id has no resource.
    if (input.resource_id === undefined && this.constantResourceType) input.resource_type = undefined;
    for (const field of REQUIRED_FIELDS) {
      if (input[field] === undefined && !errors?.some((e) => e.field === field)) {
        const f = this.fields.find((c) => c.field === field);
        (errors ??= []).push({ row, field, reason: f?.column ? `is required, but the cell is empty (column ${f.column})` : 'is required, but it is empty' });
      }
    }
    const details = this.detailsFrom(data, input.details);
    if (details) input.details = details;
    const derived = input.event_id === undefined;
    if (derived) input.event_id = PLACEHOLDER_ID;
    const parsed = EventInputSchema.safeParse(input);
    if (!parsed.success || errors) {
      // A field already refused above (an empty required cell, a bad amount) is not reported twice.
      const refused = new Set(errors?.map((e) => e.field));
      for (const issue of parsed.error?.issues ?? []) {
        const error = this.issueError(row, issue, data);
        if (!refused.has(error.field.split('.')[0] as string)) (errors ??= []).push(error);
      }
      return { ok: false, row, errors: dedupe(errors ?? []) };
    }
    const event = parsed.data;
    if (!derived) return { ok: true, row, event, canonical: null };
    const canonical = { details: canonicalDetails(event.details), fields: '' };
    canonical.fields = rowText(event, canonical.details);
    event.event_id = this.ids.idFor(event, canonical.fields);
    return { ok: true, row, event, canonical };
  }

  private detailsFrom(data: Readonly<Record<string, unknown>>, mapped: unknown): Record<string, unknown> | null {
    if (!this.mapping.details.length) return null;
    const details: Record<string, unknown> = mapped ? { ...(mapped as Record<string, unknown>) } : {};
    for (const column of this.mapping.details) {
      const value = data[column];
      if (value === undefined || value === null || value === '') continue;
      setOwn(details, column, value);
    }
    return details;
  }

  private issueError(row: number, issue: z.core.$ZodIssue, data: Readonly<Record<string, unknown>>): RowError {
    const path = issue.path.map(String);
    // amount_minor made from an `amount` column is reported as amount, the field the mapping names.
    if (path[0] === 'amount_minor' && this.mapping.fields.amount) path[0] = 'amount';
    const compiled = this.fields.find((f) => f.field === path[0]);
    return { row, field: path.join('.') || '(row)', reason: compiled ? withCell(issue.message, compiled, data) : issue.message };
  }

}



/** `object[key] = value`, except that a key named "__proto__" is a key like any other, never the prototype. */
export function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

function dedupe(errors: RowError[]): RowError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.field}\u0000${e.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
