import type { FieldError } from '../../../shared/contract';
import type { ImportKind } from '../../../shared/contract/import-channels';
import type { Mapping } from '../../../shared/import-mapping';
import type { CallContext, Core } from '..';
import { checkHistoryMapping, HISTORY_FIELDS, importHistory, parseHistoryMapping, previewHistory, previewHistoryMapping, REQUIRED_HISTORY_FIELDS } from './history';
import { parseMapping } from './parse-mapping';
import { importEvents, type ImportOptions, type ImportResult } from './import-job';
import type { RowError } from './map-row';
import { checkMapping, MAPPABLE_FIELDS, REQUIRED_FIELDS } from './mapping';
import { previewImport, previewMapping, type ImportPreview, type PreviewOptions } from './preview';
import { cellText } from './source';

/** Sales and stock history add what they wrote; events leave it out. */
export type KindResult = ImportResult & { history?: { days: number; stores: number; skus: number; from: string | null; to: string | null } };

export interface TrialRow {
  row: number;
  /** Field → text, as it would be stored; null when the row would be refused. */
  values: Record<string, string> | null;
  errors: RowError[];
}

/** What an import writes through: the core's ingest (events) or its store (history). */
export interface ImportRunDeps {
  core: Pick<Core, 'ingest' | 'store'>;
}

/** What the wizard needs of each kind of import: its fields, a preview, a trial, a check and the run. */
export interface ImportKindAdapter {
  fields: { name: string; required: boolean }[];
  preview(file: string, options: PreviewOptions): Promise<ImportPreview>;
  check(mapping: Mapping, columns: readonly string[] | null): FieldError[];
  /** A mapping from JSON (a file): its shape and `check`, or BAD_INPUT listing every problem. */
  parse(json: unknown, columns: readonly string[] | null): Mapping;
  tryMapping(file: string, mapping: Mapping, options: PreviewOptions): Promise<TrialRow[]>;
  run(deps: ImportRunDeps, ctx: CallContext, file: string, options: Omit<ImportOptions, 'format'> & PreviewOptions): Promise<KindResult>;
}

const eventsAdapter: ImportKindAdapter = {
  fields: MAPPABLE_FIELDS.map((name) => ({ name, required: (REQUIRED_FIELDS as readonly string[]).includes(name) })),
  preview: (file, options) => previewImport(file, options),
  check: (mapping, columns) => checkMapping(mapping, columns),
  parse: (json, columns) => parseMapping(json, columns),
  tryMapping: async (file, mapping, options) =>
    (await previewMapping(file, mapping, options)).map((r) => ({ row: r.row, values: r.event ? asText(r.event) : null, errors: r.errors })),
  run: ({ core }, ctx, file, options) => importEvents({ core, ctx }, file, options),
};

function historyAdapter(kind: 'sales' | 'stock'): ImportKindAdapter {
  const required = REQUIRED_HISTORY_FIELDS[kind] as readonly string[];
  return {
    fields: HISTORY_FIELDS[kind].map((name) => ({ name, required: required.includes(name) })),
    preview: (file, options) => previewHistory(file, kind, options),
    check: (mapping, columns) => checkHistoryMapping(kind, mapping, columns),
    parse: (json, columns) => parseHistoryMapping(kind, json, columns),
    tryMapping: async (file, mapping, options) =>
      (await previewHistoryMapping(file, kind, mapping, options)).map((r) => ({ row: r.row, values: r.record ? asText(r.record) : null, errors: r.errors })),
    run: ({ core }, _ctx, file, options) => importHistory({ store: core.store }, file, { ...options, kind }),
  };
}

export const IMPORT_ADAPTERS: Record<ImportKind, ImportKindAdapter> = {
  events: eventsAdapter,
  sales: historyAdapter('sales'),
  stock: historyAdapter('stock'),
};

/** A stored row as the wizard's table shows it: each field as text, empty ones left out. */
function asText(record: object): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) {
    if (value === null || value === undefined) continue;
    const text = cellText(value);
    if (text !== '' && text !== '{}') out[key] = text;
  }
  return out;
}
