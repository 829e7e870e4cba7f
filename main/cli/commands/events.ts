import type { Command } from 'commander';
import type { StoredEvent } from '../../../shared/events';
import type { EventFilter } from '../../../shared/filter';
import { count, EVENT_HEADER, eventRow, table } from '../format';
import { defaultDbPath } from '../../core';
import { withSession } from '../session';
import { eventsWithArchives } from './archived-events';
import { dbOption, intOption, statusOption } from './options';

interface EventsOptions extends EventFilter {
  db?: string;
  limit: number;
  json?: boolean;
  includeArchives?: boolean;
  archive?: string;
}

export function registerEvents(program: Command): void {
  program
    .command('events')
    .description('List events, newest first, matching every filter given')
    .addOption(dbOption())
    .option('--from <iso>', 'from this time (inclusive), e.g. 2026-01-20T00:00:00Z')
    .option('--to <iso>', 'until this time (exclusive)')
    .option('--store <id>', 'store id')
    .option('--terminal <id>', 'terminal id')
    .option('--user <id>', 'user id')
    .option('--action <action>', 'action, e.g. pos.refund')
    .option('--status <status>', 'success or failure', statusOption)
    .option('--text <text>', 'text anywhere in resource, error or details')
    .option('--limit <n>', 'at most this many events', intOption, 50)
    .option('--json', 'print JSON (one array) instead of a table')
    .option('--include-archives', 'also read archived events (slower: every matching archive segment is read in full)')
    .option('--archive <dir>', 'the archive folder for --include-archives (default: archives/ beside the database)')
    .action(async (opts: EventsOptions) => {
      const { db, limit, json, includeArchives, archive, ...rest } = opts;
      const filter = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as EventFilter;
      if (includeArchives) {
        const { events, more, note } = await eventsWithArchives(db ?? defaultDbPath(), filter, limit, archive);
        console.error(note);
        print(events, json, more);
        return;
      }
      await withSession(db, async (session) => {
        const events: StoredEvent[] = [];
        let cursor: string | null = null;
        while (events.length < limit) {
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
     }, { create: false });
    });
}

function print(events: StoredEvent[], json: boolean | undefined, more: boolean): void {
  if (json) console.log(JSON.stringify(events, null, 2));
  else if (events.length === 0) console.log('No events match.');
  else console.log(`${table(EVENT_HEADER, events.map(eventRow))}\n${count(events.length)} events${more ? ' (more match: raise --limit)' : ''}.`);
}
