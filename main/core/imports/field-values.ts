import { CORE_ACTIONS } from '../../../shared/events';

/**
 * Cell values as the event schema wants them. A converter returns the value, `undefined` for "empty"
 * (the schema's default applies), or a Refusal with the reason. Only what a spreadsheet or a till
 * export commonly writes differently is translated here; everything else is left to the schema, so
 * its errors read as everywhere else in the app.
 */
export class Refusal {
  constructor(readonly reason: string) {}
}

export type Converted = unknown;

/** Text cells: trimmed; an empty cell is absent. Numbers and booleans from JSON become text. */
export function text(raw: unknown): Converted {
  if (raw === null || raw === undefined) return undefined;
  if (typeof raw === 'string') {
    const value = raw.trim();
    return value === '' ? undefined : value;
  }
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  return new Refusal(`must be text, not ${Array.isArray(raw) ? 'a list' : 'an object'}`);
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * ISO 8601 and its spreadsheet forms: "2026-01-31T09:15:00+01:00", "2026-01-31 09:15:00",
 * "2026-01-31 09:15", "2026-01-31" (midnight); without an offset, `offset` ("Z" or "+01:00") applies.
 * Unix time in seconds (10 digits) or milliseconds (13 digits). Anything else goes to the schema as
 * it is, which refuses it (as it refuses 2026-02-30).
 */
export function timestamp(raw: unknown, offset: string): Converted {
  if (typeof raw === 'number') return Number.isFinite(raw) ? epoch(raw, raw >= 1e11) : new Refusal('is not a time');
  const value = text(raw);
  if (typeof value !== 'string') return value;
  if (/^\d{10}$/.test(value)) return epoch(Number(value), false);
  if (/^\d{13}$/.test(value)) return epoch(Number(value), true);
  const m = DATE_TIME.exec(value);
  if (!m) return value;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone] = m;
  const suffix = zone ? normaliseOffset(zone) : offset;
  // In UTC with at most milliseconds, written as the schema's canonical form, which it keeps as it is.
  if (suffix === 'Z' && fraction.length <= 4) return `${y}-${mo}-${d}T${h}:${mi}:${s}.${fraction.slice(1).padEnd(3, '0')}Z`;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${fraction}${suffix}`;
}

function epoch(value: number, millis: boolean): Converted {
  const date = new Date(millis ? value : value * 1000);
  return Number.isNaN(date.getTime()) ? new Refusal('is not a time') : date.toISOString();
}

function normaliseOffset(zone: string): string {
  if (zone === 'Z' || zone === 'z') return 'Z';
  const digits = zone.slice(1).replace(':', '');
  return `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2) || '00'}`;
}

/** "UTC" or "+01:00" from a mapping, as the suffix for times written without an offset. */
export function offsetSuffix(timeZone: string): string {
  return timeZone === 'UTC' ? 'Z' : timeZone;
}

/** Till wording → the action vocabulary. Keys are lower case with spaces and hyphens as underscores. */
const ACTION_WORDS: Record<string, string> = {
  ...uniqueVerbs(),
  sale: 'pos.sale', sales: 'pos.sale', purchase: 'pos.sale',
  refund: 'pos.refund', return: 'pos.refund',
  void: 'pos.void', line_void: 'pos.void', item_void: 'pos.void',
  post_void: 'pos.post_void', postvoid: 'pos.post_void',
  no_sale: 'pos.no_sale', nosale: 'pos.no_sale',
  override: 'pos.price_override',
  drawer_open: 'cash.drawer_open', open_drawer: 'cash.drawer_open', cash_drawer_open: 'cash.drawer_open',
  over_short: 'cash.over_short', cash_pickup: 'cash.pickup', pickup: 'cash.pickup', pick_up: 'cash.pickup',
  log_in: 'auth.login', sign_in: 'auth.login', signin: 'auth.login',
  log_out: 'auth.logout', sign_out: 'auth.logout', signout: 'auth.logout',
};

/** `refund` → pos.refund, `adjust` → inventory.adjust: every verb that names one core action only. */
function uniqueVerbs(): Record<string, string> {
  const byVerb = new Map<string, string[]>();
  for (const action of CORE_ACTIONS) {
    const verb = action.slice(action.indexOf('.') + 1);
    byVerb.set(verb, [...(byVerb.get(verb) ?? []), action]);
  }
  return Object.fromEntries([...byVerb].filter(([, actions]) => actions.length === 1).map(([verb, [action]]) => [verb, action as string]));
}

const DOTTED_VERB = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

/** A dotted verb stays as it is; till wording ("Sale", "No Sale", "Drawer Open") is translated. */
export function action(raw: unknown): Converted {
  const value = text(raw);
  if (typeof value !== 'string' || DOTTED_VERB.test(value)) return value;
  const key = value.toLowerCase().replace(/[\s-]+/g, '_');
  return ACTION_WORDS[key] ?? (DOTTED_VERB.test(key) ? key : value);
}

export function actionFor(word: string): string | undefined {
  const converted = action(word);
  return typeof converted === 'string' && DOTTED_VERB.test(converted) ? converted : undefined;
}

const STATUS_WORDS: Record<string, string> = { ok: 'success', succeeded: 'success', successful: 'success', failed: 'failure', fail: 'failure', error: 'failure' };
const LEVEL_WORDS: Record<string, string> = { WARN: 'WARNING', ERR: 'ERROR', FATAL: 'CRITICAL', CRIT: 'CRITICAL' };

export function status(raw: unknown): Converted {
  const value = text(raw);
  if (typeof value !== 'string') return value;
  const lower = value.toLowerCase();
  return STATUS_WORDS[lower] ?? lower;
}

export function level(raw: unknown): Converted {
  const value = text(raw);
  if (typeof value !== 'string') return value;
  const upper = value.toUpperCase();
  return LEVEL_WORDS[upper] ?? upper;
}

export function currency(raw: unknown): Converted {
  const value = text(raw);
  return typeof value === 'string' ? value.toUpperCase() : value;
}

/** A whole number of minor units: 1234, or "1234" from a CSV cell. */
export function minorUnits(raw: unknown): Converted {
  if (typeof raw === 'number') return Number.isSafeInteger(raw) ? raw : new Refusal('must be a whole number of minor units (cents)');
  const value = text(raw);
  if (typeof value !== 'string') return value;
  if (!/^[+-]?\d{1,15}$/.test(value)) return new Refusal('must be a whole number of minor units (cents), such as 1234');
  return Number(value);
}

const DECIMAL = /^([+-])?(\d+|\d{1,3}(?:,\d{3})+)(?:\.(\d+))?$/;

/**
 * An amount in major units to minor units, by the currency's own decimals (USD 2, JPY 0, KWD 3),
 * with decimal arithmetic on the text so 0.1 + 0.2 never happens: "12.34" → 1234, "-5" → -500,
 * "1,234.50" → 123450, "$12.34" → 1234. More decimals than the currency has are refused unless zero.
 */
export function majorUnits(raw: unknown, currencyCode: unknown): Converted {
  const value = typeof raw === 'number' ? (Number.isFinite(raw) ? String(raw) : '') : text(raw);
  if (value === undefined || value instanceof Refusal) return value;
  const m = DECIMAL.exec(String(value).replace(/^([+-]?)\s*[$€£¥]\s*/, '$1'));
  if (!m) return new Refusal('is not an amount such as 12.34');
  const [, sign = '', whole = '', fraction = ''] = m;
  const digits = decimalsOf(typeof currencyCode === 'string' ? currencyCode : null);
  if (fraction.length > digits && /[1-9]/.test(fraction.slice(digits))) {
    return new Refusal(`has more decimals than ${typeof currencyCode === 'string' ? currencyCode : 'the currency'} has (${digits})`);
  }
  const minor = Number(`${sign}${whole.replaceAll(',', '')}${fraction.slice(0, digits).padEnd(digits, '0')}`);
  return Number.isSafeInteger(minor) ? minor : new Refusal('is too large');
}

const decimals = new Map<string, number>();

/** The currency's minor-unit digits from ICU (2 when unknown: the schema then refuses the code itself). */
export function decimalsOf(code: string | null): number {
  if (code === null) return 2;
  let digits = decimals.get(code);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    decimals.set(code, digits);
  }
  return digits;
}

/** `details` from a JSON source is an object already; from a CSV cell it is JSON text. */
export function detailsObject(raw: unknown): Converted {
  if (raw === null || raw === undefined || raw === '') return undefined;
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return new Refusal('must be a JSON object such as {"note":"…"}');
    }
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : new Refusal('must be a JSON object such as {"note":"…"}');
}
