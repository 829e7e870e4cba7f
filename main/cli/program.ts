import { Command, CommanderError } from 'commander';
import { AppError } from '../core/api/errors';
import { VERSION } from '../core/version';
import { registerAccounts } from './commands/accounts';
import { registerAlerts } from './commands/alerts';
import { registerCheckpoint } from './commands/checkpoint';
import { registerDemo } from './commands/demo';
import { registerDetect } from './commands/detect';
import { registerDetectRun } from './commands/detect-run';
import { registerEvents } from './commands/events';
import { registerForecast } from './commands/forecast';
import { registerImport } from './commands/import';
import { registerIngest } from './commands/ingest';
import { registerProve } from './commands/prove';
import { registerRetention } from './commands/retention';
import { registerServe } from './commands/serve';
import { registerTerminals } from './commands/terminals';
import { registerVerify } from './commands/verify';
import { CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './errors';

export function buildProgram(): Command {
  const program = new Command('watchdog')
    .description('Watchdog: tamper-evident audit trail, loss prevention and forecasting for a store back office')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerDemo(program);
  registerServe(program);
  registerIngest(program);
  registerImport(program);
  registerEvents(program);
  registerVerify(program);
  registerProve(program);
  registerRetention(program);
  registerCheckpoint(program);
  registerAccounts(program);
  registerTerminals(program);
  registerDetect(program);
  registerForecast(program);
  registerDetectRun(program);
  registerAlerts(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs the CLI and returns its exit code; never lets a stack trace reach the user for expected failures. */
export async function runCli(argv: string[], stderr: (line: string) => void = (l) => console.error(l)): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version "fail" with exit code 0 by design.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (error instanceof CliError) {
      if (error.message) stderr(`watchdog: ${error.message}`);
      return error.exitCode;
    }
    if (error instanceof AppError) {
      // From opening the database (missing file, newer schema): the core's sentence is the message.
      stderr(`watchdog: ${error.message}`);
      return error.code === 'BAD_INPUT' ? EXIT_USAGE : EXIT_FAILURE;
    }
    stderr(`watchdog: unexpected failure: ${(error as Error).stack ?? String(error)}`);
    return EXIT_FAILURE;
  }
}
