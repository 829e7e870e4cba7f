import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelInput, ChannelName, ChannelOutput, PushedPayload, Result } from '../../../../shared/contract';
import { loginAs } from '../../accounts/test-logins';
import type { CallContext } from '../../api/router';
import { openTestCore, type TestCore } from '../../imports/test-core';
import { normalized } from '../../store/test-helpers';
import { at } from '../rules/test-events';

let t: TestCore;
const pushes: PushedPayload<'alerts.changed'>[] = [];
beforeEach(async () => {
  t = await openTestCore();
  pushes.length = 0;
  t.core.bus.subscribe((event, payload) => {
    if (event === 'alerts.changed') pushes.push(payload as PushedPayload<'alerts.changed'>);
  });
  // Six failed logins on one till in five minutes: a brute-force alert.
  t.core.store.append(normalized(Array.from({ length: 6 }, (_, i) => at(`2026-01-20T22:4${i}:00.000Z`, { action: 'auth.login', status: 'failure', terminal_id: 'S001-T03', user_id: 'admin' }))));
});
afterEach(async () => {
  await t.close();
});

async function call<C extends ChannelName>(channel: C, input: ChannelInput<C>, ctx: CallContext = t.ctx): Promise<Result<ChannelOutput<C>>> {
  return (await t.core.router.invoke(ctx, channel, input)) as Result<ChannelOutput<C>>;
}
async function ok<C extends ChannelName>(channel: C, input: ChannelInput<C>, ctx?: CallContext): Promise<ChannelOutput<C>> {
  const result = await call(channel, input, ctx);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value;
}
/** The error a call was refused with. */
async function refused<C extends ChannelName>(channel: C, input: ChannelInput<C>, ctx?: CallContext) {
  const result = await call(channel, input, ctx);
  if (result.ok) throw new Error(`${channel} was not refused`);
  return result.error;
}
const recorded = (action: string) =>
  t.core.store.db.prepare('SELECT user_id, category, resource_id, details FROM events WHERE action = ? ORDER BY seq').all(action) as { user_id: string; category: string; resource_id: string; details: string }[];

async function bruteForceAlert() {
  const run = await ok('detection.run', {});
  expect(run).toMatchObject({ state: 'completed', failure: null });
  const list = await ok('alerts.list', { rule: 'brute_force' });
  expect(list.total).toBe(1);
  return list.alerts[0] as ChannelOutput<'alerts.list'>['alerts'][number];
}

