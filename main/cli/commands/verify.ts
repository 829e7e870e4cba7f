import type { Command } from 'commander';
import { CliError, EXIT_FAILURE } from '../errors';
import { withSession } from '../session';
import { showProgress } from './progress';
import { dbOption } from './options';

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('Walk the hash chain; exit 1 and name the first event that does not verify')
    .addOption(dbOption())
    .option('--json', 'print the report as JSON')
    .action(async (opts: { db?: string; json?: boolean }) => {
      await withSession(opts.db, async (session) => {
        const stop = showProgress(session.core.bus, 'Verifying');
        const report = await session.call('audit.verify', {}).finally(stop);
        if (opts.json) console.log(JSON.stringify(report, null, 2));
        else if (report.ok) console.log(`OK: ${report.message} Head ${report.headHash ?? '(empty)'} (${report.durationMs} ms).`);
        if (!report.ok) {
          if (!opts.json) console.error(`INVALID at seq ${report.firstBadSeq} (${report.reason}): ${report.message}`);
          throw new CliError('', EXIT_FAILURE);
        }
     }, { create: false });
    });
}
