import type { z } from 'zod';
import type { AppErrorShape, ErrorCode, FieldError } from '../../../shared/contract';

/** An error meant for the user: a code from the contract and a sentence that says what to do. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[] | undefined;
  constructor(code: ErrorCode, message: string, fields?: FieldError[]) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fields = fields;
  }
  toShape(): AppErrorShape {
    return this.fields ? { code: this.code, message: this.message, fields: this.fields } : { code: this.code, message: this.message };
  }
}

/**
 * Zod issues → field errors. A path that starts with `events.<n>` is a batch: the index is lifted out so
 * the caller sees "event 3: ts ..." rather than a raw path.
 */
export function fieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.map((issue) => {
    const path = issue.path.map(String);
    if (path[0] === 'events' && path.length > 1 && /^\d+$/.test(path[1] ?? '')) {
      return { index: Number(path[1]), path: path.slice(2).join('.') || '(event)', message: issue.message };
    }
    return { path: path.join('.') || '(input)', message: issue.message };
  });
}

export function describeFields(fields: FieldError[], limit = 3): string {
  const parts = fields.slice(0, limit).map((f) => (f.index === undefined ? `${f.path}: ${f.message}` : `event ${f.index} ${f.path}: ${f.message}`));
  const more = fields.length > limit ? ` (and ${fields.length - limit} more)` : '';
  return parts.join('; ') + more;
}
