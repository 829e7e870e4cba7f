/**
 * The detection rules' thresholds in words (main/core/detect/rules/catalogue.ts names them; docs/detection.md
 * "The rules" says what each does). The core checks each value against the rule's range and names
 * the field it refuses; here only what is plainly wrong (not a number, negative, a fraction where a
 * count is meant) is caught before asking.
 */
export interface ThresholdText {
  label: string;
  /** In the field's label ("Within (minutes)") and after the value when read-only. */
  unit?: string;
  hint?: string;
  /** Counts, hours and minutes: no fractions. */
  whole: boolean;
  /** 0 means something (midnight, "no prior administration needed"); otherwise a value must be above 0. */
  zeroAllowed?: boolean;
}

const THRESHOLDS: Record<string, ThresholdText> = {
  minFailures: { label: 'Failed logins', hint: 'This many failed logins from one till or address raise an alert.', whole: true },
  windowMinutes: { label: 'Within', unit: 'minutes', hint: 'The failures must fall within this many minutes.', whole: true },
  openHour: { label: 'Opens at', unit: 'hour, UTC', hint: '0–23: activity before this hour is off hours.', whole: true, zeroAllowed: true },
  closeHour: { label: 'Closes at', unit: 'hour, UTC', hint: '1–24: activity from this hour on is off hours.', whole: true },
  baselineDays: { label: 'Look back', unit: 'days', hint: 'How far back the grantor’s earlier administration is counted.', whole: true },
  minPriorAdminActions: {
    label: 'Earlier admin actions',
    hint: 'A grant by someone with fewer administrative actions before is flagged; 0 turns that check off.',
    whole: true,
    zeroAllowed: true,
  },
  maxRows: { label: 'Rows in one export', hint: 'An export of this many rows or more raises an alert.', whole: true },
  maxAccessesPerHour: { label: 'Looks at the log per hour', hint: 'This many views or exports by one person in a clock hour.', whole: true },
  minEvents: { label: 'Fewest exceptions', hint: 'A cashier needs at least this many before a rate counts.', whole: true },
  ratio: { label: 'Times the colleagues’ rate', hint: 'Flag a cashier at this multiple of the others on the same shift.', whole: false },
  minVolume: { label: 'Fewest sales', hint: 'Both the cashier and the colleagues need this many in the shift.', whole: true },
  maxChance: { label: 'Largest chance of luck', hint: 'Flag only when chance alone would explain it less often than this (0.001 = 1 in 1,000).', whole: false },
  windowDays: { label: 'Window', unit: 'days', hint: 'The days before the store’s newest event that are counted.', whole: true },
  shiftChangeMinute: { label: 'Shift change at', unit: 'minute, UTC', hint: 'Minutes after midnight: 855 = 14:15. Sessions starting earlier are the morning shift.', whole: true, zeroAllowed: true },
  overShortMinor: { label: 'Drawer off by', unit: 'cents', hint: 'Or more, in minor units: 1000 = 10.00 in the store’s currency.', whole: true },
};

/** Where one key means something else in a rule (a count of events for off hours, drawer counts for cash). */
const PER_RULE: Record<string, Record<string, Partial<ThresholdText>>> = {
  off_hours: { minEvents: { label: 'Events outside hours', hint: 'A person needs this many events in a night to raise an alert.' } },
  cash_over_short_rate: { minVolume: { label: 'Fewest drawer counts' }, minEvents: { hint: 'A cashier needs at least this many drawer counts off.' } },
};

/** A key this version has no words for still reads: `maxThings` → "Max things". */
function fromKey(key: string): ThresholdText {
  const words = key.replace(/([A-Z])/g, ' $1').toLowerCase();
  return { label: words.charAt(0).toUpperCase() + words.slice(1), whole: false };
}

export function thresholdText(kind: string, key: string): ThresholdText {
  return { ...(THRESHOLDS[key] ?? fromKey(key)), ...PER_RULE[kind]?.[key] };
}

const clock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')} UTC`;

/** A value as the read-only view shows it: hours and the shift change as a time of day, the rest with its unit. */
export function thresholdValueText(kind: string, key: string, value: number): string {
  if (key === 'shiftChangeMinute') return clock(value);
  if (key === 'openHour' || key === 'closeHour') return clock(value * 60);
  const number = value.toLocaleString(undefined, { maximumFractionDigits: 6 });
  if (key === 'ratio') return `${number} ×`;
  const { unit } = thresholdText(kind, key);
  return unit ? `${number} ${unit}` : number;
}

/** The problem with a typed value, in words, or null when the core may judge it. */
export function thresholdProblem(kind: string, key: string, raw: string): string | null {
  const trimmed = raw.trim();
  const text = thresholdText(kind, key);
  if (trimmed === '' || !Number.isFinite(Number(trimmed))) return 'Enter a number.';
  const value = Number(trimmed);
  if (value < 0) return 'Enter a positive number.';
  if (value === 0 && !text.zeroAllowed) return 'Enter a number above 0.';
  if (text.whole && !Number.isInteger(value)) return 'Enter a whole number.';
  return null;
}
