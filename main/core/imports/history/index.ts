/**
 * Sales and stock history from files (CSV, JSON, JSON Lines) into `sales_daily` and `stock_snapshots`,
 * with the events import's mapping shape, sources, preview and error report: preview a file and a
 * guessed mapping, check a mapping, try it on the first rows, then import with progress, cancel and an
 * error report. docs/ingest.md ("Sales and stock history") describes fields and semantics.
 */
export {
  checkHistoryMapping, HISTORY_FIELDS, HISTORY_KINDS, isHistoryKind, parseHistoryMapping, REQUIRED_HISTORY_FIELDS,
  type HistoryField, type HistoryKind,
} from './fields';
export { guessHistoryMapping } from './guess-history';
export { previewHistory, previewHistoryMapping, type HistoryPreviewRow } from './preview-history';
export {
  importHistory, type HistoryImportDeps, type HistoryImportOptions, type HistoryImportResult, type HistorySummary,
} from './import-history';
export type { HistoryRecord, SalesRecord, StockRecord } from './map-history-row';
