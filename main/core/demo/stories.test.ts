import { describe, expect, it } from 'vitest';
import type { EventInput } from '../../../shared/events';
import { DEMO_STORIES, DEMO_STORY_IDS, demoStories, type DemoOptions, type ResolvedDemoStory } from './index';
import { DEMO_END, collectDemo, rateRatios } from './testing';

const OPTIONS: DemoOptions = { days: 90, stores: 2, seed: 1, end: DEMO_END };
const run = collectDemo(OPTIONS);
const stories = demoStories(OPTIONS);
const DAY = 86_400_000;

function field(e: EventInput, key: string): unknown {
  if (key.startsWith('details.')) return (e.details as Record<string, unknown> | undefined)?.[key.slice(8)];
  return (e as Record<string, unknown>)[key];
}

function evidenceOf(story: ResolvedDemoStory, events: readonly EventInput[]): EventInput[][] {
  return story.evidence.map((rule) =>
    events.filter(
      (e) =>
        e.action === rule.action &&
        String(e.ts) >= rule.from &&
        String(e.ts) < rule.to &&
        Object.entries(rule.where).every(([k, v]) => field(e, k) === v),
    ),
  );
}

function story(id: string, list = stories): ResolvedDemoStory {
  const found = list.find((s) => s.id === id);
  if (found === undefined) throw new Error(`no story ${id}`);
  return found;
}

function dateBeforeEnd(days: number): string {
  return new Date(DEMO_END.getTime() - days * DAY).toISOString().slice(0, 10);
}

