import { z } from 'zod';
import { EventFilterSchema } from '../filter';
import { SessionLimitsSchema } from './accounts';
import { wholeNumber } from './numbers';

/**
 * The app settings people edit on the Settings screen, stored as documents (one per group) in the
 * `settings` collection (docs/documents.md). The bounds are the core's: the screen shows the same.
 */
const DAYS = wholeNumber(1, 36_500, 'days');

export const RetentionSettingsSchema = z.object({
  /** Days most events stay in the database before they move into a signed archive. */
  standardDays: DAYS,
  /** Days for security events (logins, roles, configuration). */
  securityDays: DAYS,
});

export const CheckpointSettingsSchema = z.object({
  /** A signed checkpoint every N events… */
  everyEvents: wholeNumber(100, 1_000_000, 'events'),
  /** …and every M minutes while events arrive. */
  minutes: wholeNumber(1, 1_440, 'minutes'),
});

/** An IPv4 or IPv6 address the terminal API listens on (0.0.0.0 for every interface). */
const ListenAddressSchema = z.union([z.ipv4(), z.ipv6()], { error: 'is not an IP address (e.g. 0.0.0.0 or 192.168.1.20)' });

export const TerminalApiSettingsSchema = z.object({
  /** Off by default: tills can send events only once an administrator turns it on. */
  enabled: z.boolean(),
  host: ListenAddressSchema,
  port: wholeNumber(1_024, 65_535, 'port'),
  /** HTTPS with a self-signed certificate whose fingerprint the tills pin (absent in older documents: off). */
  tls: z.boolean().default(false),
});

export const SettingsSchema = z.object({
  retention: RetentionSettingsSchema,
  checkpoints: CheckpointSettingsSchema,
  sessions: SessionLimitsSchema,
  terminalApi: TerminalApiSettingsSchema,
});

export type Settings = z.output<typeof SettingsSchema>;
export type SettingsGroup = keyof Settings;
export const SETTINGS_GROUPS = Object.keys(SettingsSchema.shape) as SettingsGroup[];

/** A change to some settings: any groups, any of their fields. */
export const SettingsChangeSchema = z.strictObject({
  retention: RetentionSettingsSchema.partial().strict().optional(),
  checkpoints: CheckpointSettingsSchema.partial().strict().optional(),
  sessions: SessionLimitsSchema.partial().strict().optional(),
  // Without the default: a change that leaves `tls` out keeps it as it is.
  terminalApi: TerminalApiSettingsSchema.extend({ tls: z.boolean() }).partial().strict().optional(),
});

/** Who last changed a document, and when (ISO 8601 UTC). */
export const ChangeStampSchema = z.object({ by: z.string(), at: z.string() });

/** The settings as the screen shows them: the values, and who changed each group last (null: never, the defaults). */
export const SettingsViewSchema = z.object({
  values: SettingsSchema,
  changed: z.record(z.enum(SETTINGS_GROUPS as [SettingsGroup, ...SettingsGroup[]]), ChangeStampSchema.nullable()),
});
export type SettingsView = z.output<typeof SettingsViewSchema>;

export const ViewNameSchema = z
  .string()
  .trim()
  .min(1, 'A view needs a name.')
  .max(100, 'A view name is at most 100 characters.');

export const ViewIdSchema = z.string().min(1).max(64);

/** A saved view: a named timeline filter, one user's own. */
export const SavedViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  filter: EventFilterSchema,
  updatedAt: z.string(),
});
export type SavedView = z.output<typeof SavedViewSchema>;
