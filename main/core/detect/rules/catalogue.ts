import { bruteForce } from './brute-force';
import { bulkExport } from './bulk-export';
import { cashierRate, RATE_KINDS } from './cashier-rates';
import { offHoursActivity } from './off-hours';
import { privilegeEscalation } from './privilege-escalation';
import type { RuleDefinition, RuleEvaluator } from './types';

const HOURS = { openHour: [0, 23], closeHour: [1, 24] } as const;
const BUSINESS_HOURS = { openHour: 6, closeHour: 23 } as const;

const RATE_DEFAULTS: Record<string, number> = { ratio: 2.5, minVolume: 200, minEvents: 5, maxChance: 0.001, windowDays: 90, shiftChangeMinute: 855 };
const RATE_LIMITS: Record<string, readonly [number, number]> = {
  ratio: [1.1, 100], minVolume: [1, 1_000_000], minEvents: [2, 100_000], maxChance: [0, 1], windowDays: [1, 3660], shiftChangeMinute: [0, 1439],
};

/**
 * Every detection rule, in the order a run applies them (security first, so off-hours activity can
 * leave to the others what they already explain). `id` of its alertRules document = `kind`.
 */
export const RULES: readonly (RuleDefinition & { evaluate: RuleEvaluator })[] = [
  {
    kind: 'brute_force', name: 'Brute-force logins', group: 'security',
    description: 'Many failed logins in a short time from one till or address: someone guessing passwords.',
    defaults: { minFailures: 5, windowMinutes: 10 }, limits: { minFailures: [2, 1000], windowMinutes: [1, 1440] },
    evaluate: bruteForce,
  },
  {
    kind: 'privilege_escalation', name: 'Privilege escalation', group: 'security',
    description: 'A role granted outside business hours, or by someone who does no administration otherwise.',
    defaults: { ...BUSINESS_HOURS, baselineDays: 90, minPriorAdminActions: 1 },
    limits: { ...HOURS, baselineDays: [1, 3660], minPriorAdminActions: [0, 1000] },
    evaluate: privilegeEscalation,
  },
  {
    kind: 'bulk_export', name: 'Bulk export or mass data access', group: 'security',
    description: 'An export of many rows, or many looks at the log within an hour: data being taken out.',
    defaults: { maxRows: 10_000, maxAccessesPerHour: 60, ...BUSINESS_HOURS },
    limits: { maxRows: [1, 100_000_000], maxAccessesPerHour: [2, 100_000], ...HOURS },
    evaluate: bulkExport,
  },
  {
    kind: 'off_hours', name: 'Off-hours activity', group: 'security',
    description: 'Someone working outside business hours (times in UTC).',
    defaults: { ...BUSINESS_HOURS, minEvents: 1 }, limits: { ...HOURS, minEvents: [1, 100_000] },
    evaluate: offHoursActivity,
  },
  ...RATE_KINDS.map((rate): RuleDefinition & { evaluate: RuleEvaluator } => ({
    kind: rate.kind,
    name: rate.name,
    group: 'loss_prevention',
    description: `How often a cashier ${rate.verb}, per ${rate.denominator === 'sales' ? 'sale' : 'drawer count'}, against the store's rate for the same shift.`,
    defaults: rate.kind === 'cash_over_short_rate' ? { ...RATE_DEFAULTS, minVolume: 20, overShortMinor: 1000 } : RATE_DEFAULTS,
    limits: rate.kind === 'cash_over_short_rate' ? { ...RATE_LIMITS, overShortMinor: [1, 100_000_000] } : RATE_LIMITS,
    evaluate: cashierRate(rate),
  })),
];

export const RULE_KINDS = RULES.map((r) => r.kind);

export function ruleDefinition(kind: string): (typeof RULES)[number] | undefined {
  return RULES.find((r) => r.kind === kind);
}
