import { InvalidArgumentError, type Command } from 'commander';
import type { ChannelInput } from '../../../shared/contract';
import { ALERT_SEVERITIES, ALERT_STATUSES, type Alert, type AlertSeverity } from '../../../shared/contract/alert-channels';
import { count } from '../format';
import { withSession } from '../session';
import { dbOption, intOption, userOption } from './options';

type Status = NonNullable<ChannelInput<'alerts.list'>['status']>;

interface AlertsOptions {
  db?: string;
  user?: string;
  status: string;
  severity?: string[];
  rule?: string;
  store?: string;
  userId?: string;
  limit: number;
  json?: boolean;
}

/** Evidence seqs and ids shown per alert in the text listing (--json has them all). */
const SHOWN_EVIDENCE = 8;

/**
 * `watchdog alerts --db FILE`: alerts, most severe and newest first, each with its detector, score,
 * people, tills, evidence (seqs and event ids) and why, through `alerts.list` (audit:read).
 */
export function registerAlerts(program: Command): void {
  program
    .command('alerts')
    .description('List alerts, most severe first: rule or model, severity, score, users, terminals, evidence and the explanation (needs audit:read)')
    .addOption(dbOption())
    .addOption(userOption())
    .option('--status <status>', `active (open or in a case; the default), all, or one of ${ALERT_STATUSES.join(', ')}`, statusOption, 'active')
    .option('--severity <level>', `only this severity (${ALERT_SEVERITIES.join(', ')}; repeat for more)`, severityOption, undefined)
    .option('--rule <kind>', 'only this rule (brute_force, refund_rate, …, or isolation_forest)')
    .option('--store <id>', 'only this store')
    .option('--user-id <id>', 'only alerts naming this user id')
    .option('--limit <n>', 'at most this many alerts (1–500)', intOption, 100)
    .option('--json', 'print the alerts as JSON (one array, every evidence seq and event id)')
    .action(async (opts: AlertsOptions) => {
      await withSession(
        opts.db,
        async (session) => {
          // The options' values were checked as they were parsed; the channel checks them again.
          const filter: ChannelInput<'alerts.list'> = { status: opts.status as Status, limit: opts.limit };
          if (opts.severity) filter.severity = opts.severity as AlertSeverity[];
          if (opts.rule) filter.rule = opts.rule;
          if (opts.store) filter.storeId = opts.store;
          if (opts.userId) filter.userId = opts.userId;
          const found = await session.call('alerts.list', filter);
          if (opts.json) return void console.log(JSON.stringify(found.alerts, null, 2));
          if (!found.alerts.length) return void console.log(found.lastRun ? 'No alerts match.' : 'No alerts: detection has not run on this database yet (watchdog detect-run).');
          console.log(found.alerts.map(describe).join('\n\n'));
          console.log(`\n${count(found.alerts.length)} of ${count(found.total)} alerts${found.total > found.alerts.length ? ' (raise --limit for more)' : ''}.`);
          for (const flag of found.fairness.flags) console.log(`Fairness: ${flag}`);
        },
        { command: 'alerts', user: opts.user },
      );
    });
}

function describe(a: Alert): string {
  const more = (n: number) => (a.evidenceCount > n ? `, … (${count(a.evidenceCount)} in all)` : '');
  const ids = a.evidenceEventIds ?? [];
  return [
    `${a.severity.toUpperCase().padEnd(8)} score ${a.score.toFixed(2)}  ${a.source} ${a.rule}  ${a.storeId}  ${a.status}${a.caseId ? ` (${a.caseId})` : ''}  ${a.id}`,
    `  ${a.title}`,
    `  users: ${a.users.join(', ') || '–'}   terminals: ${a.terminals.join(', ') || '–'}   from ${a.from} to ${a.to}`,
    `  evidence seqs: ${a.evidence.slice(0, SHOWN_EVIDENCE).join(', ')}${more(SHOWN_EVIDENCE)}`,
    `  evidence event ids: ${ids.slice(0, SHOWN_EVIDENCE).join(', ')}${more(SHOWN_EVIDENCE)}`,
    ...a.explanation.map((line) => `  - ${line}`),
  ].join('\n');
}

function statusOption(value: string): string {
  if (!['active', 'all', ...ALERT_STATUSES].includes(value)) throw new InvalidArgumentError(`must be active, all or one of ${ALERT_STATUSES.join(', ')}`);
  return value;
}

function severityOption(value: string, previous: string[] | undefined): string[] {
  if (!(ALERT_SEVERITIES as readonly string[]).includes(value)) throw new InvalidArgumentError(`must be one of ${ALERT_SEVERITIES.join(', ')}`);
  return [...(previous ?? []), value];
}
