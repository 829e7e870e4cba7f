import { z } from 'zod';
import { EventFilterSchema } from '../filter';
import { channel } from './channel-spec';
import { SavedViewSchema, SettingsChangeSchema, SettingsViewSchema, ViewIdSchema, ViewNameSchema } from './documents';

/**
 * Settings and saved views: documents in RxDB collections (docs/documents.md). The renderer reads
 * and changes them here and hears every later change as a pushed event (`settings.changed`,
 * `views.changed`); it never touches RxDB.
 */
export const documentChannels = {
  'settings.get': channel({
    summary: 'The app settings (retention, checkpoints, sessions, terminal API) and who changed each last',
    permission: null,
    input: z.strictObject({}),
    output: SettingsViewSchema,
  }),
  'settings.set': channel({
    summary: 'Change some settings; each changed group is recorded as a config.change event',
    permission: 'settings:write',
    input: SettingsChangeSchema,
    output: SettingsViewSchema,
  }),
  'views.list': channel({
    summary: 'Your saved timeline views, by name',
    permission: 'audit:read',
    input: z.strictObject({}),
    output: z.array(SavedViewSchema),
  }),
  'views.save': channel({
    summary: 'Save a timeline filter under a name (a name you have used already replaces that view’s filter)',
    permission: 'audit:read',
    input: z.strictObject({ name: ViewNameSchema, filter: EventFilterSchema }),
    output: SavedViewSchema,
  }),
  'views.rename': channel({
    summary: 'Rename one of your saved views',
    permission: 'audit:read',
    input: z.strictObject({ id: ViewIdSchema, name: ViewNameSchema }),
    output: SavedViewSchema,
  }),
  'views.delete': channel({
    summary: 'Delete one of your saved views',
    permission: 'audit:read',
    input: z.strictObject({ id: ViewIdSchema }),
    output: z.object({ deleted: z.boolean() }),
  }),
} as const;
