import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventInput } from '../../../../shared/events';
import { binomialTail } from './chance';
import { alertId, scoreFor, severityFor } from './severity';
import { at, ruleTestStore } from './test-events';

let t: ReturnType<typeof ruleTestStore>;
beforeEach(() => {
  t = ruleTestStore();
});
afterEach(() => t.close());

const DAY = Date.UTC(2026, 0, 5);
/** A cashier's shift: `sales` sales from `startHour` (UTC), then `extra` events of another action. */
function shift(user: string, day: number, startHour: number, sales: number, extra: { action: string; n: number; details?: Record<string, unknown> }[] = []): EventInput[] {
  const start = DAY + day * 86_400_000 + startHour * 3_600_000;
  const session = `${user}-${day}-${startHour}`;
  const events: EventInput[] = [];
  const actions = [...Array.from({ length: sales }, () => ({ action: 'pos.sale', details: {} })), ...extra.flatMap((e) => Array.from({ length: e.n }, () => ({ action: e.action, details: e.details ?? {} })))];
  actions.forEach((a, i) => events.push(at(new Date(start + i * 20_000).toISOString(), { action: a.action, user_id: user, user_role: 'cashier', session_id: session, terminal_id: 'S001-T01', details: a.details })));
  return events;
}

describe('per-cashier rates against the same shift', () => {
  it('flags a cashier refunding far more than colleagues on the same shift, every refund the evidence', () => {
    for (let day = 0; day < 3; day++) {
      t.add(shift('u-101', day, 7, 150, [{ action: 'pos.refund', n: 1 }]));
      t.add(shift('u-102', day, 7, 150, [{ action: 'pos.refund', n: 2 }]));
      t.add(shift('u-104', day, 15, 150, [{ action: 'pos.refund', n: 8, details: { no_receipt: true } }]));
      t.add(shift('u-105', day, 15, 150, [{ action: 'pos.refund', n: 1 }]));
    }
    const alerts = t.detect('refund_rate');
    expect(alerts.map((a) => a.id)).toEqual(['rule:refund_rate:S001:u-104']);
    expect(alerts[0]?.evidence).toHaveLength(24);
    expect(alerts[0]?.explanation[0]).toBe("u-104 refunded 8.0 × the store's rate for the same shift (24 refunds in 450 sales; the others on the evening shift: 0.7 per 100)");
    expect(t.detect('no_receipt_refund_rate').map((a) => a.users)).toEqual([['u-104']]);
  });

  it('never makes a rate of a few events, too few sales, or what a shift’s luck explains', () => {
    t.add(shift('u-101', 0, 7, 400, [{ action: 'pos.no_sale', n: 1 }]));
    t.add(shift('u-102', 0, 7, 400, [{ action: 'pos.no_sale', n: 4 }]));
    t.add(shift('u-103', 0, 7, 100, [{ action: 'pos.no_sale', n: 12 }]));
    // u-102: 4 no-sales (under minEvents 5) at 4 × the rate; u-103: 12 in 100 sales (under minVolume 200).
    expect(t.detect('no_sale_rate')).toEqual([]);
    expect(t.detect('no_sale_rate', { minVolume: 100 }).map((a) => a.users)).toEqual([['u-103']]);
    // With 6 where colleagues did 1 in as many sales, the ratio is 6 but a binomial test of 7 events says luck could do it.
    const inS002 = (events: EventInput[]) => events.map((e) => ({ ...e, store_id: 'S002' }));
    t.add(inS002(shift('u-206', 1, 7, 400, [{ action: 'pos.discount', n: 6 }])));
    t.add(inS002(shift('u-207', 1, 7, 400, [{ action: 'pos.discount', n: 1 }])));
    expect(t.detect('discount_rate')).toEqual([]);
    expect(t.detect('discount_rate', { maxChance: 0.1 }).map((a) => a.users)).toEqual([['u-206']]);
  });

  it('compares morning with morning: a cashier normal for the evening is not flagged against a quiet morning', () => {
    t.add(shift('u-101', 0, 7, 600, [{ action: 'pos.void', n: 2 }]));
    t.add(shift('u-102', 0, 7, 600, [{ action: 'pos.void', n: 2 }]));
    t.add(shift('u-103', 0, 15, 600, [{ action: 'pos.void', n: 24 }]));
    t.add(shift('u-104', 0, 15, 600, [{ action: 'pos.void', n: 24 }]));
    expect(t.detect('line_void_rate')).toEqual([]);
    // Against the whole day they would be 3 × the rest.
    expect(t.detect('line_void_rate', { shiftChangeMinute: 1439 }).map((a) => a.users)).toEqual([['u-103'], ['u-104']]);
  });

  it('counts drawer counts off by $10 or more against the drawer counts', () => {
    for (let day = 0; day < 25; day++) {
      t.add(shift('u-101', day, 7, 1, [{ action: 'cash.over_short', n: 1 }]).map((e) => (e.action === 'cash.over_short' ? { ...e, amount_minor: day < 8 ? -1500 : -50, currency: 'USD' } : e)));
      t.add(shift('u-102', day, 7, 1, [{ action: 'cash.over_short', n: 1 }]).map((e) => (e.action === 'cash.over_short' ? { ...e, amount_minor: day === 3 ? 1200 : 0, currency: 'USD' } : e)));
    }
    const [alert] = t.detect('cash_over_short_rate', { minEvents: 3, maxChance: 0.05 });
    expect(alert).toMatchObject({ id: 'rule:cash_over_short_rate:S001:u-101', users: ['u-101'] });
    expect(alert?.evidence).toHaveLength(8);
  });
});

describe('severity, score, ids and chance', () => {
  it('steps severity up from the base at 1.5 × and 3 × the threshold', () => {
    expect([1, 1.49, 1.5, 2.9, 3, 10].map((r) => severityFor('medium', r))).toEqual(['medium', 'medium', 'high', 'high', 'critical', 'critical']);
    expect(severityFor('high', 3)).toBe('critical');
    expect([1, 2, 4].map(scoreFor)).toEqual([0, 0.5, 0.75]);
  });

  it('keeps alert ids within 64 characters and stable', () => {
    expect(alertId('rule', 'refund_rate', 'S001', 'u-104')).toBe('rule:refund_rate:S001:u-104');
    const long = alertId('rule', 'off_hours', 'S001', 'x'.repeat(120), '2026-01-20');
    expect(long).toMatch(/^rule:off_hours:[0-9a-f]{24}$/);
    expect(long).toBe(alertId('rule', 'off_hours', 'S001', 'x'.repeat(120), '2026-01-20'));
    expect(alertId('rule', 'r', 'a b/c')).toBe('rule:r:a_b_c');
  });

  it('computes binomial tails exactly enough', () => {
    expect(binomialTail(0, 10, 0.5)).toBe(1);
    expect(binomialTail(10, 10, 0.5)).toBeCloseTo(1 / 1024, 12);
    expect(binomialTail(6, 10, 0.5)).toBeCloseTo(386 / 1024, 12);
    expect(binomialTail(295, 436, 0.271)).toBeLessThan(1e-40);
    expect(binomialTail(11, 10, 0.5)).toBe(0);
  });
});
