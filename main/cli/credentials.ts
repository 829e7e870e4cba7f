import type { LoginSource } from '../core/accounts';
import { CliError, EXIT_USAGE } from './errors';
import { promptHidden } from './prompt';

/** Who runs a command: a user of the database and their password. */
export interface Credentials {
  user: string;
  password: string;
}

/** How a CLI run appears in the log and on the Sessions screen. */
export const CLI_SOURCE: LoginSource = { host: 'cli', source: 'cli', device: 'cli' };

/** The one line a command says when it cannot know who runs it (exit 2). */
export function needsUser(command: string): string {
  return `${command} needs a user: --user NAME, with the password in WATCHDOG_PASSWORD or typed at the prompt.`;
}

/**
 * The user (--user, or WATCHDOG_USER through the option) and the password (WATCHDOG_PASSWORD, else a
 * hidden prompt when stdin is a terminal). Asked before the database is opened, so a run without
 * credentials changes nothing.
 */
export async function credentialsFor(command: string, user: string | undefined): Promise<Credentials> {
  const name = user?.trim() || process.env.WATCHDOG_USER?.trim() || '';
  if (!name) throw new CliError(needsUser(command), EXIT_USAGE);
  const password = await secret({ variable: 'WATCHDOG_PASSWORD', question: `Password for ${name}: `, missing: needsUser(command) });
  return { user: name, password };
}

export interface SecretSource {
  /** The environment variable that may hold it (scripts). */
  variable: string;
  /** The prompt at a terminal. */
  question: string;
  /** Ask a second time and require the same answer (a new password). */
  confirm?: string;
  /** The one line to exit 2 with when there is neither the variable nor a terminal. */
  missing: string;
}

/** A password from the environment, else typed (twice for a new one) at the terminal. */
export async function secret({ variable, question, confirm, missing }: SecretSource): Promise<string> {
  const fromEnv = process.env[variable];
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) throw new CliError(missing, EXIT_USAGE);
  const first = await promptHidden(question);
  if (confirm === undefined) return first;
  if ((await promptHidden(confirm)) !== first) throw new CliError('The two passwords typed differ; nothing was changed.', EXIT_USAGE);
  return first;
}
