import { z } from 'zod';
import { EventInputSchema, MAX_BATCH, StoredEventSchema } from '../events';
import { EventFilterSchema } from '../filter';
import { IntegrityReportSchema } from './integrity';

import { accountChannels } from './account-channels';
import { alertChannels } from './alert-channels';
import { channel } from './channel-spec';
import { documentChannels } from './document-channels';
import { forecastChannels } from './forecast-channels';
import { importChannels } from './import-channels';
import { terminalChannels } from './terminal-channels';

export const CursorSchema = z.string().regex(/^\d+\.\d+$/, 'is not a cursor this server issued');

export const DatabaseSummarySchema = z.object({
  path: z.string(),
  /** Events in the database (archived ones are not). */
  events: z.int(),
  lastSeq: z.int(),
  /** Events moved to archive segments by retention (readable, more slowly: `events.archived`). */
  archived: z.int(),
  firstTs: z.string().nullable(),
  lastTs: z.string().nullable(),
  /** No events but the store's own signing-key events: a new database (the demo may be loaded). */
  empty: z.boolean(),
  schemaVersion: z.int(),
});

/**
 * The one list of requests the UI (and any host) may make. Each channel names its input, its output
 * and who may call it (channel-spec.ts); the account channels are in account-channels.ts, settings and
 * saved views in document-channels.ts, terminals in terminal-channels.ts, the import wizard in
 * import-channels.ts.
 */
export const channels = {
  ...accountChannels,
  ...documentChannels,
  ...terminalChannels,
  ...importChannels,
  ...alertChannels,
  ...forecastChannels,
  'app.info': channel({
    summary: 'Version, host and a summary of the open database',
    permission: null,
    input: z.strictObject({}),
    output: z.object({
      version: z.string(),
      host: z.enum(['electron', 'web', 'cli']),
      database: DatabaseSummarySchema,
    }),
  }),
  'events.query': channel({
    summary: 'One page of events, newest first, continuing from a cursor',
    permission: 'audit:read',
    audit: 'view',
    input: z.strictObject({
      filter: EventFilterSchema.default({}),
      cursor: CursorSchema.nullish(),
      limit: z.int().min(1).max(500).default(100),
    }),
    output: z.object({ events: z.array(StoredEventSchema), nextCursor: CursorSchema.nullable() }),
  }),
  'events.get': channel({
    summary: 'One event by its sequence number (an archived one is read from its archive segment)',
    permission: 'audit:read',
    audit: 'view',
    input: z.strictObject({ seq: z.int().positive() }),
    /** `archived`: read from an archive segment, no longer in the database. */
    output: StoredEventSchema.extend({ archived: z.literal(true).optional() }),
  }),
  'events.archived': channel({
    summary: 'The newest archived events matching a filter: every archive segment in its time span is checked and read in full (slow)',
    permission: 'audit:read',
    audit: 'view',
    input: z.strictObject({
      filter: EventFilterSchema.default({}),
      limit: z.int().min(1).max(1000).default(500),
    }),
    output: z.object({
      events: z.array(StoredEventSchema),
      /** More archived events match than were returned. */
      more: z.boolean(),
      segments: z.int(),
      segmentsRead: z.int(),
      scanned: z.int(),
      durationMs: z.int(),
    }),
  }),
  'events.export': channel({
    summary: 'The events matching a filter as a CSV, JSON or JSON Lines file, newest first',
    permission: 'audit:export',
    audit: 'export',
    input: z.strictObject({
      filter: EventFilterSchema.default({}),
      format: z.enum(['csv', 'json', 'jsonl']),
      limit: z.int().min(1).max(100_000).default(10_000),
    }),
    output: z.object({ fileName: z.string(), mimeType: z.string(), content: z.string(), count: z.int(), truncated: z.boolean() }),
  }),
  'events.histogram': channel({
    summary: 'Event counts per time bucket for a filter',
    permission: 'audit:read',
    input: z.strictObject({
      filter: EventFilterSchema.default({}),
      maxBuckets: z.int().min(10).max(1000).default(120),
    }),
    output: z.object({
      from: z.string().nullable(),
      to: z.string().nullable(),
      bucketMs: z.int(),
      counts: z.array(z.int()),
      total: z.int(),
    }),
  }),
  'events.facets': channel({
    summary: 'Distinct stores, terminals, users and actions, for filter pickers',
    permission: 'audit:read',
    input: z.strictObject({}),
    output: z.object({
      stores: z.array(z.string()),
      terminals: z.array(z.string()),
      users: z.array(z.string()),
      actions: z.array(z.string()),
    }),
  }),
  'events.ingest': channel({
    summary: `Append up to ${MAX_BATCH} events atomically; known event_ids are acknowledged, not stored twice`,
    permission: 'audit:append',
    input: z.strictObject({
      events: z
        .array(EventInputSchema)
        .min(1, 'a batch holds at least one event')
        .max(MAX_BATCH, `a batch holds at most ${MAX_BATCH} events`),
    }),
    output: z.object({
      accepted: z.int(),
      duplicates: z.array(z.string()),
      firstSeq: z.int().nullable(),
      lastSeq: z.int().nullable(),
    }),
  }),
  'audit.verify': channel({
    summary: 'Verify the chain, the Merkle tree and every signed checkpoint; report each range as valid or INVALID with a reason',
    permission: 'audit:verify',
    audit: 'verify',
    input: z.strictObject({}),
    output: IntegrityReportSchema,
  }),
  'audit.verifyCancel': channel({
    summary: 'Stop a running verification (it ends with CANCELLED and concludes nothing)',
    permission: 'audit:verify',
    input: z.strictObject({}),
    output: z.object({ cancelled: z.boolean() }),
  }),
  'demo.load': channel({
    summary: 'Fill an empty database with a deterministic demo store',
    permission: 'settings:write',
    input: z.strictObject({
      days: z.int().min(1).max(365).default(90),
      stores: z.int().min(1).max(5).default(2),
      seed: z.int().min(0).default(1),
      /** First day after the demo (UTC date). Default: tomorrow, so the demo ends today. */
      end: z.iso.date().optional(),
    }),
    output: z.object({
      events: z.int(),
      salesRows: z.int(),
      from: z.string(),
      to: z.string(),
    }),
  }),
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
/** What a caller passes (defaults not yet applied). */
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>;
/** What a handler receives (validated, defaults applied). */
export type ChannelParsedInput<C extends ChannelName> = z.output<Channels[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<Channels[C]['output']>;

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(channels, name);
}

export type DatabaseSummary = z.output<typeof DatabaseSummarySchema>;
