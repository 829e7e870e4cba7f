import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultCategory } from '../../../shared/events';
import { newSigningKey } from '../integrity/checkpoint';
import { AuditStore } from '../store';
import { tempDir } from '../store/test-helpers';
import { classOf, cutoffFor, cutoffSql, daysFor, listPolicies, setPolicy } from './policies';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1);

let tmp: ReturnType<typeof tempDir>;
let store: AuditStore;
beforeEach(() => {
  tmp = tempDir();
  store = AuditStore.open(path.join(tmp.dir, 'p.db'), { signer: { key: newSigningKey(), store: 'S001' } });
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

describe('retention policies', () => {
  it('default to standard 90 days and security 365 days', () => {
    expect(listPolicies(store.db)).toEqual([
      { name: 'standard', days: 90, kind: 'class', class: 'standard' },
      { name: 'security', days: 365, kind: 'class', class: 'security' },
    ]);
  });

  it('put access and control of the system in the security class, everything else in standard', () => {
    for (const category of ['authentication', 'iam', 'configuration', 'session', 'database', 'host', 'intrusion_detection']) expect(classOf(category)).toBe('security');
    for (const category of ['pos', 'cash', 'inventory', 'network', 'process']) expect(classOf(category)).toBe('standard');
    // The categories the ingest schema derives from actions land where one expects.
    expect(classOf(defaultCategory('auth.login'))).toBe('security');
    expect(classOf(defaultCategory('role.assign'))).toBe('security');
    expect(classOf(defaultCategory('config.change'))).toBe('security');
    expect(classOf(defaultCategory('pos.refund'))).toBe('standard');
  });

  it('let a category rule win over its class, and a class change move every category without a rule', () => {
    setPolicy(store, 'pos', 730);
    setPolicy(store, 'standard', 120);
    const policies = listPolicies(store.db);
    expect(policies.find((p) => p.name === 'pos')).toEqual({ name: 'pos', days: 730, kind: 'category', class: 'standard' });
    expect(daysFor(policies, 'pos')).toBe(730);
    expect(daysFor(policies, 'cash')).toBe(120);
    expect(daysFor(policies, 'authentication')).toBe(365);
    expect(cutoffFor(policies, 'pos', NOW)).toBe(NOW - 730 * DAY);
    expect(cutoffFor(policies, 'iam', NOW)).toBe(NOW - 365 * DAY);
    expect(cutoffFor(policies, 'inventory', NOW)).toBe(NOW - 120 * DAY);
  });

  it('give the same cutoff in SQL as in JavaScript, for every kind of category', () => {
    setPolicy(store, 'pos', 730);
    setPolicy(store, 'iam', 30);
    const policies = listPolicies(store.db);
    const { sql, params } = cutoffSql(policies, NOW);
    const select = store.db.prepare(`SELECT ${sql.replaceAll('category', '?')}`).pluck();
    for (const category of ['pos', 'iam', 'authentication', 'cash', 'process', 'host']) {
      // Each CASE operand is the category; re-bind it in place of the column.
      const bound = [category, ...params];
      expect(select.get(...bound), category).toBe(cutoffFor(policies, category, NOW));
    }
  });

  it('record every change of retention in the log itself, before it takes effect', () => {
    const before = store.log.chainHead.seq;
    expect(setPolicy(store, 'security', 400)).toEqual({ name: 'security', days: 400, previous: 365 });
    expect(setPolicy(store, 'security', 400)).toEqual({ name: 'security', days: 400, previous: 400 });
    expect(store.log.chainHead.seq).toBe(before + 1);
    const event = store.events.get(before + 1);
    expect(event).toMatchObject({ action: 'config.change', category: 'configuration', store_id: 'S001', resource_type: 'retention_policy', resource_id: 'security' });
    expect(event.details).toEqual({ setting: 'retention_days', kind: 'class', name: 'security', days: 400, previous: 365 });
    expect(store.verify().ok).toBe(true);
  });

  it('refuse names that are no category and periods that are not whole days from 1 to 36,500', () => {
    expect(() => setPolicy(store, 'POS', 10)).toThrow(/named after a class/);
    expect(() => setPolicy(store, 'pos;drop', 10)).toThrow(/named after a class/);
    for (const days of [0, -1, 1.5, 36_501, Number.NaN]) expect(() => setPolicy(store, 'pos', days)).toThrow(/whole number of days/);
    expect(listPolicies(store.db)).toHaveLength(2);
  });
});
