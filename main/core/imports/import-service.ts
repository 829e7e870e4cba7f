import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ImportJobView, ImportKind, ImportPreviewView, MappingTrial } from '../../../shared/contract/import-channels';
import type { Mapping } from '../../../shared/import-mapping';
import type { Actor, AccountEvent } from '../accounts/audit-events';
import { AppError, describeFields } from '../api/errors';
import type { CallContext } from '../api/router';
import type { EventBus } from '../bus';
import { IMPORT_ADAPTERS, type ImportRunDeps, type KindResult } from './import-kinds';
import { importRecord } from './import-record';
import type { RememberedMappings } from './remembered-mappings';
import type { ImportFormat } from './source';
import { Uploads, type UploadChunk } from './uploads';

export interface ImportServiceDeps extends ImportRunDeps {
  bus: EventBus;
  /** Opened on first use (RxDB): where mappings are remembered. */
  remembered: () => Promise<RememberedMappings>;
  /** Writes one event to the log under the actor's name (the import's own record). */
  record: (actor: Actor, event: AccountEvent) => void;
  now: () => Date;
}

interface Job {
  view: ImportJobView;
  controller: AbortController;
  uploadId: string;
  reportPath: string;
  done: Promise<void>;
}

interface FileInput {
  uploadId: string;
  kind: ImportKind;
  format: ImportFormat | null;
}

/** Finished jobs kept for their results and error reports (the oldest go first, report and all). */
const KEPT_JOBS = 20;
/** An error report larger than this is for `watchdog import --errors`, not a download. */
const MAX_REPORT_DOWNLOAD = 50 * 1024 * 1024;
const KEPT_ERRORS = 100;

/**
 * The import wizard's side in the core: uploads, preview with a remembered or guessed mapping, a
 * trial of a mapping, and imports run as jobs — progress pushed to their owner (`imports.job`),
 * cancellable, each ending with an error report to download and a `data.import` event in the log.
 */
export class ImportService {
  private readonly uploads = new Uploads();
  private readonly jobs = new Map<string, Job>();

  constructor(private readonly deps: ImportServiceDeps) {}

  upload(ctx: CallContext, chunk: UploadChunk): { uploadId: string; bytes: number } {
    const upload = this.uploads.append(ownerOf(ctx), chunk);
    return { uploadId: upload.id, bytes: upload.bytes };
  }

  discard(ctx: CallContext, uploadId: string): boolean {
    return this.uploads.discard(ownerOf(ctx), uploadId);
  }

  async preview(ctx: CallContext, input: FileInput & { rows: number }): Promise<ImportPreviewView> {
    const upload = this.uploads.get(ownerOf(ctx), input.uploadId);
    const adapter = IMPORT_ADAPTERS[input.kind];
    const preview = await adapter.preview(upload.path, { format: input.format ?? undefined, rows: input.rows });
    const remembered = await (await this.deps.remembered()).find(input.kind, preview.columns);
    const mapping = remembered?.mapping ?? preview.mapping;
    return {
      kind: input.kind,
      fileName: upload.fileName,
      format: preview.format,
      delimiter: preview.delimiter,
      columns: preview.columns,
      rows: preview.rows,
      mapping,
      mappingProblems: remembered ? adapter.check(mapping, preview.format === 'csv' ? preview.columns : null) : preview.mappingProblems,
      remembered: remembered?.source ?? null,
      fields: adapter.fields,
      totalBytes: preview.totalBytes,
    };
  }

  async tryMapping(ctx: CallContext, input: FileInput & { mapping: Mapping; rows: number }): Promise<MappingTrial> {
    const upload = this.uploads.get(ownerOf(ctx), input.uploadId);
    const adapter = IMPORT_ADAPTERS[input.kind];
    const options = { format: input.format ?? undefined, rows: input.rows };
    const preview = await adapter.preview(upload.path, { ...options, rows: 1 });
    return {
      problems: adapter.check(input.mapping, preview.format === 'csv' ? preview.columns : null),
      rows: await adapter.tryMapping(upload.path, input.mapping, options),
    };
  }

