import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../api/errors';
import type { RowError } from './map-row';

/**
 * Every rejected row's reasons as CSV (`row,field,reason`), written as they come so an import of a
 * million bad rows holds none of them in memory. At the caller's path (created even when no row is
 * rejected, so a script finds the file it asked for), or else a temp file created on the first error.
 */
export class ErrorReport {
  private stream: fs.WriteStream | null = null;
  private file: string | null;
  private closed = false;

  constructor(requested: string | null) {
    this.file = requested;
    if (requested) this.open(requested);
  }

  /** Where the report is (null: no path was given and nothing was rejected). */
  get path(): string | null {
    return this.file;
  }

  add(errors: readonly RowError[]): void {
    if (this.closed) return;
    const stream = this.stream ?? this.open(path.join(os.tmpdir(), `watchdog-import-errors-${randomBytes(6).toString('hex')}.csv`));
    let text = '';
    for (const e of errors) text += `${e.row},${csvCell(e.field)},${csvCell(e.reason)}\n`;
    stream.write(text);
  }

  /** Waits while the disk is behind, so a file of bad rows cannot fill memory with report lines. */
  async drained(): Promise<void> {
    if (this.stream?.writableNeedDrain) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    this.closed = true;
    const stream = this.stream;
    if (!stream) return;
    await new Promise<void>((resolve, reject) => {
      stream.once('error', reject);
      stream.end(resolve);
    });
  }

  private open(file: string): fs.WriteStream {
    this.file = file;
    // The file is created now: a path that cannot be written fails the import before any row is read.
    try {
      fs.writeFileSync(file, 'row,field,reason\n');
    } catch (error) {
      throw new AppError('BAD_INPUT', `Cannot write the error report ${file}: ${(error as Error).message}.`);
    }
    this.stream = fs.createWriteStream(file, { flags: 'a' });
    return this.stream;
  }
}

/** RFC 4180 quoting, and a leading = + - @ defused so a spreadsheet shows the text instead of running it. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
