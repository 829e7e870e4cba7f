import { SalesDaySchema, SkuSchema, type Sku } from '../../../../shared/sales';
import * as values from '../field-values';
import { Refusal } from '../field-values';
import type { RowError } from '../map-row';
import type { FieldSource, Mapping } from '../mapping';
import { compileField, withCell, type CompiledField as ColumnField } from '../column-reader';
import type { RawRow } from '../source';
import { dayToDate, rowDay, wholeCount, type RowDay } from './cell-values';
import { CATALOGUE_FIELDS, HISTORY_FIELDS, REQUIRED_HISTORY_FIELDS, type HistoryField, type HistoryKind } from './fields';

/** One row of a sales file as it is added to its day: units may be negative (a return); the day's total may not. */
export interface SalesRecord {
  store_id: string;
  sku: string;
  date: string;
  units: number;
  revenue_minor: number;
  /** What revenue_minor counts in (null when the file gives minor units and no currency). */
  currency: string | null;
  /** The SKU's catalogue entry when the row gives name, category and price. */
  catalogue: Sku | null;
}

/** One stock count as stored; `counted_at` is its time when the date cell had one (the latest count of a day wins). */
export interface StockRecord {
  store_id: string;
  sku: string;
  date: string;
  on_hand: number;
  counted_at: string | null;
}

export type HistoryRecord = SalesRecord | StockRecord;

export type MappedHistoryRow =
  | { ok: true; row: number; day: RowDay; record: HistoryRecord }
  | { ok: false; row: number; errors: RowError[] };

const CURRENCY_CODE = /^[A-Z]{3}$/;
const TEXT_LIMITS = {
  store_id: SalesDaySchema.shape.store_id,
  sku: SalesDaySchema.shape.sku,
  name: SkuSchema.shape.name,
  category: SkuSchema.shape.category,
} as const;

type Converter = (raw: unknown, converted: Partial<Record<HistoryField, unknown>>) => unknown;

type CompiledField = ColumnField<HistoryField, Converter>;

/**
 * A history mapping made ready for many rows: row → a sales or stock record, or the reasons it is
 * refused, each naming the row, the field and the cell (as the events import's RowMapper does).
 */
export class HistoryRowMapper {
  private readonly fields: CompiledField[];
  private readonly catalogue: boolean;
  private readonly minorRevenue: boolean;
  private readonly required: HistoryField[];
  private readonly requiredWithCurrency: HistoryField[];

  constructor(
    readonly kind: HistoryKind,
    mapping: Mapping,
  ) {
    const converters: Record<HistoryField, Converter> = {
      store_id: values.text, sku: values.text, name: values.text, category: values.text,
      date: (raw) => rowDay(raw, mapping.timeZone),
      units: wholeCount, on_hand: wholeCount,
      currency: values.currency,
      revenue_minor: values.minorUnits,
      // After currency (the order below): the currency says how many decimals an amount has.
      revenue: (raw, row) => values.majorUnits(raw, row.currency),
      price: (raw, row) => values.majorUnits(raw, row.currency),
    };
    const allowed = HISTORY_FIELDS[kind] as readonly string[];
    const entries = Object.entries(mapping.fields).filter(([field]) => allowed.includes(field)) as [HistoryField, FieldSource][];
    entries.sort(([a], [b]) => Number(a === 'revenue' || a === 'price') - Number(b === 'revenue' || b === 'price'));
    this.fields = entries.map(([field, source]) => compileField(field, source, converters[field]));
    this.catalogue = kind === 'sales' && CATALOGUE_FIELDS.every((f) => mapping.fields[f]);
    this.minorRevenue = mapping.fields.revenue_minor !== undefined;
    this.required = [...REQUIRED_HISTORY_FIELDS[kind]];
    if (kind === 'sales') this.required.push(this.minorRevenue ? 'revenue_minor' : 'revenue');
    this.requiredWithCurrency = [...this.required, 'currency'];
  }

  map(raw: RawRow): MappedHistoryRow {
    const { row, data } = raw;
    if (!data) return { ok: false, row, errors: [{ row, field: '(row)', reason: raw.problem ?? 'could not be read' }] };
    const cells: Partial<Record<HistoryField, unknown>> = {};
    let errors: RowError[] | null = null;
    for (const f of this.fields) {
      const converted = f.convert(f.read(data), cells);
      const reason = converted instanceof Refusal ? converted.reason : converted === undefined ? null : this.problemWith(f.field, converted);
      if (reason !== null) (errors ??= []).push({ row, field: f.field, reason: withCell(reason, f, data) });
      else if (converted !== undefined) cells[f.field] = converted;
    }
    // A major-unit amount is read in its currency's decimals, so a row without a currency cannot be read.
    const required = this.kind === 'sales' && (!this.minorRevenue || cells.price !== undefined) ? this.requiredWithCurrency : this.required;
    for (const field of required) {
      if (cells[field] !== undefined || errors?.some((e) => e.field === field)) continue;
      const f = this.fields.find((c) => c.field === field);
      (errors ??= []).push({ row, field, reason: f?.column ? `is required, but the cell is empty (column ${f.column})` : 'is required, but it is empty' });
    }
    if (errors) return { ok: false, row, errors };
    const day = cells.date as RowDay;
    return { ok: true, row, day, record: this.record(cells, day) };
  }

  /** What is wrong with a converted value beyond its form: lengths, a currency code, a count below zero. */
  private problemWith(field: HistoryField, value: unknown): string | null {
    if (field in TEXT_LIMITS) {
      const parsed = TEXT_LIMITS[field as keyof typeof TEXT_LIMITS].safeParse(value);
      return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'is not valid');
    }
    if (field === 'currency') return CURRENCY_CODE.test(String(value)) ? null : 'must be an ISO 4217 code such as USD';
    if (field === 'on_hand' && (value as number) < 0) return `on hand is ${String(value)}; a count below zero is refused — fix the count in the source system`;
    // Units may be negative on a row (a return); the day's total may not (checked when the file has been read).
    if (field === 'price' && (value as number) < 0) return 'must not be negative';
    return null;
  }

  private record(cells: Partial<Record<HistoryField, unknown>>, day: RowDay): HistoryRecord {
    const store_id = cells.store_id as string;
    const sku = cells.sku as string;
    const date = dayToDate(day.day);
    if (this.kind === 'stock') {
      return { store_id, sku, date, on_hand: (cells.on_hand as number) || 0, counted_at: day.time === null ? null : new Date(day.time).toISOString() };
    }
    const catalogue =
      this.catalogue && cells.name !== undefined && cells.category !== undefined && cells.price !== undefined
        ? { sku, name: cells.name as string, category: cells.category as string, price_minor: cells.price as number }
        : null;
    const revenue = (cells.revenue ?? cells.revenue_minor) as number;
    return { store_id, sku, date, units: (cells.units as number) || 0, revenue_minor: revenue || 0, currency: (cells.currency as string | undefined) ?? null, catalogue };
  }

}


