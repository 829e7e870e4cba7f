import type { Command } from 'commander';
import { channels, type ChannelOutput } from '../../../shared/contract';
import type { Core } from '../../core';
import { fieldErrors } from '../../core/api/errors';
import { memoryToken } from '../../core/context';
import { DEMO_ADMIN, DEMO_STORE_NAME, DEMO_USERS } from '../../core/demo/demo-users';
import { CLI_SOURCE, credentialsFor } from '../credentials';
import { CliError, EXIT_FAILURE, EXIT_USAGE } from '../errors';
import { count } from '../format';
import { CliSession, openCliCore, withLogin } from '../session';
import { showProgress } from './progress';
import { dbOption, intOption, userOption } from './options';

interface DemoOptions {
  days: number;
  stores: number;
  seed: number;
  end?: string;
  db?: string;
  user?: string;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Fill an empty database with a deterministic demo store and its demo users (docs/demo-data.md); sets a new database up first (else needs settings:write)')
    .option('--days <n>', 'days of activity', intOption, 90)
    .option('--stores <n>', 'number of stores', intOption, 2)
    .option('--seed <n>', 'random seed: the same seed gives the same store', intOption, 1)
    .option('--end <date>', 'first day after the demo, YYYY-MM-DD (default: tomorrow, so it ends today)')
    .addOption(dbOption())
    .addOption(userOption())
    .action(async (opts: DemoOptions) => {
      // The channel's own limits, checked before a database is created or set up.
      const input = channels['demo.load'].input.safeParse(demoInput(opts));
      if (!input.success) throw new CliError(fieldErrors(input.error.issues).map((f) => `--${f.path}: ${f.message}`).join('; '), EXIT_USAGE);
      const core = await openCliCore(opts.db, true);
      try {
        if (core.accounts.users.setupNeeded) await demoOnNewDatabase(core, opts);
        else await demoAsUser(core, opts);
      } finally {
        await core.close();
      }
    });
}

/**
 * A set-up database: like any other change, through the router as a user whose role allows it
 * (demo.load needs settings:write); the channel also adds the demo users who are missing.
 */
async function demoAsUser(core: Core, opts: DemoOptions): Promise<void> {
  const credentials = await credentialsFor('demo', opts.user);
  await withLogin(core, credentials, (session) => load(session, opts));
  console.log(`The demo users (${DEMO_USERS.map((u) => u.name).join(', ')}) were added where missing; their passwords are in docs/demo-data.md.`);
}

/**
 * A database nobody has set up yet: there is no user to ask, and whoever runs first-run setup becomes
 * its administrator anyway. So `demo` runs setup itself, through the first-run channel, with the demo
 * administrator and its documented password, then loads the demo as that administrator.
 */
async function demoOnNewDatabase(core: Core, opts: DemoOptions): Promise<void> {
  // Checked before setup: a log that holds events must not be given an administrator whose password is public.
  if (!core.store.events.summary().empty) {
    throw new CliError(`${core.dbPath} already holds events but no users: the demo loads only into an empty database. Set it up with watchdog setup instead.`, EXIT_FAILURE);
  }
  const token = memoryToken();
  const { name, displayName, password } = DEMO_ADMIN;
  const setup = await core.router.invoke(core.context({ ...CLI_SOURCE, token }), 'auth.setup', { storeName: DEMO_STORE_NAME, name, displayName, password });
  if (!setup.ok) throw new CliError(setup.error.message, EXIT_FAILURE);
  const session = CliSession.withToken(core, token);
  try {
    await load(session, opts);
  } finally {
    session.logout();
  }
  console.log(`Set up with the demo users (passwords from docs/demo-data.md; for demo databases only):`);
  for (const u of DEMO_USERS) console.log(`  ${u.name.padEnd(8)} ${u.role.padEnd(8)} ${u.password}`);
}

async function load(session: CliSession, opts: DemoOptions): Promise<void> {
  const stop = showProgress(session.core.bus, 'Generating demo store');
  try {
    const result = await session.call('demo.load', demoInput(opts));
    stop();
    printLoaded(session.core, result);
  } finally {
    stop();
  }
}

function demoInput(opts: DemoOptions) {
  return { days: opts.days, stores: opts.stores, seed: opts.seed, end: opts.end };
}

function printLoaded(core: Core, result: ChannelOutput<'demo.load'>): void {
  console.log(
    `Demo store written to ${core.dbPath}: ${count(result.events)} events from ${result.from} to ${result.to}, ` + `${count(result.salesRows)} daily sales rows.`,
  );
}
