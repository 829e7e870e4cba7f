import type { z } from 'zod';
import { SessionLimitsSchema } from '../../../../shared/contract/accounts';
import {
  CheckpointSettingsSchema,
  RetentionSettingsSchema,
  TerminalApiSettingsSchema,
  type SettingsGroup,
} from '../../../../shared/contract/documents';
import { formatCount } from '../../format/money';

export type FieldValue = number | string | boolean;

export interface FieldSpec {
  key: string;
  label: string;
  /** `number`: a whole number within the core's bounds; `address`: an IP address; `switch`: on/off. */
  kind: 'number' | 'address' | 'switch';
  /** Shown after the label while editing: "(days)". */
  unit?: string;
  min?: number;
  max?: number;
  hint: string;
  /** Takes two columns: a label too long for one. */
  wide?: boolean;
  testId: string;
  /** The value as a sentence fragment, for those who may only read it. */
  read: (value: FieldValue) => string;
}

export interface GroupSpec {
  group: SettingsGroup;
  title: string;
  intro: string;
  fields: FieldSpec[];
  /** Prefix of the panel's own testids: `<prefix>-save`, `<prefix>-done`, `<prefix>-error`. */
  testPrefix: string;
  saved: string;
}

const plural = (n: number, word: string) => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;
const asNumber = (value: FieldValue) => (typeof value === 'number' ? value : Number(value));

/**
 * A whole number field whose bounds are read from the contract's schema, so the hint says exactly
 * what the core accepts (the core still decides: its refusal is what the form shows).
 */
function whole(schema: z.ZodNumber, spec: Omit<FieldSpec, 'kind' | 'min' | 'max'>): FieldSpec {
  const min = schema.minValue ?? undefined;
  const max = schema.maxValue ?? undefined;
  const range = min !== undefined && max !== undefined ? `From ${formatCount(min)} to ${formatCount(max)}.` : '';
  return { ...spec, kind: 'number', min, max, hint: [spec.hint, range].filter(Boolean).join(' ') };
}

const retention = RetentionSettingsSchema.shape;
const checkpoints = CheckpointSettingsSchema.shape;
const sessions = SessionLimitsSchema.shape;
const terminal = TerminalApiSettingsSchema.shape;

export const SETTINGS_SPECS: GroupSpec[] = [
  {
    group: 'retention',
    title: 'Keeping events',
    intro:
      'Once a day, events older than this move out of the database into signed archive files. The Timeline can still show them with “Include archived events”.',
    testPrefix: 'retention',
    saved: 'Saved. The next daily run archives by the new periods.',
    fields: [
      whole(retention.standardDays, { key: 'standardDays', label: 'Most events', unit: 'days', hint: 'Sales, refunds, stock and the rest.', testId: 'retention-standard', read: (v) => `kept ${plural(asNumber(v), 'day')}` }),
      whole(retention.securityDays, { key: 'securityDays', label: 'Security events', unit: 'days', hint: 'Logins, sessions, users and roles, settings.', testId: 'retention-security', read: (v) => `kept ${plural(asNumber(v), 'day')}` }),
    ],
  },
  {
    group: 'checkpoints',
    title: 'Signed checkpoints',
    intro:
      'A checkpoint signs the log up to that point, so a later change to any event before it is found when the log is verified. Closer checkpoints narrow down where a change happened.',
    testPrefix: 'checkpoints',
    saved: 'Saved. The next checkpoint follows the new rule.',
    fields: [
      whole(checkpoints.everyEvents, { key: 'everyEvents', label: 'Events per checkpoint', hint: 'A checkpoint every this many events…', testId: 'checkpoints-events', read: (v) => `every ${plural(asNumber(v), 'event')}` }),
      whole(checkpoints.minutes, { key: 'minutes', label: 'Minutes per checkpoint', hint: '…and every this many minutes while events arrive.', testId: 'checkpoints-minutes', read: (v) => `and every ${plural(asNumber(v), 'minute')} while events arrive` }),
    ],
  },
  {
    group: 'sessions',
    title: 'Sessions',
    intro: 'How long a session may sit idle or last at all, and how many one user may hold.',
    testPrefix: 'limits',
    saved: 'Saved. They apply to every session from its next request on.',
    fields: [
      whole(sessions.idleMinutes, { key: 'idleMinutes', label: 'Idle lock', unit: 'minutes', hint: 'The password opens it again.', testId: 'limits-idle', read: (v) => plural(asNumber(v), 'minute') }),
      whole(sessions.absoluteHours, { key: 'absoluteHours', label: 'Log out after', unit: 'hours', hint: 'However active the session.', testId: 'limits-absolute', read: (v) => plural(asNumber(v), 'hour') }),
      whole(sessions.maxPerUser, { key: 'maxPerUser', label: 'Sessions per user', hint: 'At most; a new login ends the oldest.', testId: 'limits-max', read: (v) => `at most ${formatCount(asNumber(v))}` }),
    ],
  },
  {
    group: 'terminalApi',
    title: 'Terminal API',
    intro:
      'Where registered tills send their events. Turning it on starts listening at once; a change of address, port or HTTPS restarts it.',
    testPrefix: 'terminal',
    saved: 'Saved. The status below follows.',
    fields: [
      { key: 'enabled', label: 'Accept events from tills', kind: 'switch', hint: 'Off: nothing listens, tills cannot send.', testId: 'terminal-enabled', read: (v) => (v === true ? 'On' : 'Off') },
      { key: 'host', label: 'Listen address', kind: 'address', hint: '0.0.0.0 for every network, 127.0.0.1 for this computer only.', testId: 'terminal-host', read: String },
      whole(terminal.port, { key: 'port', label: 'Port', hint: '', testId: 'terminal-port', read: (v) => String(v) }),
      {
        key: 'tls',
        label: 'Use HTTPS (self-signed certificate)',
        kind: 'switch',
        wide: true,
        hint: 'Tills pin the certificate’s fingerprint, shown below once it listens.',
        testId: 'terminal-tls',
        read: (v) => (v === true ? 'HTTPS, self-signed' : 'Plain HTTP'),
      },
    ],
  },
];
