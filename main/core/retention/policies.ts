import { v7 } from 'uuid';
import { EventInputSchema } from '../../../shared/events';
import { AppError } from '../api/errors';
import type { Db } from '../store/database';
import type { AuditStore } from '../store';
import { accountEvent, type Actor } from '../accounts/audit-events';

/**
 * Retention policies: how many days an event stays in the database before it moves into an archive.
 * Two classes with defaults (standard 90 days, security 365), and optionally a row per category
 * (`pos` 730 for a compliance rule) that wins over its class. Key events are never archived: the
 * verifier reads the log's public keys from them.
 */
export type PolicyClass = 'standard' | 'security';

export const POLICY_CLASSES: readonly PolicyClass[] = ['standard', 'security'];

/**
 * Categories whose events are about access and control of the system itself, and what was decided
 * about the alerts that detection raised (`alert.feedback`, `case.*`: intrusion_detection).
 */
export const SECURITY_CATEGORIES: readonly string[] = ['authentication', 'iam', 'configuration', 'session', 'database', 'host', 'intrusion_detection'];

/** The defaults migration 006 seeds. */
export const DEFAULT_DAYS: Readonly<Record<PolicyClass, number>> = { standard: 90, security: 365 };

/** At most 100 years: long enough for any compliance rule, short enough to stay a date. */
export const MAX_DAYS = 36_500;

const DAY_MS = 86_400_000;
const CATEGORY = /^[a-z][a-z_]{0,31}$/;

export interface RetentionPolicy {
  name: string;
  days: number;
  /** A class's default, or a category's own rule. */
  kind: 'class' | 'category';
  /** For a category: the class it belongs to (and whose days it overrides). */
  class: PolicyClass;
}

export function classOf(category: string): PolicyClass {
  return SECURITY_CATEGORIES.includes(category) ? 'security' : 'standard';
}

/** Every policy row: the two classes first, then category rules by name. */
export function listPolicies(db: Db): RetentionPolicy[] {
  const rows = db.prepare('SELECT name, days FROM retention_policies').all() as { name: string; days: number }[];
  const days = new Map(rows.map((r) => [r.name, r.days]));
  const classes = POLICY_CLASSES.map((name): RetentionPolicy => ({ name, days: days.get(name) ?? DEFAULT_DAYS[name], kind: 'class', class: name }));
  const categories = rows
    .filter((r) => !(POLICY_CLASSES as readonly string[]).includes(r.name))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((r): RetentionPolicy => ({ name: r.name, days: r.days, kind: 'category', class: classOf(r.name) }));
  return [...classes, ...categories];
}

/** Days an event of this category is kept: its own rule, else its class's. */
export function daysFor(policies: readonly RetentionPolicy[], category: string): number {
  const own = policies.find((p) => p.kind === 'category' && p.name === category);
  if (own) return own.days;
  const cls = classOf(category);
  return policies.find((p) => p.kind === 'class' && p.name === cls)?.days ?? DEFAULT_DAYS[cls];
}

/** Events of this category older than this instant (ms) have expired at `now`. */
export function cutoffFor(policies: readonly RetentionPolicy[], category: string, now: number): number {
  return now - daysFor(policies, category) * DAY_MS;
}

/**
 * The cutoff of every category as one SQL expression over the `category` column, with its
 * parameters: the categories with a rule of their own, then the security categories, else standard.
 */
export function cutoffSql(policies: readonly RetentionPolicy[], now: number): { sql: string; params: (string | number)[] } {
  const params: (string | number)[] = [];
  const named = new Set<string>();
  let sql = 'CASE category';
  for (const category of [...policies.filter((p) => p.kind === 'category').map((p) => p.name), ...SECURITY_CATEGORIES]) {
    if (named.has(category)) continue;
    named.add(category);
    sql += ' WHEN ? THEN ?';
    params.push(category, cutoffFor(policies, category, now));
  }
  sql += ' ELSE ? END';
  params.push(now - daysFor(policies, '') * DAY_MS);
  return { sql, params };
}

export interface PolicyChange {
  name: string;
  days: number;
  previous: number | null;
}

/**
 * Sets one policy (a class or a category). A change of retention is itself an audited event
 * (`config.change`), written before the rule takes effect.
 */
/** `actor`: who changes it (the log names them); the store itself when omitted (tests, migrations). */
export function setPolicy(store: AuditStore, name: string, days: number, actor?: Actor): PolicyChange {
  if (!CATEGORY.test(name)) {
    throw new AppError('BAD_INPUT', `A retention policy is named after a class (${POLICY_CLASSES.join(', ')}) or a category such as pos, not "${name}".`);
  }
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) {
    throw new AppError('BAD_INPUT', `A retention period is a whole number of days from 1 to ${MAX_DAYS.toLocaleString('en-US')}, not ${days}.`);
  }
  const previous = (store.db.prepare('SELECT days FROM retention_policies WHERE name = ?').pluck().get(name) as number | undefined) ?? null;
  if (previous === days) return { name, days, previous };
  const kind = (POLICY_CLASSES as readonly string[]).includes(name) ? 'class' : 'category';
  const change = { action: 'config.change', resourceType: 'retention_policy', resourceId: name, details: { setting: 'retention_days', kind, name, days, previous } };
  store.append([
    actor
      ? accountEvent(store.storeId, actor, change, new Date())
      : EventInputSchema.parse({
          event_id: v7(),
          ts: new Date().toISOString(),
          store_id: store.storeId,
          action: change.action,
          resource_type: change.resourceType,
          resource_id: change.resourceId,
          details: change.details,
        }),
  ]);
  store.db.prepare('INSERT INTO retention_policies (name, days) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET days = excluded.days').run(name, days);
  return { name, days, previous };
}
