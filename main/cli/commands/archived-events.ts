import type { StoredEvent } from '../../../shared/events';
import { EventFilterSchema, type EventFilter } from '../../../shared/filter';
import { AppError } from '../../core/api/errors';
import { defaultArchiveDir } from '../../core/retention/archive';
import { listSegments, queryArchives } from '../../core/retention/reader';
import { AuditStore } from '../../core/store';
import { CliError, EXIT_FAILURE, EXIT_USAGE } from '../errors';
import { count } from '../format';

export interface WithArchives {
  events: StoredEvent[];
  /** More events match than were shown. */
  more: boolean;
  /** For stderr: what was read from the archives, and how long it took. */
  note: string;
}

/** The router validates the filter on the database-only path; this one reads the store directly. */
export function parseFilter(input: EventFilter): EventFilter {
  const parsed = EventFilterSchema.safeParse(input);
  if (!parsed.success) throw new CliError(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '), EXIT_USAGE);
  return parsed.data;
}

/**
 * `watchdog events --include-archives`: the database's events and the archived ones, newest first.
 * Read-only, like `verify`, with the key read-access.ts found (the keychain's, after a user's login,
 * or the recovery key's): the database is read through its indexes, then every segment whose time
 * span meets the filter is checked (SHA-256, signature) and read in full — the slow part, which the
 * note says.
 */
export async function eventsWithArchives(file: string, input: EventFilter, limit: number, dir: string | undefined, key: Buffer | undefined): Promise<WithArchives> {
  const filter = parseFilter(input);
  let store: AuditStore;
  try {
    store = AuditStore.open(file, { readonly: true, create: false, migrate: false, key });
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new CliError(`Cannot read ${file} as a Watchdog log: ${(error as Error).message}.`, EXIT_FAILURE);
  }
  try {
    const { events: live, more: moreLive } = store.events.collect(filter, limit);
    const folder = dir ?? defaultArchiveDir(file);
    const segments = listSegments(store.db).length;
    const archived = await queryArchives(store.db, folder, filter, limit + 1);
    const merged = [...live, ...archived.events].sort((a, b) => Date.parse(b.ts) - Date.parse(a.ts) || b.seq - a.seq);
    const seconds = (archived.durationMs / 1000).toFixed(1);
    const note =
      segments === 0
        ? 'This database has no archived events.'
        : `Read ${count(archived.scanned)} archived events from ${count(archived.segmentsRead)} of ${count(segments)} segments in ${folder} ` +
          `(${seconds} s: archives are read in full, so this is slower than the database alone); ${count(archived.events.length)} matched.`;
    return { events: merged.slice(0, limit), more: merged.length > limit || moreLive, note };
  } finally {
    store.close();
  }
}
