import type { Command } from 'commander';
import type { StoredEvent } from '../../../shared/events';
import type { EventFilter } from '../../../shared/filter';
import { count, EVENT_HEADER, eventRow, table } from '../format';
import { defaultDbPath } from '../../core';
import { CliError, EXIT_USAGE } from '../errors';
import { withSession } from '../session';
import { eventsWithArchives, parseFilter } from './archived-events';
import { dbOption, intOption, statusOption, userOption } from './options';
import { readAccess } from './read-access';

type FilterOptions = Omit<EventFilter, 'user'> & { userId?: string };

interface EventsOptions extends FilterOptions {
  db?: string;
  /** Who runs the command (not a filter: that is --user-id). */
  user?: string;
  limit: number;
  json?: boolean;
  includeArchives?: boolean;
  archive?: string;
  recoveryKey?: string;
}

export function registerEvents(program: Command): void {
  program
    .command('events')
    .description('List events, newest first, matching every filter given (needs audit:read; recorded as audit.view)')
    .addOption(dbOption())
    .addOption(userOption())
    .option('--from <iso>', 'from this time (inclusive), e.g. 2026-01-20T00:00:00Z')
    .option('--to <iso>', 'until this time (exclusive)')
    .option('--store <id>', 'store id')
    .option('--terminal <id>', 'terminal id')
    .option('--user-id <id>', 'events of this user id (the events’ user_id, e.g. u-104)')
    .option('--action <action>', 'action, e.g. pos.refund')
    .option('--status <status>', 'success or failure', statusOption)
    .option('--text <text>', 'text anywhere in resource, error or details')
    .option('--limit <n>', 'at most this many events', intOption, 50)
    .option('--json', 'print JSON (one array) instead of a table')
    .option('--include-archives', 'also read archived events (slower: every matching archive segment is read in full)')
    .option('--archive <dir>', 'the archive folder for --include-archives (default: archives/ beside the database)')
    .option('--recovery-key <key>', 'with --include-archives: read a copy with its recovery key (WDRK-…; or set WATCHDOG_RECOVERY_KEY), read-only, no user needed')
    .action(async (opts: EventsOptions) => {
      const { db, user, limit, json, includeArchives, archive, recoveryKey, userId, ...rest } = opts;
      const filter = Object.fromEntries(Object.entries({ ...rest, user: userId }).filter(([, v]) => v !== undefined)) as EventFilter;
      if (includeArchives) {
        parseFilter(filter); // a bad filter is a usage error before anyone logs in
        const file = db || defaultDbPath();
        const { key } = await readAccess(file, { recoveryKey: recoveryKey ?? (process.env.WATCHDOG_RECOVERY_KEY || undefined) }, {
          command: 'events --include-archives',
          user,
          permission: 'audit:read',
          kind: 'view',
          resource: 'cli.events',
          query: { filter, limit, includeArchives: true, archive: archive ?? null },
        });
        const { events, more, note } = await eventsWithArchives(file, filter, limit, archive, key);
        console.error(note);
        print(events, json, more);
        return;
      }
      if (recoveryKey !== undefined) throw new CliError('--recovery-key reads a copy read-only: use it with --include-archives.', EXIT_USAGE);
      await withSession(
        db,
        async (session) => {
          const events: StoredEvent[] = [];
          let cursor: string | null = null;
          while (events.length < limit) {
            // Through the router: audit:read is checked, and the look is recorded (audit.view) once, on the first page.
            const page: { events: StoredEvent[]; nextCursor: string | null } = await session.call('events.query', {
              filter,
              cursor,
              limit: Math.min(500, limit - events.length),
            });
            events.push(...page.events);
            cursor = page.nextCursor;
            if (!cursor) break;
          }
          print(events, json, cursor !== null);
        },
        { command: 'events', user },
      );
    });
}

function print(events: StoredEvent[], json: boolean | undefined, more: boolean): void {
  if (json) console.log(JSON.stringify(events, null, 2));
  else if (events.length === 0) console.log('No events match.');
  else console.log(`${table(EVENT_HEADER, events.map(eventRow))}\n${count(events.length)} events${more ? ' (more match: raise --limit)' : ''}.`);
}
