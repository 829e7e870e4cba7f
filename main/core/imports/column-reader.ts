import { isColumnSource, type FieldSource } from '../../../shared/import-mapping';

/** A field of a mapping made ready for many rows: where its value comes from, and how it is converted. */
export interface CompiledField<F extends string, C> {
  field: F;
  /** The column it reads, or null for a constant. */
  column: string | null;
  read(data: Readonly<Record<string, unknown>>): unknown;
  convert: C;
}

const SHOWN_VALUE_CHARS = 60;

/** Compiles one field's source: a constant, or a column with its value translations (if any). */
export function compileField<F extends string, C>(field: F, source: FieldSource, convert: C): CompiledField<F, C> {
  if (!isColumnSource(source)) {
    const constant = source.value;
    return { field, column: null, read: () => constant, convert };
  }
  const { column } = source;
  const translate = source.values ? translator(source.values) : null;
  return { field, column, read: translate ? (data) => translate(data[column]) : (data) => data[column], convert };
}

/** Whole-value translations, tried as written and then ignoring case and surrounding spaces. */
function translator(table: Record<string, string>): (value: unknown) => unknown {
  const folded = new Map(Object.entries(table).map(([from, to]) => [from.trim().toLowerCase(), to]));
  return (value) => {
    if (typeof value !== 'string' && typeof value !== 'number') return value;
    const key = String(value);
    return Object.hasOwn(table, key) ? table[key] : (folded.get(key.trim().toLowerCase()) ?? value);
  };
}

/** A reason with the cell it is about, so an error report can be read without opening the file. */
export function withCell(reason: string, f: { column: string | null }, data: Readonly<Record<string, unknown>>): string {
  if (!f.column) return `${reason} (constant value)`;
  const value = data[f.column];
  let shown = typeof value === 'string' ? value : JSON.stringify(value ?? '');
  if (shown.length > SHOWN_VALUE_CHARS) shown = `${shown.slice(0, SHOWN_VALUE_CHARS)}…`;
  return `${reason} (column ${f.column}: ${JSON.stringify(shown)})`;
}
