import { describe, expect, it } from 'vitest';
import { AmountSketch } from './amount-sketch';
import type { FeatureEvent } from './feature-event';
import { actorKey, FeatureExtractor, weekdayOf } from './feature-extractor';
import { COLUMN, FEATURE_COUNT, HISTORY_CAP, LOGIN_CAP_MINUTES, TENURE_CAP_DAYS } from './feature-set';
import { MIN_RATE_EVENTS, SlidingWindow } from './sliding-window';

/** Monday 2026-01-05 00:00 UTC. */
const MONDAY = Date.UTC(2026, 0, 5);
const MIN = 60_000;
let seq = 0;
const ev = (minutes: number, overrides: Partial<FeatureEvent> = {}): FeatureEvent => ({
  seq: ++seq, tsMs: MONDAY + minutes * MIN, storeId: 'S001', terminalId: 'S001-T01', userId: 'u-101', userRole: 'cashier',
  sessionId: 'sess-1', action: 'pos.sale', category: 'pos', failed: false, ip: '10.1.1.1', amountMinor: null, currency: null,
  ...overrides,
});
const feature = (row: Float64Array, name: keyof typeof COLUMN) => row[COLUMN[name]];

describe('SlidingWindow', () => {
  it('counts events and failures within its span of event time, evicting older ones', () => {
    const w = new SlidingWindow(10 * MIN);
    w.add(0, true);
    w.add(5 * MIN, false);
    // Two events are too few for a rate: one mistyped PIN is not a 50 % failure rate.
    expect([w.count, w.failureCount, w.failureRate]).toEqual([2, 1, 0]);
    w.add(10 * MIN + 1, true); // the first is now more than 10 minutes old
    expect([w.count, w.failureCount]).toEqual([2, 1]);
    for (let i = 0; i < MIN_RATE_EVENTS - 2; i++) w.add(10 * MIN + 2 + i, i === 0);
    expect([w.count, w.failureCount, w.failureRate]).toEqual([MIN_RATE_EVENTS, 2, 2 / MIN_RATE_EVENTS]);
    w.add(30 * MIN, false);
    expect([w.count, w.failureCount, w.failureRate]).toEqual([1, 0, 0]);
  });
});

describe('AmountSketch', () => {
  it('ranks an amount among the earlier ones (0.5 with none, 1 above all, half credit within a bin)', () => {
    const s = new AmountSketch();
    expect(s.rank(500)).toBe(0.5);
    for (const a of [100, 200, 300, 400]) s.add(a);
    expect(s.rank(48_000)).toBe(1);
    expect(s.rank(1)).toBe(0);
    expect(s.rank(100)).toBe(0.125); // alone in its bin: half of one of four
    expect(s.rank(-48_000)).toBe(1); // refunds may be negative: the size counts
  });
});

