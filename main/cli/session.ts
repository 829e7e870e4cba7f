import type { ChannelInput, ChannelName, ChannelOutput } from '../../shared/contract';
import { defaultDbPath, openSecureCore, operatorContext, type Core } from '../core';
import { CliError, EXIT_FAILURE, EXIT_USAGE } from './errors';

/**
 * The CLI drives the core through the same router as the UI, so validation and (from the accounts
 * issue on) permissions and auditing apply to scripts exactly as to people.
 */
export class CliSession {
  private constructor(readonly core: Core) {}

  /** `create: false` for commands that only read: a mistyped path is an error, not a new empty log. */
  static async open(dbOption: string | undefined, create = true): Promise<CliSession> {
    const core = await openSecureCore({ dbPath: dbOption ?? defaultDbPath(), host: 'cli', create, recoveryKey: process.env.WATCHDOG_RECOVERY_KEY || undefined });
    if (core.recoveryKey) {
      // Shown once, on the database's first run; it is stored nowhere.
      console.error(`New database. Its recovery key (shown once, write it down and keep it safe):\n  ${core.recoveryKey}\n`);
    }
    return new CliSession(core);
  }

  async call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
    const result = await this.core.router.invoke(operatorContext('cli'), channel, input);
    if (result.ok) return result.value as ChannelOutput<C>;
    const { code, message } = result.error;
    throw new CliError(message, code === 'BAD_INPUT' ? EXIT_USAGE : EXIT_FAILURE);
  }

  async close(): Promise<void> {
    await this.core.close();
  }
}

/** Opens the database, runs `work`, and always closes it (also when `work` throws). */
export async function withSession<T>(
  dbOption: string | undefined,
  work: (session: CliSession) => Promise<T>,
  { create = true }: { create?: boolean } = {},
): Promise<T> {
  const session = await CliSession.open(dbOption, create);
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}