describe('90 days × 2 stores', () => {
  // Its speed is the benchmark's to report (npm run bench), not a test's: the machines are shared.
  it('generates a plausible volume', () => {
    console.info(`demo 90 days × 2 stores: ${run.events.length} events in ${Math.round(run.elapsedMs)} ms`);
    expect(run.events.length).toBeGreaterThan(60_000);
    expect(run.events.length).toBeLessThan(150_000);
  });

  it('keeps exception rates within the documented ranges', () => {
    const count = (action: string) => run.events.filter((e) => e.action === action).length;
    const sales = count('pos.sale');
    const rate = (action: string) => count(action) / sales;
    expect(rate('pos.void')).toBeGreaterThan(0.01);
    expect(rate('pos.void')).toBeLessThan(0.025);
    expect(rate('pos.post_void')).toBeGreaterThan(0.001);
    expect(rate('pos.post_void')).toBeLessThan(0.004);
    expect(rate('pos.refund')).toBeGreaterThan(0.008);
    expect(rate('pos.refund')).toBeLessThan(0.02);
    expect(rate('pos.no_sale')).toBeGreaterThan(0.003);
    expect(rate('pos.no_sale')).toBeLessThan(0.012);
    expect(rate('pos.discount')).toBeGreaterThan(0.02);
    expect(rate('pos.discount')).toBeLessThan(0.04);
    expect(rate('pos.price_override')).toBeGreaterThan(0.002);
    expect(rate('pos.price_override')).toBeLessThan(0.007);
    const logins = run.events.filter((e) => e.action === 'auth.login' && e.terminal_id !== 'S001-T03');
    const failed = logins.filter((e) => e.status === 'failure').length / logins.length;
    expect(failed).toBeGreaterThan(0.01);
    expect(failed).toBeLessThan(0.06);
  });

  it('keeps every session under 8 hours and every cashier event inside its session', () => {
    const bounds = new Map<string, { login: number; logout: number }>();
    for (const e of run.events) {
      if (e.session_id == null) continue;
      const ms = Date.parse(String(e.ts));
      if (e.action === 'auth.login') bounds.set(e.session_id, { login: ms, logout: Infinity });
      if (e.action === 'auth.logout') {
        const b = bounds.get(e.session_id);
        if (b) b.logout = ms;
      }
    }
    const problems: string[] = [];
    for (const [id, b] of bounds) if (!(b.logout - b.login <= 8 * 3_600_000)) problems.push(`${id} lasts ${b.logout - b.login}`);
    for (const e of run.events) {
      if (e.user_role !== 'cashier') continue;
      const b = e.session_id == null ? undefined : bounds.get(e.session_id);
      const ms = Date.parse(String(e.ts));
      if (!b || ms < b.login || ms > b.logout) problems.push(`${e.action} ${e.event_id} outside its session`);
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });
});

describe('planted stories', () => {
  it('lists the same stable ids everywhere', () => {
    expect(DEMO_STORIES.map((s) => s.id)).toEqual([...DEMO_STORY_IDS]);
    expect(stories.map((s) => s.id)).toEqual([...DEMO_STORY_IDS]);
  });

  it('finds evidence for every rule of every story in its stated window', () => {
    for (const s of stories) {
      evidenceOf(s, run.events).forEach((found, i) => expect(found.length, `${s.id} rule ${i}`).toBeGreaterThan(0));
    }
  });

  it('1: u-104 refunds at ≥ 2.5 × the S001 rate, others stay under 1.6 ×, with no-receipt refunds', () => {
    const ratios = rateRatios(run.events, 'S001', 'pos.refund');
    expect(ratios.get('u-104')).toBeGreaterThanOrEqual(2.5);
    for (const [user, ratio] of ratios) if (user !== 'u-104') expect(ratio, user).toBeLessThan(1.6);
    const [, noReceipt] = evidenceOf(story('refund-abuse'), run.events);
    expect(noReceipt?.length).toBeGreaterThanOrEqual(10);
    for (const e of noReceipt ?? []) expect(e.amount_minor).toBeLessThan(2500);
  });

  it('2: 12 failed logins on S001-T03 within 4 minutes, 12 days before end, then a lockout', () => {
    const date = dateBeforeEnd(12);
    const failures = run.events.filter(
      (e) => e.action === 'auth.login' && e.status === 'failure' && e.terminal_id === 'S001-T03' && String(e.ts).startsWith(date),
    );
    expect(failures).toHaveLength(12);
    const times = failures.map((e) => Date.parse(String(e.ts)));
    expect((times.at(-1) as number) - (times[0] as number)).toBeLessThanOrEqual(4 * 60_000);
    expect(String(failures[0]?.ts).slice(11, 16)).toBe('22:47');
    expect(new Set(failures.map((e) => e.user_id))).toEqual(new Set(['admin', 'u-151']));
    for (const e of failures) expect(e.error_details).toBe('invalid password');
    const lockouts = run.events.filter((e) => e.action === 'auth.lockout');
    expect(lockouts).toHaveLength(1);
    expect(Date.parse(String(lockouts[0]?.ts))).toBeGreaterThan(times.at(-1) as number);
    expect(lockouts[0]?.terminal_id).toBe('S001-T03');
  });

  it('3: role.assign at 02:14, 20 days before end, by a manager who never otherwise does admin work', () => {
    const assigns = run.events.filter((e) => e.action.startsWith('role.'));
    expect(assigns).toHaveLength(1);
    const [grant] = assigns;
    expect(grant?.ts).toMatch(new RegExp(`^${dateBeforeEnd(20)}T02:14:`));
    expect(grant).toMatchObject({ user_id: 'u-152', user_role: 'manager', category: 'iam', level: 'WARNING', resource_id: 'u-106' });
    expect(grant?.details).toMatchObject({ role: 'manager', previous_role: 'cashier' });
    const adminWork = run.events.filter(
      (e) => e.user_id === 'u-152' && (e.action === 'config.change' || e.action.startsWith('user.') || e.action.startsWith('role.')),
    );
    expect(adminWork).toEqual([grant]);
    expect(run.events.some((e) => e.action === 'config.change' && e.user_id === 'u-190')).toBe(true);
  });

  it('4: a 50,000-row export at night 5 days before end, far above routine exports', () => {
    const exports = run.events.filter((e) => e.action === 'audit.export' || e.action === 'report.export');
    const rows = (e: EventInput) => Number((e.details as { rows?: number }).rows ?? 0);
    const bulk = exports.filter((e) => rows(e) >= 10_000);
    expect(bulk).toHaveLength(1);
    expect(bulk[0]).toMatchObject({ action: 'audit.export', user_id: 'u-251', user_role: 'manager', store_id: 'S002' });
    expect(bulk[0]?.ts).toMatch(new RegExp(`^${dateBeforeEnd(5)}T01:37:`));
    expect(bulk[0]?.details).toMatchObject({ rows: 50_000, format: 'csv' });
    expect(Math.max(...exports.filter((e) => e !== bulk[0]).map(rows))).toBeLessThan(5_000);
  });

  it('5: u-203 opens the drawer without a sale at ≥ 2.5 × the S002 rate', () => {
    const ratios = rateRatios(run.events, 'S002', 'pos.no_sale');
    expect(ratios.get('u-203')).toBeGreaterThanOrEqual(2.5);
    for (const [user, ratio] of ratios) if (user !== 'u-203') expect(ratio, user).toBeLessThan(1.6);
  });
});

describe('stories in short and small runs', () => {
  it('clamps dated stories into a 14-day range', () => {
    const options = { ...OPTIONS, days: 14 };
    const short = collectDemo(options);
    const list = demoStories(options);
    for (const s of list) {
      evidenceOf(s, short.events).forEach((found, i) => expect(found.length, `${s.id} rule ${i}`).toBeGreaterThan(0));
    }
    const grant = short.events.find((e) => e.action === 'role.assign');
    expect(grant?.ts).toMatch(new RegExp(`^${dateBeforeEnd(14)}T02:14:`));
    expect(rateRatios(short.events, 'S001', 'pos.refund').get('u-104')).toBeGreaterThan(2);
  });

  it('moves the S002 stories to S001 in a one-store demo', () => {
    const options = { ...OPTIONS, days: 14, stores: 1 };
    const single = collectDemo(options);
    const list = demoStories(options);
    expect(story('bulk-export', list)).toMatchObject({ store_id: 'S001', user_ids: ['u-151'] });
    expect(story('no-sale-drawer', list)).toMatchObject({ store_id: 'S001', user_ids: ['u-105'] });
    for (const s of list) {
      evidenceOf(s, single.events).forEach((found, i) => expect(found.length, `${s.id} rule ${i}`).toBeGreaterThan(0));
    }
  });
});
