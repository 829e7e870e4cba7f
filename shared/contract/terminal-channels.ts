import { z } from 'zod';
import { channel } from './channel-spec';

export const TerminalSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The store its events must carry, or null (any). */
  storeId: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  revokedAt: z.string().nullable(),
  lastSeenAt: z.string().nullable(),
  /** The terminal's clock minus ours at its last request, in ms (positive: it runs ahead). */
  clockSkewMs: z.int().nullable(),
});
export type TerminalSummary = z.output<typeof TerminalSummarySchema>;

/** Whether the terminal ingest API is listening, as the Terminal API setting asks. */
export const TerminalApiStatusSchema = z.object({
  state: z.enum(['off', 'listening', 'failed']),
  /** Where terminals send events (`http(s)://address:port`), while listening. */
  url: z.string().nullable(),
  /** Why it is not listening, when it failed (e.g. the port is in use). */
  error: z.string().nullable(),
  /** SHA-256 fingerprint of the TLS certificate (for pinning on the tills), when TLS is on. */
  fingerprint: z.string().nullable(),
  /** Started by the command line (`serve --ingest`): the setting does not control it. */
  fixed: z.boolean(),
});
export type TerminalApiStatus = z.output<typeof TerminalApiStatusSchema>;

/** The tills that may send events (docs/ingest.md). Registering shows the terminal's key once. */
export const terminalChannels = {
  'terminals.list': channel({
    summary: 'The registered terminals, when each was last seen and how far its clock is off',
    permission: 'terminals:manage',
    input: z.strictObject({}),
    output: z.array(TerminalSummarySchema),
  }),
  'terminals.add': channel({
    summary: 'Register a terminal; the answer carries its key, shown this once',
    permission: 'terminals:manage',
    input: z.strictObject({
      name: z.string().trim().min(1, 'A terminal needs a name.').max(64, 'A terminal name is at most 64 characters.'),
      storeId: z.string().trim().min(1).max(128).nullable().default(null),
    }),
    output: z.object({ terminal: TerminalSummarySchema, key: z.string() }),
  }),
  'terminals.revoke': channel({
    summary: 'Refuse a terminal’s key from now on (its events stay in the log)',
    permission: 'terminals:manage',
    input: z.strictObject({ id: z.string().min(1).max(64) }),
    output: TerminalSummarySchema,
  }),
  'terminals.apiRetry': channel({
    summary: 'Try again to start the terminal API as the setting says (after freeing a busy port)',
    permission: 'settings:write',
    input: z.strictObject({}),
    output: TerminalApiStatusSchema,
  }),
  'terminals.apiStatus': channel({
    summary: 'Whether the terminal ingest API is listening, where, and the TLS fingerprint',
    permission: null,
    input: z.strictObject({}),
    output: TerminalApiStatusSchema,
  }),
} as const;
