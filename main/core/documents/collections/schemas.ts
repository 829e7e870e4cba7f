import type { RxJsonSchema } from 'rxdb';
import { STATUSES } from '../../../../shared/events';
import type { EventFilter } from '../../../../shared/filter';

/**
 * The JSON schemas of Watchdog's editable documents (issue 5). Every document carries `updatedBy`
 * (the user who last changed it) and `updatedAt` (when, ISO 8601 UTC); `stamp` in `write.ts` sets them
 * from the Actor, callers never do. Indexed strings have `maxLength` (RxDB builds fixed-width index
 * keys from it); every query should sort on an index (docs/documents.md, "Collections").
 */

/** Who last changed a document and when. Set by the write helpers, never by hand. */
export interface Stamped {
  updatedBy: string;
  updatedAt: string;
}

const ID = { type: 'string', maxLength: 64 } as const;
const USER = { type: 'string', minLength: 1, maxLength: 128 } as const;
/** `new Date().toISOString()`: 24 characters; the pattern keeps the index order the time order. */
const TIME = { type: 'string', maxLength: 30, pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{3})?Z$' } as const;
const NAME = { type: 'string', minLength: 1, maxLength: 100 } as const;
const STAMP_PROPERTIES = { updatedBy: USER, updatedAt: TIME } as const;
const STAMP_REQUIRED = ['updatedBy', 'updatedAt'] as const;

/** The timeline filter (`shared/filter.ts`, `EventFilterSchema`) as JSON schema; a test holds the keys equal. */
export const eventFilterJsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    from: { type: 'string', format: 'date-time', maxLength: 40 },
    to: { type: 'string', format: 'date-time', maxLength: 40 },
    store: { type: 'string', minLength: 1, maxLength: 128 },
    terminal: { type: 'string', minLength: 1, maxLength: 128 },
    user: { type: 'string', minLength: 1, maxLength: 128 },
    action: { type: 'string', minLength: 1, maxLength: 64 },
    status: { type: 'string', enum: [...STATUSES] },
    text: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;

// --- settings -------------------------------------------------------------------------------------

/** One app setting; `id` is the setting's key (`retention.days`, `sessions.idleMinutes`, …). */
export interface SettingDoc extends Stamped {
  id: string;
  /** Any JSON value. */
  value: unknown;
}

export const settingSchema: RxJsonSchema<SettingDoc> = {
  title: 'setting',
  version: 0,
  type: 'object',
  primaryKey: 'id',
  properties: { id: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.-]+$' }, value: {}, ...STAMP_PROPERTIES },
  required: ['id', 'value', ...STAMP_REQUIRED],
  additionalProperties: false,
  indexes: ['updatedAt'],
};

// --- savedViews -----------------------------------------------------------------------------------

/** A named timeline filter. */
export interface SavedViewDoc extends Stamped {
  id: string;
  name: string;
  filter: EventFilter;
  /** The user who owns the view. */
  owner: string;
}

export const savedViewSchema: RxJsonSchema<SavedViewDoc> = {
  title: 'saved view',
  version: 0,
  type: 'object',
  primaryKey: 'id',
  properties: { id: ID, name: NAME, filter: eventFilterJsonSchema, owner: USER, ...STAMP_PROPERTIES },
  required: ['id', 'name', 'filter', 'owner', ...STAMP_REQUIRED],
  additionalProperties: false,
  // The owner's views by name; everyone's by last change.
  indexes: [['owner', 'name'], 'updatedAt'],
};

// --- cases ----------------------------------------------------------------------------------------

export const CASE_STATUSES = ['open', 'investigating', 'closed'] as const;
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

/** An alert case: one or more alerts someone looks into (created by detection later). */
export interface CaseDoc extends Stamped {
  id: string;
  title: string;
  status: (typeof CASE_STATUSES)[number];
  severity: (typeof SEVERITIES)[number];
  /** The user the case is assigned to; absent when nobody is. */
  assignee?: string;
  alertIds: string[];
}

export const caseSchema: RxJsonSchema<CaseDoc> = {
  title: 'case',
  version: 0,
  type: 'object',
  primaryKey: 'id',
  properties: {
    id: ID,
    title: { type: 'string', minLength: 1, maxLength: 200 },
    status: { type: 'string', enum: [...CASE_STATUSES], maxLength: 20 },
    severity: { type: 'string', enum: [...SEVERITIES], maxLength: 20 },
    assignee: USER,
    alertIds: { type: 'array', maxItems: 1000, uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 64 } },
    ...STAMP_PROPERTIES,
  },
  required: ['id', 'title', 'status', 'severity', 'alertIds', ...STAMP_REQUIRED],
  additionalProperties: false,
  // The triage list: open cases, latest first; one assignee's cases.
  indexes: [['status', 'updatedAt'], ['assignee', 'updatedAt'], 'updatedAt'],
};

// --- notes ----------------------------------------------------------------------------------------

/** A note on a case, on an event of the log (by its `seq`), on both, or on neither (a free note). */
export interface NoteDoc extends Stamped {
  id: string;
  caseId?: string;
  eventSeq?: number;
  text: string;
  /** Who wrote the note first; `updatedBy` is who changed it last. */
  author: string;
}