describe('FeatureExtractor', () => {
  it('has hour and weekday from the event time (UTC, Monday 0)', () => {
    const x = new FeatureExtractor();
    const row = x.row(ev(14 * 60 + 30 + 6 * 24 * 60)); // Sunday 14:30
    expect(feature(row, 'hour')).toBe(14.5);
    expect(feature(row, 'weekday')).toBe(6);
    expect(weekdayOf(Date.UTC(1970, 0, 1))).toBe(3);
  });

  it("measures the user's usual hours: the share of earlier events within an hour of this one", () => {
    const x = new FeatureExtractor();
    for (let i = 0; i < 30; i++) x.row(ev(i * 24 * 60 + 15 * 60)); // 15:00 every day
    expect(feature(x.row(ev(31 * 24 * 60 + 16 * 60)), 'actor_hour_share')).toBe(1);
    expect(feature(x.row(ev(32 * 24 * 60 + 2 * 60 + 14)), 'actor_hour_share')).toBe(0);
    expect(x.usualHours('u-101')).toEqual({ from: 15, to: 16 }); // 30 of 32 events fall in 15:00–16:00
    expect(feature(x.row(ev(33 * 24 * 60, { userId: 'u-999' })), 'actor_history')).toBe(0);
    // 33 days since u-101 was first seen: established by time, though 32 events are few.
    expect(feature(x.row(ev(33 * 24 * 60 + 1)), 'actor_history')).toBe(1);
  });

  it('counts an actor as established by its events or by the days since it was first seen, whichever is further', () => {
    const x = new FeatureExtractor();
    const till = { userId: null, terminalId: 'S001-T02', action: 'system.start' };
    // A till's own events: one start-up a day.
    for (let day = 0; day < 7; day++) x.row(ev(day * 24 * 60 + 6 * 60, till));
    expect(feature(x.row(ev(7 * 24 * 60 + 6 * 60, till)), 'actor_history')).toBeCloseTo(7 / TENURE_CAP_DAYS, 10);
    for (let day = 8; day < 20; day++) x.row(ev(day * 24 * 60 + 6 * 60, till));
    expect(feature(x.row(ev(20 * 24 * 60 + 6 * 60, till)), 'actor_history')).toBe(1);
    // A busy cashier on their first day: established by count.
    for (let i = 0; i < HISTORY_CAP; i++) x.row(ev(40 * 24 * 60 + i, { userId: 'u-777' }));
    expect(feature(x.row(ev(40 * 24 * 60 + HISTORY_CAP, { userId: 'u-777' })), 'actor_history')).toBe(1);
    expect(feature(x.row(ev(40 * 24 * 60 + 5, { userId: 'u-778' })), 'actor_history')).toBe(0);
  });

  it('counts the user and terminal events and failures over 10 minutes and an hour', () => {
    const x = new FeatureExtractor();
    x.row(ev(0, { failed: true, action: 'auth.login' }));
    x.row(ev(20, { userId: 'u-102', failed: true, action: 'auth.login' }));
    let row = x.row(ev(25, { failed: false }));
    expect(feature(row, 'actor_events_10m')).toBe(1); // u-101's login was 25 minutes ago
    expect(feature(row, 'actor_failure_rate_1h')).toBe(0); // 2 events: too few for a rate
    expect(feature(row, 'terminal_events_10m')).toBe(2);
    expect(feature(row, 'terminal_failures_10m')).toBe(1);
    expect(feature(row, 'terminal_failure_rate_1h')).toBe(0); // 3 events
    x.row(ev(26, { failed: true }));
    x.row(ev(27));
    row = x.row(ev(28));
    expect(feature(row, 'actor_failure_rate_1h')).toBe(2 / 5); // u-101: 5 events, 2 failed
    expect(feature(row, 'terminal_failure_rate_1h')).toBe(3 / 6);
    expect(feature(x.row(ev(26, { terminalId: null })), 'terminal_events_10m')).toBe(0);
  });

  it('measures how rare the action is for the user and for the store (0: never done before)', () => {
    const x = new FeatureExtractor();
    for (let i = 0; i < 9; i++) x.row(ev(i));
    x.row(ev(9, { userId: 'u-102', action: 'role.assign' }));
    expect(feature(x.row(ev(10, { action: 'role.assign' })), 'actor_action_share')).toBe(0);
    expect(feature(x.row(ev(11, { action: 'role.assign' })), 'actor_action_share')).toBe(1 / 10);
    const store = x.row(ev(12, { action: 'pos.refund' }));
    expect(feature(store, 'store_action_share')).toBe(0);
    expect(feature(x.row(ev(13, { action: 'role.assign' })), 'store_action_share')).toBe(3 / 13);
  });

  it("ranks the amount against the user's and the store's amounts for the same action", () => {
    const x = new FeatureExtractor();
    for (let i = 0; i < 10; i++) x.row(ev(i, { action: 'pos.refund', amountMinor: 1000 }));
    for (let i = 0; i < 10; i++) x.row(ev(i, { userId: 'u-102', action: 'pos.refund', amountMinor: 100_000 }));
    const big = x.row(ev(20, { action: 'pos.refund', amountMinor: 48_000 }));
    expect(feature(big, 'amount_rank_actor')).toBe(1);
    expect(feature(big, 'amount_rank_store')).toBe(0.5);
    expect(feature(x.row(ev(21, { action: 'pos.sale', amountMinor: 48_000 })), 'amount_rank_actor')).toBe(0.5); // no sales yet
    expect(feature(x.row(ev(22)), 'amount_rank_store')).toBe(0.5); // no amount
  });

  it("marks a terminal or address new to the user, never to a machine acting as itself", () => {
    const x = new FeatureExtractor();
    expect(feature(x.row(ev(0)), 'new_terminal')).toBe(1);
    expect(feature(x.row(ev(1)), 'new_terminal')).toBe(0);
    const moved = x.row(ev(2, { terminalId: 'S001-BO', ip: '10.1.1.100' }));
    expect([feature(moved, 'new_terminal'), feature(moved, 'new_address')]).toEqual([1, 1]);
    expect(feature(x.row(ev(3, { ip: '10.1.1.100' })), 'new_address')).toBe(0);
    expect(feature(x.row(ev(4, { userId: null, terminalId: 'S001-T09' })), 'new_terminal')).toBe(0);
  });

  it('measures minutes since the session (or else the user) logged in, capped at a day', () => {
    const x = new FeatureExtractor();
    expect(feature(x.row(ev(0)), 'minutes_since_login')).toBe(LOGIN_CAP_MINUTES);
    expect(feature(x.row(ev(10, { action: 'auth.login' })), 'minutes_since_login')).toBe(0);
    expect(feature(x.row(ev(55)), 'minutes_since_login')).toBe(45);
    expect(feature(x.row(ev(70, { sessionId: 'other' })), 'minutes_since_login')).toBe(60); // the user's last login
    x.row(ev(80, { action: 'auth.login', failed: true }));
    expect(feature(x.row(ev(90)), 'minutes_since_login')).toBe(80); // a failed login is no login
    expect(feature(x.row(ev(3000)), 'minutes_since_login')).toBe(LOGIN_CAP_MINUTES);
    expect(feature(x.row(ev(3001, { failed: true })), 'failed')).toBe(1);
  });

  it('is deterministic and writes exactly one row per event', () => {
    const events = Array.from({ length: 50 }, (_, i) => ev(i * 7, { failed: i % 5 === 0, amountMinor: i * 10, action: i % 3 ? 'pos.sale' : 'pos.refund' }));
    const run = () => {
      const x = new FeatureExtractor();
      const out = new Float64Array(events.length * FEATURE_COUNT + 1).fill(-7);
      events.forEach((e, i) => x.push(e, out, i * FEATURE_COUNT));
      return out;
    };
    const first = run();
    expect(run()).toEqual(first);
    expect(first[events.length * FEATURE_COUNT]).toBe(-7);
    expect(first.subarray(0, events.length * FEATURE_COUNT).every(Number.isFinite)).toBe(true);
  });

  it('attributes machine events to their terminal, or to the store', () => {
    expect(actorKey({ userId: null, terminalId: 'S001-T01', storeId: 'S001' })).toBe('@S001-T01');
    expect(actorKey({ userId: null, terminalId: null, storeId: 'S001' })).toBe('@S001');
    expect(actorKey({ userId: 'u-1', terminalId: 'S001-T01', storeId: 'S001' })).toBe('u-1');
  });
});
