import { z } from 'zod';
import { jsonSize } from './json';

/** The event vocabulary of ../shared/product.md: one schema for ingestion, queries and exports. */

export const LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const;
export const STATUSES = ['success', 'failure'] as const;
export type Level = (typeof LEVELS)[number];
export type Status = (typeof STATUSES)[number];

/** The core action set. Actions outside it are accepted if they are dotted verbs; this list is for pickers. */
export const CORE_ACTIONS = [
  'auth.login', 'auth.logout', 'auth.password_change', 'auth.lockout',
  'user.create', 'user.update', 'user.delete', 'role.assign', 'role.revoke',
  'pos.sale', 'pos.void', 'pos.post_void', 'pos.refund', 'pos.no_sale', 'pos.discount', 'pos.price_override',
  'cash.drawer_open', 'cash.over_short', 'cash.pickup',
  'inventory.adjust', 'inventory.receive', 'inventory.count',
  'report.export', 'report.generate', 'config.change', 'data.import',
  'audit.view', 'audit.export', 'audit.verify', 'sync.push', 'system.start', 'system.update',
  'alert.feedback', 'case.open', 'case.update',
] as const;

/** Elastic Common Schema `event.category` where one fits, plus the store's own. */
const CATEGORY_BY_PREFIX: Record<string, string> = {
  auth: 'authentication',
  user: 'iam',
  role: 'iam',
  pos: 'pos',
  cash: 'cash',
  inventory: 'inventory',
  report: 'database',
  audit: 'database',
  data: 'database',
  config: 'configuration',
  sync: 'network',
  system: 'host',
  // Triage of detection's alerts: ECS's category for intrusion detection systems' findings.
  alert: 'intrusion_detection',
  case: 'intrusion_detection',
};

export function defaultCategory(action: string): string {
  return CATEGORY_BY_PREFIX[action.slice(0, action.indexOf('.'))] ?? 'process';
}

export const MAX_DETAILS_BYTES = 16 * 1024;
export const MAX_BATCH = 1000;

const id = z.string().min(1).max(128);
// `.nullable().default(null)` rather than `.nullish().transform(...)`: the same input and output, and
// a fifth of the cost (validation is most of an ingest worker's time per event).
const optionalText = (max: number) => z.string().max(max).nullable().default(null);
const optionalId = id.nullable().default(null);

/** Normalises any ISO-8601 instant with an offset to UTC with milliseconds: 2026-01-31T09:15:00.000Z */
const isoInstant = z.iso
  .datetime({ offset: true })
  // zod has checked the calendar (months, leap days), so a 24-character UTC form is already canonical.
  .transform((value) => (value.length === 24 && value[23] === 'Z' && value[19] === '.' ? value : new Date(value).toISOString()));

/** In a `u` regex a surrogate pair is one code point, so this matches only unpaired halves. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const TEXT_FIELDS = [
  'event_id', 'ts', 'store_id', 'terminal_id', 'user_id', 'user_role', 'session_id', 'action', 'category',
  'resource_type', 'resource_id', 'error_details', 'ip_address', 'user_agent', 'currency',
] as const;

export const EventInputSchema = z
  .strictObject({
    event_id: z.uuid(),
    ts: isoInstant,
    store_id: id,
    terminal_id: optionalId,
    user_id: optionalId,
    user_role: optionalText(64),
    session_id: optionalText(128),
    action: z
      .string()
      .max(64)
      .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, 'must be a dotted lower-case verb such as pos.refund'),
    category: z
      .string()
      .max(32)
      .regex(/^[a-z][a-z_]*$/, 'must be a lower-case word such as authentication')
      .optional(),
    resource_type: optionalText(64),
    resource_id: optionalText(128),
    status: z.enum(STATUSES).default('success'),
    error_details: optionalText(2000),
    level: z.enum(LEVELS).default('INFO'),
    ip_address: z.union([z.ipv4(), z.ipv6()]).nullable().default(null),
    user_agent: optionalText(512),
    amount_minor: z.int().nullable().default(null),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD')
      .nullable()
      .default(null),
    details: z
      .record(z.string(), z.unknown())
      .default({})
      .superRefine((details, ctx) => {
        const size = jsonSize(details);
        if (size < 0) ctx.addIssue({ code: 'custom', message: 'must be plain JSON (no functions, NaN or nesting deeper than 32)' });
        else if (size > MAX_DETAILS_BYTES) ctx.addIssue({ code: 'custom', message: `is larger than ${MAX_DETAILS_BYTES} bytes` });
      }),
  })
  // One transform for both the cross-field check and the category default: each extra zod step cost
  // about a microsecond per event, and mutating zod's own fresh output object avoids a copy.
  .transform((e, ctx) => {
    if (e.amount_minor !== null && e.currency === null) {
      ctx.issues.push({ code: 'custom', input: e.currency, path: ['currency'], message: 'is required when amount_minor is set' });
    }
    // SQLite stores text as UTF-8, where half a surrogate pair cannot exist: it would come back changed
    // and no longer match the hash it was stored with. (details are JSON text, which escapes them.)
    for (const field of TEXT_FIELDS) {
      const value = e[field];
      if (typeof value === 'string' && LONE_SURROGATE.test(value)) {
        ctx.issues.push({ code: 'custom', input: value, path: [field], message: 'holds an unpaired UTF-16 surrogate (not valid Unicode text)' });
      }
    }
    return Object.assign(e, { category: e.category ?? defaultCategory(e.action) });
  });

/** What a terminal or an import sends. */
export type EventInput = z.input<typeof EventInputSchema>;
/** The same event after validation and normalisation: every optional field is present (null if absent). */
export type NormalizedEvent = z.output<typeof EventInputSchema>;

export const StoredEventSchema = z.object({
  seq: z.int().positive(),
  event_id: z.string(),
  ts: z.string(),
  store_id: z.string(),
  terminal_id: z.string().nullable(),
  user_id: z.string().nullable(),
  user_role: z.string().nullable(),
  session_id: z.string().nullable(),
  action: z.string(),
  category: z.string(),
  resource_type: z.string().nullable(),
  resource_id: z.string().nullable(),
  status: z.enum(STATUSES),
  error_details: z.string().nullable(),
  level: z.enum(LEVELS),
  ip_address: z.string().nullable(),
  user_agent: z.string().nullable(),
  amount_minor: z.int().nullable(),
  currency: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  received_at: z.string(),
  prev_hash: z.string(),
  hash: z.string(),
});

/** An event as the store keeps it: the input plus its place in the chain. Hashes are lower-case hex. */
export type StoredEvent = z.output<typeof StoredEventSchema>;