export const noteSchema: RxJsonSchema<NoteDoc> = {
  title: 'note',
  version: 0,
  type: 'object',
  primaryKey: 'id',
  properties: {
    id: ID,
    caseId: ID,
    eventSeq: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER, multipleOf: 1 },
    text: { type: 'string', minLength: 1, maxLength: 10_000 },
    author: USER,
    ...STAMP_PROPERTIES,
  },
  required: ['id', 'text', 'author', ...STAMP_REQUIRED],
  additionalProperties: false,
  indexes: [['caseId', 'updatedAt'], ['eventSeq', 'updatedAt'], 'updatedAt'],
};

// --- reportSchedules ------------------------------------------------------------------------------

export const REPORT_FORMATS = ['csv', 'json', 'pdf'] as const;

/** A report sent on a schedule. */
export interface ReportScheduleDoc extends Stamped {
  id: string;
  name: string;
  format: (typeof REPORT_FORMATS)[number];
  /** Cron-like text (`0 6 * * 1`); the reports issue parses it. */
  schedule: string;
  filter: EventFilter;
  /** E-mail addresses. */
  recipients: string[];
}

export const reportScheduleSchema: RxJsonSchema<ReportScheduleDoc> = {
  title: 'report schedule',
  version: 0,
  type: 'object',
  primaryKey: 'id',
  properties: {
    id: ID,
    name: NAME,
    format: { type: 'string', enum: [...REPORT_FORMATS], maxLength: 10 },
    schedule: { type: 'string', minLength: 1, maxLength: 100 },
    filter: eventFilterJsonSchema,
    recipients: { type: 'array', maxItems: 50, uniqueItems: true, items: { type: 'string', format: 'email', maxLength: 254 } },
    ...STAMP_PROPERTIES,
  },
  required: ['id', 'name', 'format', 'schedule', 'filter', 'recipients', ...STAMP_REQUIRED],
  additionalProperties: false,
  indexes: ['name', 'updatedAt'],
};

// --- alertRules -----------------------------------------------------------------------------------

/** A detection rule's settings: its kind (the detector) and its thresholds. */
export interface AlertRuleDoc extends Stamped {
  id: string;
  kind: string;
  name: string;
  enabled: boolean;
  /** Named numbers, e.g. `{ voidsPerHour: 5 }`. */
  thresholds: Record<string, number>;
}

export const alertRuleSchema: RxJsonSchema<AlertRuleDoc> = {
  title: 'alert rule',
  version: 0,
  type: 'object',
  primaryKey: 'id',
  properties: {
    id: ID,
    kind: { type: 'string', minLength: 1, maxLength: 64 },
    name: NAME,
    enabled: { type: 'boolean' },
    thresholds: { type: 'object', maxProperties: 50, additionalProperties: { type: 'number' } },
    ...STAMP_PROPERTIES,
  },
  required: ['id', 'kind', 'name', 'enabled', 'thresholds', ...STAMP_REQUIRED],
  additionalProperties: false,
  // The detectors load the enabled rules of their kind.
  indexes: [['enabled', 'kind', 'name'], 'updatedAt'],
};

// --- integrations ---------------------------------------------------------------------------------

/** `[Pp][Aa]…`: ajv compiles patterns with the `u` flag only, so case-insensitivity is spelled out. */
function anyCase(word: string): string {
  return [...word].map((c) => (/[a-z]/i.test(c) ? `[${c.toUpperCase()}${c.toLowerCase()}]` : c)).join('');
}
/** Config keys that would hold a secret; secrets go to the vault (later), never into a document. */
export const SECRET_WORDS = ['password', 'passwd', 'secret', 'token', 'apikey', 'api_key', 'api-key', 'privatekey', 'private_key'] as const;
const NO_SECRET_KEY = `^(?!.*(?:${SECRET_WORDS.map(anyCase).join('|')})).*$`;

/** A connection to something outside (POS export, mail, SIEM, HQ sync). */
export interface IntegrationDoc extends Stamped {
  id: string;
  kind: string;
  name: string;
  enabled: boolean;
  /** Plain settings (host, port, folder). No secrets: a key that names one is refused. */
  config: Record<string, unknown>;
}

export const integrationSchema: RxJsonSchema<IntegrationDoc> = {
  title: 'integration',
  version: 0,
  type: 'object',
  primaryKey: 'id',
  properties: {
    id: ID,
    kind: { type: 'string', minLength: 1, maxLength: 64 },
    name: NAME,
    enabled: { type: 'boolean' },
    // `propertyNames` is JSON schema (ajv checks it) that RxDB's schema type does not list.
    config: { type: 'object', maxProperties: 100, ...({ propertyNames: { type: 'string', maxLength: 100, pattern: NO_SECRET_KEY } } as object) },
    ...STAMP_PROPERTIES,
  },
  required: ['id', 'kind', 'name', 'enabled', 'config', ...STAMP_REQUIRED],
  additionalProperties: false,
  indexes: [['kind', 'name'], 'updatedAt'],
};
