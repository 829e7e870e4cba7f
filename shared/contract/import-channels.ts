import { z } from 'zod';
import { MappingSchema } from '../import-mapping';
import { channel } from './channel-spec';

/** What a file holds: events for the log, or daily sales / stock snapshots for forecasting. */
export const IMPORT_KINDS = ['events', 'sales', 'stock'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const ImportKindSchema = z.enum(IMPORT_KINDS);

export const ImportFormatSchema = z.enum(['csv', 'json', 'jsonl']);

/** Raw bytes per upload chunk (sent as base64, a third larger). */
export const UPLOAD_CHUNK_BYTES = 1024 * 1024;
/** The largest file the import wizard takes (the CLI has no limit). */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024;

const UploadIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'is not an upload this server started');
const JobIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'is not an import this server started');

const FieldErrorSchema = z.object({ path: z.string(), message: z.string(), index: z.int().optional() });
const RowErrorSchema = z.object({ row: z.int(), field: z.string(), reason: z.string() });

/** A field the mapping can fill, as the core knows it (the screen adds the words). */
export const ImportFieldSchema = z.object({ name: z.string(), required: z.boolean() });

/** A mapping remembered for files with these columns (`integrations`, kind `import.<kind>`). */
export const RememberedSourceSchema = z.object({ name: z.string(), updatedBy: z.string(), updatedAt: z.string() });

export const ImportPreviewViewSchema = z.object({
  kind: ImportKindSchema,
  fileName: z.string(),
  format: ImportFormatSchema,
  delimiter: z.string().nullable(),
  columns: z.array(z.string()),
  rows: z.array(z.object({ row: z.int(), cells: z.array(z.string()), problem: z.string().optional() })),
  /** The remembered mapping for these columns if there is one, else a guess from the column names. */
  mapping: MappingSchema,
  mappingProblems: z.array(FieldErrorSchema),
  remembered: RememberedSourceSchema.nullable(),
  fields: z.array(ImportFieldSchema),
  totalBytes: z.int(),
});
export type ImportPreviewView = z.output<typeof ImportPreviewViewSchema>;

export const MappingTrialSchema = z.object({
  /** What is wrong with the mapping as a whole (a required field unmapped, a column the file lacks). */
  problems: z.array(FieldErrorSchema),
  /** The first rows as they would be stored (field → text), or why each would be refused. */
  rows: z.array(z.object({ row: z.int(), values: z.record(z.string(), z.string()).nullable(), errors: z.array(RowErrorSchema) })),
});
export type MappingTrial = z.output<typeof MappingTrialSchema>;

export const ImportCountsSchema = z.object({
  rowsRead: z.int(),
  rowsStored: z.int(),
  duplicates: z.int(),
  rowsRejected: z.int(),
  bytesRead: z.int(),
  totalBytes: z.int(),
});

export const ImportJobViewSchema = z.object({
  jobId: z.string(),
  owner: z.string(),
  kind: ImportKindSchema,
  fileName: z.string(),
  state: z.enum(['running', 'completed', 'cancelled', 'failed']),
  startedAt: z.string(),
  progress: ImportCountsSchema,
  /** Once finished. */
  result: z
    .object({
      rowsNotSent: z.int(),
      /** The first reasons (the error report has them all). */
      errors: z.array(RowErrorSchema),
      errorCount: z.int(),
      hasErrorReport: z.boolean(),
      failure: z.object({ code: z.string(), message: z.string() }).nullable(),
      elapsedMs: z.int(),
      /** Sales and stock: the store × SKU × day cells written and the span they cover. */
      history: z
        .object({ days: z.int(), stores: z.int(), skus: z.int(), from: z.string().nullable(), to: z.string().nullable() })
        .nullable(),
    })
    .nullable(),
});
export type ImportJobView = z.output<typeof ImportJobViewSchema>;

const kindAndFile = { uploadId: UploadIdSchema, kind: ImportKindSchema, format: ImportFormatSchema.nullable().default(null) };

/**
 * The import wizard (docs/ingest.md, "The import wizard"): a file is uploaded in chunks to a private
 * temp file in the core (the same path in Electron and the browser), previewed, mapped, tried, then
 * imported as a job whose progress is pushed (`imports.job`) and which can be cancelled. Every import
 * writes the log, hence `audit:append`; an upload and a job belong to the user who started them.
 */
export const importChannels = {
  'imports.upload': channel({
    summary: 'Send the next chunk of a file to import (the first chunk starts an upload)',
    permission: 'audit:append',
    input: z.strictObject({
      uploadId: UploadIdSchema.nullable(),
      fileName: z.string().trim().min(1).max(255),
      /** Where this chunk starts: the bytes received so far (a resent chunk is refused, not doubled). */
      offset: z.int().min(0).max(MAX_UPLOAD_BYTES),
      /** Base64, at most UPLOAD_CHUNK_BYTES decoded. */
      data: z.base64().max(Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4),
    }),
    output: z.object({ uploadId: z.string(), bytes: z.int() }),
  }),
  'imports.discard': channel({
    summary: 'Delete an uploaded file that will not be imported',
    permission: 'audit:append',
    input: z.strictObject({ uploadId: UploadIdSchema }),
    output: z.object({ discarded: z.boolean() }),
  }),
  'imports.preview': channel({
    summary: 'The first rows of an uploaded file and a mapping for them (remembered or guessed)',
    permission: 'audit:append',
    input: z.strictObject({ ...kindAndFile, rows: z.int().min(1).max(100).default(20) }),
    output: ImportPreviewViewSchema,
  }),
  'imports.tryMapping': channel({
    summary: 'The first rows of an uploaded file through a mapping: what would be stored, or why not',
    permission: 'audit:append',
    input: z.strictObject({ ...kindAndFile, mapping: MappingSchema, rows: z.int().min(1).max(100).default(20) }),
    output: MappingTrialSchema,
  }),
  'imports.start': channel({
    summary: 'Import an uploaded file through a mapping, as a job (progress is pushed)',
    permission: 'audit:append',
    input: z.strictObject({
      ...kindAndFile,
      mapping: MappingSchema,
      /** Remember the mapping under this name for files with the same columns (null: do not). */
      source: z.string().trim().min(1).max(100).nullable().default(null),
    }),
    output: ImportJobViewSchema,
  }),
  'imports.cancel': channel({
    summary: 'Stop a running import (batches already sent are kept; history writes nothing)',
    permission: 'audit:append',
    input: z.strictObject({ jobId: JobIdSchema }),
    output: ImportJobViewSchema,
  }),
  'imports.job': channel({
    summary: 'An import job as it stands (for a screen that missed its pushes)',
    permission: 'audit:append',
    input: z.strictObject({ jobId: JobIdSchema }),
    output: ImportJobViewSchema,
  }),
  'imports.errorReport': channel({
    summary: 'The finished import’s error report as CSV (row, field, reason)',
    permission: 'audit:append',
    input: z.strictObject({ jobId: JobIdSchema }),
    output: z.object({ fileName: z.string(), mimeType: z.string(), content: z.string() }),
  }),
} as const;
