import type { AppErrorShape } from '../../../shared/contract';
import { AppError } from '../api/errors';
import type { ErrorReport } from './error-report';
import type { ImportProgress } from './import-job';
import type { RowError } from './map-row';
import type { RowSource } from './source';

const PROGRESS_EVERY_MS = 100;

/**
 * What an import run counts and reports, shared by the events import and the history import: the
 * counts, the first reasons (and every one in the error report), the failure that ends the run, and
 * progress at most every 100 ms.
 */
export abstract class ImportTally {
  protected readonly counts = { rowsRead: 0, rowsStored: 0, duplicates: 0, rowsRejected: 0 };
  protected readonly errors: RowError[] = [];
  protected errorCount = 0;
  protected failure: AppErrorShape | null = null;
  private lastProgress = 0;

  protected constructor(
    protected readonly source: RowSource,
    protected readonly report: ErrorReport,
    private readonly keepErrors: number,
    private readonly onProgress: ((progress: ImportProgress) => void) | undefined,
  ) {}

  /** `rows` rejected (one, or a whole refused day) for these reasons. */
  protected reject(errors: RowError[], rows = 1): void {
    this.counts.rowsRejected += rows;
    this.errorCount += errors.length;
    for (const e of errors) if (this.errors.length < this.keepErrors) this.errors.push(e);
    this.report.add(errors);
  }

  /** The first failure ends the run; later ones add nothing. */
  protected fail(error: unknown): void {
    this.failure ??= error instanceof AppError ? error.toShape() : { code: 'INTERNAL', message: (error as Error).message ?? String(error) };
  }

  protected progress(force: boolean): void {
    if (!this.onProgress) return;
    const now = performance.now();
    if (!force && now - this.lastProgress < PROGRESS_EVERY_MS) return;
    this.lastProgress = now;
    try {
      this.onProgress({ ...this.counts, bytesRead: Math.min(this.source.bytesRead, this.source.totalBytes), totalBytes: this.source.totalBytes });
    } catch (error) {
      // A listener's bug ends the import in the open, not as an unhandled rejection or half-way through a write.
      this.fail(error);
    }
  }
}
