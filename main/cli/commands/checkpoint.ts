import type { Command } from 'commander';
import { withSession } from '../session';
import { dbOption, intOption, userOption } from './options';

/**
 * `watchdog checkpoint`: sign the log now, and set how often it is signed (events, minutes). Both are
 * an administrator's work on the log's settings: settings:write. A changed interval is a
 * `config.change` event under the user's name.
 */
export function registerCheckpoint(program: Command): void {
  program
    .command('checkpoint')
    .description('Sign a checkpoint of the log now (on demand); with --every / --minutes, change how often checkpoints are written (needs settings:write)')
    .addOption(dbOption())
    .addOption(userOption())
    .option('--every <events>', 'write a checkpoint every N events (100–1,000,000; default 10,000)', intOption)
    .option('--minutes <minutes>', 'and every M minutes while events arrive (1–1,440; default 15)', intOption)
    .action(async (opts: { db?: string; user?: string; every?: number; minutes?: number }) => {
      await withSession(
        opts.db,
        async (session) => {
          session.authorize('settings:write', 'cli.checkpoint');
          const { log } = session.core.store;
          if (opts.every !== undefined || opts.minutes !== undefined) {
            // Through the settings documents, as the Settings screen does: validated, applied, recorded.
            const { settings } = await session.core.documents();
            await settings.set({ checkpoints: { ...(opts.every === undefined ? {} : { everyEvents: opts.every }), ...(opts.minutes === undefined ? {} : { minutes: opts.minutes }) } }, session.actor);
          }
          const c = log.checkpoint('demand');
          if (!c) throw new Error('This database was opened without a signing key.');
          console.log(`Checkpoint #${c.id}: ${c.treeSize.toLocaleString('en-US')} events, root ${c.rootHash.toString('hex')}, signed by ${c.keyFingerprint.slice(0, 16)}… at ${c.time}.`);
          console.log(`Checkpoints are written every ${log.checkpoints.every.toLocaleString('en-US')} events and every ${log.checkpoints.minutes} minutes while events arrive.`);
        },
        { command: 'checkpoint', user: opts.user },
      );
    });
}
