import type { Command } from 'commander';
import { count } from '../format';
import { withSession } from '../session';
import { showProgress } from './progress';
import { dbOption, userOption } from './options';

interface DetectRunOptions {
  db?: string;
  user?: string;
  json?: boolean;
}

/**
 * `watchdog detect-run --db FILE`: runs detection (rules, then the model) over the events no run has
 * looked at yet, through the `detection.run` channel (alerts:triage), and says what it raised.
 */
export function registerDetectRun(program: Command): void {
  program
    .command('detect-run')
    .description('Run detection (rules and the model) over the events not yet looked at, and report the alerts raised (needs alerts:triage)')
    .addOption(dbOption())
    .addOption(userOption())
    .option('--json', 'print the run as JSON')
    .action(async (opts: DetectRunOptions) => {
      await withSession(
        opts.db,
        async (session) => {
          const stop = showProgress(session.core.bus, 'Detecting');
          const run = await session.call('detection.run', {}).finally(stop);
          if (opts.json) return void console.log(JSON.stringify(run, null, 2));
          const open = await session.call('alerts.list', { status: 'active', limit: 1 });
          const seconds = (run.elapsedMs / 1000).toFixed(1);
          console.log(
            `Detection looked at ${count(run.total)} events in ${seconds} s: ${count(run.alertsRaised)} alerts raised, ${count(run.alertsUpdated)} updated` +
              ` (model: ${run.modelVersion ?? 'none yet'}). ${count(open.total)} alerts wait for a decision; list them with watchdog alerts.`,
          );
        },
        { command: 'detect-run', user: opts.user },
      );
    });
}
