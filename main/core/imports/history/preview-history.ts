import type { RowError } from '../map-row';
import type { MappingInput } from '../mapping';
import { parseMappingShape } from '../parse-mapping';
import { firstRows, previewFile, type ImportPreview, type PreviewOptions } from '../preview';
import { openRows } from '../source';
import { checkHistoryMapping, type HistoryKind } from './fields';
import { guessHistoryMapping } from './guess-history';
import { HistoryRowMapper, type HistoryRecord } from './map-history-row';

/** The first rows of a sales or stock file and a mapping guessed for that kind, with what is still wrong with it. */
export function previewHistory(file: string, kind: HistoryKind, options: PreviewOptions = {}): Promise<ImportPreview> {
  return previewFile(file, options, (columns, samples) => guessHistoryMapping(kind, columns, samples), (mapping, columns) => checkHistoryMapping(kind, mapping, columns));
}

export interface HistoryPreviewRow {
  row: number;
  /** The row as it is added to its day (a sales row before the day's rows are added up), or null. */
  record: HistoryRecord | null;
  errors: RowError[];
}

/**
 * The first rows through `mapping`, exactly as the import reads them: per-row records or reasons. The
 * mapping may be unfinished (what is missing is each row's reason); JSON that is not a mapping is refused.
 */
export async function previewHistoryMapping(file: string, kind: HistoryKind, mapping: MappingInput, options: PreviewOptions = {}): Promise<HistoryPreviewRow[]> {
  const mapper = new HistoryRowMapper(kind, parseMappingShape(mapping));
  const source = openRows(file, options.format);
  const raw = await firstRows(source.chunks(), options.rows ?? 20);
  return raw.map((r) => {
    const mapped = mapper.map(r);
    return mapped.ok ? { row: r.row, record: mapped.record, errors: [] } : { row: r.row, record: null, errors: mapped.errors };
  });
}
