import { InvalidArgumentError, type Command } from 'commander';
import { archiveExpired, defaultArchiveDir, type ArchiveResult } from '../../core/retention/archive';
import { listPolicies, SECURITY_CATEGORIES, setPolicy, type RetentionPolicy } from '../../core/retention/policies';
import { count, table } from '../format';
import { withSession } from '../session';
import { dbOption, userOption } from './options';

/**
 * `watchdog retention` shows and sets how long events stay in the database; `watchdog archive` moves
 * the expired ones into signed, compressed segments. Both write, so both open the store through the
 * session (the keychain's database and signing keys), as the app does, logged in: reading the
 * policies needs audit:read, changing them or archiving settings:write.
 */
export function registerRetention(program: Command): void {
  program
    .command('retention')
    .description('Show the retention policies (days events stay in the database before archiving; needs audit:read); --set changes one (settings:write)')
    .addOption(dbOption())
    .addOption(userOption())
    .option('--set <name=days>', 'set a class (standard, security) or a category (e.g. pos=730); repeatable (needs settings:write)', collectSetting, [])
    .action(async (opts: { db?: string; user?: string; set: [string, number][] }) => {
      await withSession(opts.db, async (session) => {
        session.authorize(opts.set.length ? 'settings:write' : 'audit:read', 'cli.retention');
        const store = session.core.store;
        for (const [name, days] of opts.set) {
          const previous = listPolicies(store.db).find((p) => p.name === name)?.days ?? null;
          if (name === 'standard' || name === 'security') {
            // The two class defaults are settings documents too (the Settings screen shows them).
            const { settings } = await session.core.documents();
            await settings.set({ retention: name === 'standard' ? { standardDays: days } : { securityDays: days } }, session.actor);
          } else setPolicy(store, name, days, session.actor);
          if (previous !== days) console.log(`${name}: ${previous === null ? 'default of its class' : `${count(previous)} days`} → ${count(days)} days (recorded in the log).`);
        }
        console.log(table(['policy', 'days', 'applies to'], listPolicies(store.db).map(policyRow)));
        console.log('Key events (system.key_rotation) are never archived: the verifier reads the log’s public keys from them.');
      }, { command: 'retention', user: opts.user });
    });

  program
    .command('archive')
    .description('Move events older than their retention policy (and covered by a signed checkpoint) into compressed, signed archive segments (needs settings:write)')
    .addOption(dbOption())
    .addOption(userOption())
    .option('--dir <dir>', 'archive folder (default: archives/ beside the database)')
    .option('--now <iso>', 'measure retention from this time instead of now, e.g. 2026-06-01T00:00:00Z', isoOption)
    .action(async (opts: { db?: string; user?: string; dir?: string; now?: Date }) => {
      await withSession(opts.db, async (session) => {
        session.authorize('settings:write', 'cli.archive');
        const dir = opts.dir ?? defaultArchiveDir(session.core.dbPath);
        const progress = process.stderr.isTTY
          ? ({ events }: { events: number }) => process.stderr.write(`\rArchiving: ${count(events)} events`.padEnd(60))
          : undefined;
        const result = await archiveExpired(session.core.store, { dir, now: opts.now, onProgress: progress }).finally(() => {
          if (progress) process.stderr.write('\r'.padEnd(61) + '\r');
        });
        printArchive(result, dir);
      }, { command: 'archive', user: opts.user });
    });
}

function printArchive(result: ArchiveResult, dir: string): void {
  const seconds = (result.durationMs / 1000).toFixed(1);
  if (result.events === 0) {
    const covered = result.checkpoint ? ` up to checkpoint #${result.checkpoint.id} (${count(result.checkpoint.treeSize)} events)` : ' (no checkpoint has been signed yet)';
    console.log(`Nothing to archive: no signed event${covered} has outlived its retention policy.`);
    return;
  }
  const segments = result.segments.length;
  console.log(`Archived ${count(result.events)} events into ${count(segments)} ${segments === 1 ? 'segment' : 'segments'} in ${dir} (${seconds} s).`);
  console.log(
    table(
      ['segment', 'events', 'seq', 'JSON', 'archive'],
      result.segments.map((s) => [s.file, count(s.count), `${count(s.firstSeq)}–${count(s.lastSeq)}`, bytes(s.jsonBytes), bytes(s.fileBytes)]),
    ),
  );
  console.log(`Compression ratio: ${(100 * (result.ratio ?? 0)).toFixed(1)} % (${bytes(result.fileBytes)} of archive for ${bytes(result.jsonBytes)} of events as JSON).`);
}

function policyRow(p: RetentionPolicy): string[] {
  const applies =
    p.kind === 'category'
      ? `category ${p.name} (its own rule; its class is ${p.class})`
      : p.name === 'security'
        ? `categories ${SECURITY_CATEGORIES.join(', ')}, unless they have a rule of their own`
        : 'every other category, unless it has a rule of its own';
  return [p.name, count(p.days), applies];
}

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function collectSetting(value: string, previous: [string, number][]): [string, number][] {
  const match = /^([a-z][a-z_]*)=(\d+)$/.exec(value);
  if (!match) throw new InvalidArgumentError('must be NAME=DAYS, e.g. pos=730 or security=400');
  return [...previous, [match[1] as string, Number(match[2])]];
}

function isoOption(value: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) throw new InvalidArgumentError('must be an ISO-8601 date or time, e.g. 2026-06-01T00:00:00Z');
  return date;
}
