/**
 * File imports (CSV, JSON, JSON Lines) into the log, for `watchdog import` and the import wizard:
 * preview a file and a guessed mapping, check a mapping, try it on the first rows, then import with
 * progress, cancel and an error report. docs/ingest.md ("File imports") describes formats and figures.
 */
export { importEvents, type ImportDeps, type ImportOptions, type ImportProgress, type ImportResult } from './import-job';
export { previewImport, previewMapping, type ImportPreview, type MappedPreviewRow, type PreviewOptions } from './preview';
export { parseMapping } from './parse-mapping';
export { guessMapping } from './guess-mapping';
export {
  checkMapping, EVENT_FIELDS, MAPPABLE_FIELDS, MappingSchema, REQUIRED_FIELDS,
  type FieldSource, type MappableField, type Mapping, type MappingInput,
} from './mapping';
export type { RowError } from './map-row';
export { detectFormat, IMPORT_FORMATS, type ImportFormat } from './source';
