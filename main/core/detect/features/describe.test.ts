import { describe, expect, it } from 'vitest';
import { describeFeature, type DescribeContext } from './describe';
import type { FeatureEvent } from './feature-event';
import { COLUMN, FEATURE_COUNT, LOGIN_CAP_MINUTES, type FeatureName } from './feature-set';

const event: FeatureEvent = {
  seq: 1, tsMs: Date.UTC(2026, 0, 11, 2, 14, 37), storeId: 'S001', terminalId: 'S001-BO', userId: 'u-152', userRole: 'manager',
  sessionId: null, action: 'role.assign', category: 'iam', failed: false, ip: '10.1.1.100', amountMinor: null, currency: null,
};
const ctx: DescribeContext = { event, actor: 'u-152', usualHours: { from: 14, to: 22 }, actorAmounts: 0 };

function say(name: FeatureName, value: number, over: Partial<DescribeContext> = {}, row: Partial<Record<FeatureName, number>> = {}): string | null {
  const values = new Float64Array(FEATURE_COUNT).fill(0.5);
  for (const [k, v] of Object.entries(row)) values[COLUMN[k as FeatureName]] = v;
  values[COLUMN[name]] = value;
  return describeFeature(COLUMN[name], values, { ...ctx, ...over });
}

describe('describeFeature', () => {
  it('says the time against the usual hours, and the first time an action is done', () => {
    expect(say('actor_hour_share', 0)).toBe('at 02:14, when u-152 normally works 14:00–22:00');
    expect(say('hour', 2.2, {}, { actor_hour_share: 0 })).toBe('at 02:14, when u-152 normally works 14:00–22:00');
    expect(say('hour', 2.2, {}, { actor_hour_share: 0.4 })).toBeNull();
    expect(say('actor_action_share', 0)).toBe('first time u-152 has done role.assign');
    expect(say('store_action_share', 0.004)).toBe('role.assign is rare in this store (0.4 % of its events)');
  });

  it('says failures on the terminal in the last 10 minutes as logins when the event is one', () => {
    const login = { ...event, action: 'auth.login', terminalId: 'S001-T03' };
    expect(say('terminal_failures_10m', 12, { event: login })).toBe('12 failed logins on S001-T03 in the last 10 minutes');
    expect(say('terminal_failures_10m', 1, { event: login })).toBeNull();
  });

  it("says an amount against the cashier's own amounts for that action, in money", () => {
    const refund = { ...event, action: 'pos.refund', amountMinor: 48_000, currency: 'USD', userRole: 'cashier' };
    expect(say('amount_rank_actor', 1, { event: refund, actorAmounts: 40 })).toBe("amount $480.00, above 99 % of this cashier's refunds");
    expect(say('amount_rank_store', 0.93, { event: refund })).toBe("amount $480.00, above 93 % of the store's refunds");
    expect(say('amount_rank_actor', 1, { event: refund, actorAmounts: 2 })).toBeNull(); // too few to compare with
    expect(say('amount_rank_actor', 0.5, { event: refund, actorAmounts: 40 })).toBeNull();
  });

  it('says nothing for ordinary values, and nothing about logins for machines', () => {
    expect(say('actor_hour_share', 0.6)).toBeNull();
    expect(say('new_terminal', 0)).toBeNull();
    expect(say('new_terminal', 1)).toBe('first time u-152 has used S001-BO');
    expect(say('minutes_since_login', LOGIN_CAP_MINUTES)).toBe('no login by u-152 in the 24 hours before');
    expect(say('minutes_since_login', LOGIN_CAP_MINUTES, { event: { ...event, userId: null } })).toBeNull();
    expect(say('failed', 0)).toBeNull();
  });
});
