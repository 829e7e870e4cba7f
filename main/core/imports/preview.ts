import type { FieldError } from '../../../shared/contract';
import type { NormalizedEvent } from '../../../shared/events';
import { guessMapping } from './guess-mapping';
import { RowMapper, type RowError } from './map-row';
import { checkMapping, type Mapping, type MappingInput } from './mapping';
import { parseMappingShape } from './parse-mapping';
import { cellText, openRows, type ImportFormat, type RawRow } from './source';

export interface PreviewOptions {
  /** Found from the file's name (or first character) when left out. */
  format?: ImportFormat;
  /** Data rows to show (default 20). */
  rows?: number;
}

export interface ImportPreview {
  format: ImportFormat;
  /** CSV: the delimiter found. */
  delimiter: string | null;
  /** CSV: the header's names; JSON: every key of the rows shown, in the order first seen. */
  columns: string[];
  /** The first rows, each cell as text aligned with `columns` ("" when absent); `problem` when unreadable. */
  rows: { row: number; cells: string[]; problem?: string }[];
  /** A first mapping from the column names, for people to review (see guessMapping). */
  mapping: Mapping;
  /** What is still wrong with that mapping (empty when it can be used as it is). */
  mappingProblems: FieldError[];
  totalBytes: number;
}

/** The first rows of a file and a guessed mapping: what the import wizard shows before anything is stored. */
export function previewImport(file: string, options: PreviewOptions = {}): Promise<ImportPreview> {
  return previewFile(file, options, guessMapping, checkMapping);
}

/** A preview with another kind's guess and check (sales and stock history use it too). */
export async function previewFile(
  file: string,
  options: PreviewOptions,
  guess: (columns: readonly string[], samples: readonly Readonly<Record<string, unknown>>[]) => Mapping,
  check: (mapping: Mapping, columns: readonly string[] | null) => FieldError[],
): Promise<ImportPreview> {
  const source = openRows(file, options.format);
  const raw = await firstRows(source.chunks(), options.rows ?? 20);
  const columns = source.columns ? [...source.columns] : unionOfKeys(raw);
  const mapping = guess(columns, raw.flatMap((r) => (r.data ? [r.data] : [])));
  return {
    format: source.format,
    delimiter: source.delimiter,
    columns,
    rows: raw.map((r) => ({ row: r.row, cells: columns.map((c) => cellText(r.data?.[c])), ...(r.problem ? { problem: r.problem } : {}) })),
    mapping,
    mappingProblems: check(mapping, source.columns),
    totalBytes: source.totalBytes,
  };
}

export interface MappedPreviewRow {
  row: number;
  /** The event as it would be stored (event_id derived when the file has none), or null. */
  event: NormalizedEvent | null;
  errors: RowError[];
}

/**
 * The first rows through `mapping`, exactly as the import would take them: per-row events or reasons.
 * The mapping may still be incomplete (a required field unmapped shows as a reason on every row); only
 * JSON that is not a mapping at all is refused (BAD_INPUT).
 */
export async function previewMapping(file: string, mapping: MappingInput, options: PreviewOptions = {}): Promise<MappedPreviewRow[]> {
  const mapper = new RowMapper(parseMappingShape(mapping));
  const source = openRows(file, options.format);
  const raw = await firstRows(source.chunks(), options.rows ?? 20);
  return raw.map((r) => {
    const mapped = mapper.map(r);
    return mapped.ok ? { row: r.row, event: mapped.event, errors: [] } : { row: r.row, event: null, errors: mapped.errors };
  });
}

export async function firstRows(chunks: AsyncGenerator<RawRow[]>, limit: number): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  for await (const chunk of chunks) {
    rows.push(...chunk.slice(0, limit - rows.length));
    if (rows.length >= limit) break;
  }
  return rows;
}

function unionOfKeys(rows: RawRow[]): string[] {
  const keys = new Set<string>();
  for (const r of rows) for (const key of Object.keys(r.data ?? {})) keys.add(key);
  return [...keys];
}