  /** Checks the mapping against the file, remembers it if asked, and starts the import; answers at once. */
  async start(ctx: CallContext, input: FileInput & { mapping: Mapping; source: string | null }): Promise<ImportJobView> {
    const owner = ownerOf(ctx);
    const upload = this.uploads.get(owner, input.uploadId);
    if ([...this.jobs.values()].some((j) => j.view.state === 'running' && j.uploadId === upload.id)) {
      throw new AppError('CONFLICT', 'This file is being imported already.');
    }
    const adapter = IMPORT_ADAPTERS[input.kind];
    const format = input.format ?? undefined;
    const preview = await adapter.preview(upload.path, { format, rows: 20 });
    const problems = adapter.check(input.mapping, preview.format === 'csv' ? preview.columns : null);
    if (problems.length) throw new AppError('BAD_INPUT', `The mapping cannot be used for this file: ${describeFields(problems, 10)}.`, problems);
    if (input.source) await (await this.deps.remembered()).remember(ctx.actor, input.kind, input.source, preview.columns, input.mapping);

    const id = randomBytes(12).toString('base64url');
    const zero = { rowsRead: 0, rowsStored: 0, duplicates: 0, rowsRejected: 0, bytesRead: 0, totalBytes: upload.bytes };
    const view: ImportJobView = {
      jobId: id, owner, kind: input.kind, fileName: upload.fileName, state: 'running', startedAt: this.deps.now().toISOString(), progress: zero, result: null,
    };
    const controller = new AbortController();
    const reportPath = this.uploads.scratchPath(`${upload.id}-${id}-errors.csv`);
    const job: Job = { view, controller, uploadId: upload.id, reportPath, done: Promise.resolve() };
    this.jobs.set(id, job);
    job.done = adapter
      .run(this.deps, ctx, upload.path, {
        format, mapping: input.mapping, signal: controller.signal, errorReport: reportPath, keepErrors: KEPT_ERRORS,
        onProgress: (progress) => {
          view.progress = progress;
          this.publish(view);
        },
      })
      .then(
        (result) => this.finished(ctx, job, preview.format, input.source, result),
        (error: unknown) => this.finished(ctx, job, preview.format, input.source, failedResult(error, preview.format)),
      );
    this.publish(view);
    return view;
  }

  cancel(ctx: CallContext, jobId: string): ImportJobView {
    const job = this.mine(ctx, jobId);
    job.controller.abort();
    return job.view;
  }

  job(ctx: CallContext, jobId: string): ImportJobView {
    return this.mine(ctx, jobId).view;
  }

  errorReport(ctx: CallContext, jobId: string): { fileName: string; mimeType: string; content: string } {
    const job = this.mine(ctx, jobId);
    if (!job.view.result?.hasErrorReport) throw new AppError('NOT_FOUND', job.view.result ? 'This import rejected no rows: there is no error report.' : 'The import is still running; its error report is ready when it ends.');
    const size = fs.statSync(job.reportPath).size;
    if (size > MAX_REPORT_DOWNLOAD) {
      throw new AppError('BAD_INPUT', `The error report is ${Math.round(size / 1024 ** 2)} MB, too large to download here; import the file with \`watchdog import --errors FILE\` to get it.`);
    }
    const stem = path.basename(job.view.fileName, path.extname(job.view.fileName)).replace(/[^A-Za-z0-9._-]+/g, '-');
    return { fileName: `${stem}-import-errors.csv`, mimeType: 'text/csv', content: fs.readFileSync(job.reportPath, 'utf8') };
  }

  /** Stops running imports (what was sent is committed), then deletes uploads and reports. */
  async close(): Promise<void> {
    for (const job of this.jobs.values()) job.controller.abort();
    await Promise.all([...this.jobs.values()].map((j) => j.done));
    this.jobs.clear();
    this.uploads.close();
  }

  private finished(ctx: CallContext, job: Job, format: ImportFormat, source: string | null, result: KindResult): void {
    const { view } = job;
    view.state = result.outcome;
    view.progress = { ...view.progress, rowsRead: result.rowsRead, rowsStored: result.rowsStored, duplicates: result.duplicates, rowsRejected: result.rowsRejected };
    view.result = {
      rowsNotSent: result.rowsNotSent, errors: result.errors, errorCount: result.errorCount, hasErrorReport: result.errorCount > 0,
      failure: result.failure ? { code: result.failure.code, message: result.failure.message } : null, elapsedMs: result.elapsedMs, history: result.history ?? null,
    };
    try {
      this.deps.record(ctx.actor, importRecord(view.kind, view.fileName, format, source, result));
    } catch (error) {
      console.error('[watchdog] the import could not be recorded in the log:', error);
    }
    if (result.outcome === 'completed') this.uploads.discard(view.owner, job.uploadId);
    this.publish(view);
    this.evict();
  }

  private publish(view: ImportJobView): void {
    this.deps.bus.publish('imports.job', structuredClone(view));
  }

  private mine(ctx: CallContext, jobId: string): Job {
    const job = this.jobs.get(jobId);
    if (!job || job.view.owner !== ownerOf(ctx)) throw new AppError('NOT_FOUND', 'That import is not known here (the app may have restarted since).');
    return job;
  }

  private evict(): void {
    const finished = [...this.jobs.values()].filter((j) => j.view.state !== 'running');
    for (const old of finished.slice(0, Math.max(0, finished.length - KEPT_JOBS))) {
      this.jobs.delete(old.view.jobId);
      fs.rmSync(old.reportPath, { force: true });
    }
  }
}

function ownerOf(ctx: CallContext): string {
  if (!ctx.actor.userName) throw new AppError('UNAUTHENTICATED', 'Imports belong to a user: please log in.');
  return ctx.actor.userName;
}

/** An adapter that threw after the start (it should not): the job ends failed, with the reason. */
function failedResult(error: unknown, format: ImportFormat): KindResult {
  const failure = error instanceof AppError ? error.toShape() : { code: 'INTERNAL' as const, message: (error as Error)?.message ?? String(error) };
  return { outcome: 'failed', format, rowsRead: 0, rowsStored: 0, duplicates: 0, rowsRejected: 0, rowsNotSent: 0, errors: [], errorCount: 0, errorReport: null, failure, elapsedMs: 0 };
}
