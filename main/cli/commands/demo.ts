import type { Command } from 'commander';
import { withSession } from '../session';
import { count } from '../format';
import { showProgress } from './progress';
import { dbOption, intOption } from './options';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Fill an empty database with a deterministic demo store (see docs/demo-data.md)')
    .option('--days <n>', 'days of activity', intOption, 90)
    .option('--stores <n>', 'number of stores', intOption, 2)
    .option('--seed <n>', 'random seed: the same seed gives the same store', intOption, 1)
    .option('--end <date>', 'first day after the demo, YYYY-MM-DD (default: tomorrow, so it ends today)')
    .addOption(dbOption())
    .action(async (opts: { days: number; stores: number; seed: number; end?: string; db?: string }) => {
      await withSession(opts.db, async (session) => {
        const stop = showProgress(session.core.bus, 'Generating demo store');
        try {
          const result = await session.call('demo.load', { days: opts.days, stores: opts.stores, seed: opts.seed, end: opts.end });
          stop();
          console.log(
            `Demo store written to ${session.core.dbPath}: ${count(result.events)} events from ${result.from} to ${result.to}, ` +
              `${count(result.salesRows)} daily sales rows.`,
          );
        } finally {
          stop();
        }
      });
    });
}