describe('alerts and cases through the router', () => {
  it('lists the alert with its evidence as seqs and event ids, and gets it with its events', async () => {
    const alert = await bruteForceAlert();
    expect(alert).toMatchObject({ source: 'rule', severity: 'high', status: 'open', caseId: null, terminals: ['S001-T03'], evidenceCount: 6 });
    const ids = t.core.store.db.prepare(`SELECT event_id FROM events WHERE seq IN (${alert.evidence.join(',')}) ORDER BY seq`).pluck().all();
    expect(alert.evidenceEventIds).toEqual(ids);
    expect(pushes.at(-1)).toMatchObject({ raised: expect.any(Number) as number, critical: [] });
    const got = await ok('alerts.get', { id: alert.id });
    expect(got.events.map((e) => e.seq)).toEqual(alert.evidence);
    expect(got.case).toBeNull();
    expect(recorded('audit.view').some((e) => e.resource_id === 'alerts.get')).toBe(true);
    expect(await refused('alerts.get', { id: 'rule:none' })).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('opens one case per alert, assigns, comments, and records each step', async () => {
    const alert = await bruteForceAlert();
    const opened = await ok('cases.open', { alertId: alert.id });
    expect(opened).toMatchObject({ title: alert.title, status: 'open', severity: 'high', assignee: null, alertIds: [alert.id], comments: [], resolution: null, updatedBy: 'admin' });
    expect((await ok('cases.open', { alertId: alert.id })).id).toBe(opened.id);
    expect((await ok('alerts.get', { id: alert.id })).alert).toMatchObject({ status: 'case', caseId: opened.id });
    const worked = await ok('cases.update', { id: opened.id, assignee: 'manager', status: 'investigating', comment: 'Checking the till camera.' });
    expect(worked).toMatchObject({ status: 'investigating', assignee: 'manager', comments: [{ author: 'admin', text: 'Checking the till camera.' }] });
    expect((await ok('cases.update', { id: opened.id, assignee: null })).assignee).toBeNull();
    expect(recorded('case.open')).toEqual([expect.objectContaining({ user_id: 'admin', category: 'intrusion_detection', resource_id: opened.id })]);
    expect(recorded('case.update').map((e) => JSON.parse(e.details) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ status: 'investigating', assignee: 'manager', comment: 'Checking the till camera.' }),
      expect.objectContaining({ assignee: null }),
    ]);
    expect(await refused('cases.update', { id: 'case-missing', status: 'open' })).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('closes the case when its alert is decided, derives the resolution, and reopens it', async () => {
    const alert = await bruteForceAlert();
    const opened = await ok('cases.open', { alertId: alert.id });
    const decided = await ok('alerts.feedback', { id: alert.id, verdict: 'false_positive', comment: 'A new cashier who forgot her PIN.' });
    expect(decided).toMatchObject({ status: 'false_positive', caseId: opened.id });
    const closed = (await ok('alerts.get', { id: alert.id })).case;
    expect(closed).toMatchObject({ status: 'closed', resolution: 'false_positive', comments: [{ text: 'False positive: A new cashier who forgot her PIN.' }] });
    expect(await refused('cases.update', { id: opened.id, status: 'investigating' })).toMatchObject({ code: 'CONFLICT' });
    expect((await ok('alerts.list', {})).total).toBe((await ok('alerts.list', { status: 'all' })).total - 1);
    expect(await ok('alerts.feedback', { id: alert.id, verdict: 'reopen' })).toMatchObject({ status: 'case' });
    expect((await ok('alerts.get', { id: alert.id })).case).toMatchObject({ status: 'open', resolution: null });
    await ok('alerts.feedback', { id: alert.id, verdict: 'resolved' });
    expect((await ok('alerts.get', { id: alert.id })).case).toMatchObject({ status: 'closed', resolution: 'resolved' });
    expect(recorded('alert.feedback').map((e) => (JSON.parse(e.details) as { verdict: string }).verdict)).toEqual(['false_positive', 'reopen', 'resolved']);
    expect(recorded('alert.feedback')[0]?.category).toBe('intrusion_detection');
    // Detection run again keeps the decision.
    await ok('detection.run', {});
    expect((await ok('alerts.get', { id: alert.id })).alert.status).toBe('resolved');
  });

  it('lets only the roles that may triage do so, and only settings:write change rules', async () => {
    const alert = await bruteForceAlert();
    const auditor = await loginAs(t.core, 'auditor');
    expect((await call('alerts.list', {}, auditor)).ok).toBe(true);
    expect(await refused('cases.open', { alertId: alert.id }, auditor)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refused('alerts.feedback', { id: alert.id, verdict: 'resolved' }, auditor)).toMatchObject({ code: 'FORBIDDEN' });
    const manager = await loginAs(t.core, 'manager');
    expect((await call('cases.open', { alertId: alert.id }, manager)).ok).toBe(true);
    expect(await refused('rules.update', { id: 'brute_force', enabled: false }, manager)).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('rules', () => {
  it('seeds every rule with its defaults, grouped, and changes thresholds as a recorded config.change', async () => {
    const rules = await ok('rules.list', {});
    expect(rules.map((r) => r.id)).toEqual([
      'brute_force', 'privilege_escalation', 'bulk_export', 'off_hours', 'refund_rate', 'no_receipt_refund_rate', 'line_void_rate',
      'post_void_rate', 'no_sale_rate', 'discount_rate', 'price_override_rate', 'cash_over_short_rate',
    ]);
    expect(rules[0]).toMatchObject({ group: 'security', enabled: true, thresholds: { minFailures: 5, windowMinutes: 10 }, updatedBy: 'system:detection' });
    expect(rules.find((r) => r.id === 'refund_rate')).toMatchObject({ group: 'loss_prevention', thresholds: { ratio: 2.5, minVolume: 200, minEvents: 5 } });
    const changed = await ok('rules.update', { id: 'brute_force', thresholds: { minFailures: 7 } });
    expect(changed).toMatchObject({ thresholds: { minFailures: 7, windowMinutes: 10 }, updatedBy: 'admin' });
    expect(recorded('config.change').filter((e) => e.resource_id === 'brute_force').map((e) => JSON.parse(e.details) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ setting: 'rules.brute_force', value: { enabled: true, thresholds: { minFailures: 7, windowMinutes: 10 } }, previous: { enabled: true, thresholds: { minFailures: 5, windowMinutes: 10 } } }),
    ]);
    // Six failures no longer make a burst.
    await ok('detection.run', {});
    expect((await ok('alerts.list', { rule: 'brute_force' })).total).toBe(0);
    expect(await refused('rules.update', { id: 'brute_force', thresholds: { minFailure: 3 } })).toMatchObject({ code: 'BAD_INPUT', fields: [{ path: 'thresholds.minFailure' }] });
    expect(await refused('rules.update', { id: 'brute_force', thresholds: { minFailures: 1 } })).toMatchObject({ code: 'BAD_INPUT' });
    expect(await refused('rules.update', { id: 'nope', enabled: false })).toMatchObject({ code: 'NOT_FOUND' });
    expect(recorded('config.change').filter((e) => e.resource_id === 'brute_force')).toHaveLength(1);
  });
});
