import { AppError } from '../core/api/errors';

/** Exit codes every command shares: 0 done, 1 the work failed, 2 the command was used wrongly. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A failure the CLI reports in one line (no stack trace) with a chosen exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/**
 * For commands that read a file the user named: its problems (not a number, no such column) are the
 * user's to fix, exit 2; a missing file exits 1, as in `import`. Other errors pass through.
 */
export async function fileProblemsAsUsage<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof AppError) throw new CliError(error.message, error.code === 'NOT_FOUND' ? EXIT_FAILURE : EXIT_USAGE);
    throw error;
  }
}
