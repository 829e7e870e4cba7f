import type { Command } from 'commander';
import { memoryToken } from '../../core/context';
import { CLI_SOURCE, credentialsFor, secret } from '../credentials';
import { CliError, EXIT_FAILURE, EXIT_USAGE } from '../errors';
import { openCliCore, withSession } from '../session';
import { dbOption, userOption } from './options';

/**
 * `watchdog setup`: first-run setup from the command line (the app's first-run screen does the same):
 * names the store and creates its administrator. `watchdog passwd`: a user changes their own password,
 * the forced first change included.
 */
export function registerAccounts(program: Command): void {
  program
    .command('setup')
    .description('First run: name the store and create its administrator (password from WATCHDOG_PASSWORD, or typed twice at the prompt)')
    .addOption(dbOption())
    .requiredOption('--store <name>', 'the store’s name, as the app shows it')
    .requiredOption('--admin <name>', 'the administrator’s user name')
    .option('--display-name <text>', 'the administrator’s name as people read it (default: the user name)')
    .action(async (opts: { db?: string; store: string; admin: string; displayName?: string }) => {
      const password = await secret({
        variable: 'WATCHDOG_PASSWORD',
        question: `New password for ${opts.admin}: `,
        confirm: 'The same password again: ',
        missing: 'setup needs the administrator’s password: in WATCHDOG_PASSWORD, or typed at the prompt.',
      });
      const core = await openCliCore(opts.db, true);
      try {
        if (!core.accounts.users.setupNeeded) throw new CliError(`${core.dbPath} is already set up: its users log in with --user NAME.`, EXIT_FAILURE);
        // The app's first-run channel: the same checks of the names and the password, the same events.
        const token = memoryToken();
        const input = { storeName: opts.store, name: opts.admin, displayName: opts.displayName ?? opts.admin, password };
        const result = await core.router.invoke(core.context({ ...CLI_SOURCE, token }), 'auth.setup', input);
        const created = token.get();
        if (created) core.accounts.sessions.logout(created);
        if (!result.ok) throw new CliError(result.error.message, result.error.code === 'BAD_INPUT' ? EXIT_USAGE : EXIT_FAILURE);
        console.log(`${core.dbPath} is set up for ${input.storeName.trim()}: ${input.name.trim()} is its administrator. Run commands as them with --user ${input.name.trim()}.`);
      } finally {
        await core.close();
      }
    });

  program
    .command('passwd')
    .description('Change your own password, including the first one an administrator set (current one from WATCHDOG_PASSWORD, new one from WATCHDOG_NEW_PASSWORD, or typed)')
    .addOption(dbOption())
    .addOption(userOption())
    .action(async (opts: { db?: string; user?: string }) => {
      // Asked before anything is opened, like the current password: without them nothing is written.
      const current = await credentialsFor('passwd', opts.user);
      const next = await secret({
        variable: 'WATCHDOG_NEW_PASSWORD',
        question: `New password for ${current.user}: `,
        confirm: 'The same new password again: ',
        missing: 'passwd needs the new password: in WATCHDOG_NEW_PASSWORD, or typed at the prompt.',
      });
      await withSession(
        opts.db,
        async (session) => {
          await session.call('auth.changePassword', { currentPassword: current.password, newPassword: next });
          console.log(`The password of ${current.user} is changed; their other sessions have ended.`);
        },
        { command: 'passwd', user: current.user, allowForcedChange: true, credentials: current },
      );
    });
}
