import type { Command } from 'commander';
import { withSession } from '../session';
import { dbOption, intOption } from './options';

/** `watchdog checkpoint`: sign the log now, and set how often it is signed (events, minutes). */
export function registerCheckpoint(program: Command): void {
  program
    .command('checkpoint')
    .description('Sign a checkpoint of the log now (on demand); with --every / --minutes, change how often checkpoints are written')
    .addOption(dbOption())
    .option('--every <events>', 'write a checkpoint every N events (100–1,000,000; default 10,000)', intOption)
    .option('--minutes <minutes>', 'and every M minutes while events arrive (1–1,440; default 15)', intOption)
    .action(async (opts: { db?: string; every?: number; minutes?: number }) => {
      await withSession(
        opts.db,
        async (session) => {
          const { log } = session.core.store;
          if (opts.every !== undefined) log.setCheckpointEvery(opts.every);
          if (opts.minutes !== undefined) log.checkpoints.setMinutes(opts.minutes);
          const c = log.checkpoint('demand');
          if (!c) throw new Error('This database was opened without a signing key.');
          console.log(`Checkpoint #${c.id}: ${c.treeSize.toLocaleString('en-US')} events, root ${c.rootHash.toString('hex')}, signed by ${c.keyFingerprint.slice(0, 16)}… at ${c.time}.`);
          console.log(`Checkpoints are written every ${log.checkpoints.every.toLocaleString('en-US')} events and every ${log.checkpoints.minutes} minutes while events arrive.`);
        },
        { create: false },
      );
    });
}
