import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { at, ruleTestStore } from './test-events';

let t: ReturnType<typeof ruleTestStore>;
beforeEach(() => {
  t = ruleTestStore();
});
afterEach(() => t.close());

const failure = (ts: string, terminal: string | null, user = 'admin', ip: string | null = null) =>
  at(ts, { action: 'auth.login', status: 'failure', level: 'WARNING', terminal_id: terminal, ip_address: ip, user_id: user, error_details: 'invalid password' });

describe('brute_force', () => {
  it('needs 5 failures within 10 minutes from one source: 4 are not enough, nor 5 spread over 12 minutes', () => {
    t.add(['22:00:00', '22:01:00', '22:02:00', '22:03:00'].map((h) => failure(`2026-01-20T${h}.000Z`, 'S001-T01')));
    t.add(['22:00:00', '22:03:00', '22:06:00', '22:09:00', '22:12:00'].map((h) => failure(`2026-01-21T${h}.000Z`, 'S001-T02')));
    expect(t.detect('brute_force')).toEqual([]);
    // The same spread counts with a 15-minute window.
    expect(t.detect('brute_force', { windowMinutes: 15 }).map((a) => a.terminals)).toEqual([['S001-T02']]);
  });

  it('raises one alert per burst with its failures, the lockout after it, and the names tried', () => {
    const burst = Array.from({ length: 6 }, (_, i) => failure(`2026-01-20T22:4${i}:00.000Z`, 'S001-T03', i % 2 ? 'u-151' : 'admin'));
    t.add([...burst, at('2026-01-20T22:45:30.000Z', { action: 'auth.lockout', terminal_id: 'S001-T03', resource_id: 'S001-T03', level: 'ERROR' })]);
    t.add([failure('2026-01-20T22:42:00.000Z', 'S001-T04')]);
    const [alert, ...rest] = t.detect('brute_force');
    expect(rest).toEqual([]);
    expect(alert).toMatchObject({
      id: `rule:brute_force:S001-T03:${burst[0]?.event_id}`,
      users: ['admin', 'u-151'],
      terminals: ['S001-T03'],
      evidence: [1, 2, 3, 4, 5, 6, 7],
      from: '2026-01-20T22:40:00.000Z',
      to: '2026-01-20T22:45:30.000Z',
      severity: 'high',
    });
    expect(alert?.explanation).toContain('S001-T03 was locked afterwards (a lockout)');
  });

  it('uses the address when no terminal is named, and is critical well past the threshold', () => {
    t.add(Array.from({ length: 15 }, (_, i) => failure(`2026-01-20T03:00:${String(i * 3).padStart(2, '0')}.000Z`, null, 'admin', '192.0.2.7')));
    const [alert] = t.detect('brute_force');
    expect(alert).toMatchObject({ severity: 'critical', evidence: Array.from({ length: 15 }, (_, i) => i + 1) });
    expect(alert?.id).toMatch(/^rule:brute_force:192\.0\.2\.7:/);
  });

  it('finds a burst that straddles two runs once, under the same id', () => {
    t.add(Array.from({ length: 3 }, (_, i) => failure(`2026-01-20T22:4${i}:00.000Z`, 'S001-T03')));
    const seen = t.store.log.chainHead.seq;
    expect(t.detect('brute_force')).toEqual([]);
    t.add(Array.from({ length: 3 }, (_, i) => failure(`2026-01-20T22:4${i + 3}:00.000Z`, 'S001-T03')));
    const [alert] = t.detect('brute_force', {}, seen);
    expect(alert?.evidence).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('privilege_escalation', () => {
  const grant = (ts: string, actor: string, session = 'sess-1') =>
    at(ts, { action: 'role.assign', category: 'iam', user_id: actor, user_role: 'manager', session_id: session, terminal_id: 'S001-BO', resource_id: 'u-106', details: { role: 'manager', previous_role: 'cashier' } });

  it('flags a grant at night by someone who never administers as critical, with the session that carried it', () => {
    t.add([
      at('2026-01-12T02:11:00.000Z', { action: 'auth.login', user_id: 'u-152', session_id: 'sess-1', terminal_id: 'S001-BO' }),
      grant('2026-01-12T02:14:37.000Z', 'u-152'),
      at('2026-01-12T02:16:00.000Z', { action: 'auth.logout', user_id: 'u-152', session_id: 'sess-1', terminal_id: 'S001-BO' }),
    ]);
    const [alert] = t.detect('privilege_escalation');
    expect(alert).toMatchObject({ severity: 'critical', users: ['u-106', 'u-152'], terminals: ['S001-BO'], evidence: [1, 2, 3], title: 'u-152 granted manager to u-106 at 02:14 UTC' });
  });

  it('leaves a daytime grant by a regular administrator alone, and flags one by a newcomer as high', () => {
    t.add([
      at('2026-01-02T10:00:00.000Z', { action: 'user.update', user_id: 'u-190', resource_id: 'u-101' }),
      grant('2026-01-12T10:00:00.000Z', 'u-190', 'sess-2'),
      grant('2026-01-12T11:00:00.000Z', 'u-151', 'sess-3'),
    ]);
    const alerts = t.detect('privilege_escalation');
    expect(alerts.map((a) => [a.users, a.severity])).toEqual([[['u-106', 'u-151'], 'high']]);
  });
});

describe('off_hours and bulk_export', () => {
  const exportAt = (ts: string, rows: number, user = 'u-251') =>
    at(ts, { action: 'audit.export', store_id: 'S002', user_id: user, session_id: 's-9', terminal_id: 'S002-BO', details: { rows, format: 'csv' } });

  it('flags an export of 10,000 rows or more, critical at night and far past it, against routine exports', () => {
    t.add([exportAt('2026-01-20T10:00:00.000Z', 2666), exportAt('2026-01-20T11:00:00.000Z', 9999), exportAt('2026-01-27T01:37:12.000Z', 50_000)]);
    const alerts = t.detect('bulk_export');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ severity: 'critical', users: ['u-251'], evidence: [3], storeId: 'S002' });
    expect(alerts[0]?.explanation).toEqual([
      'u-251 exported 50,000 rows of the audit log (the rule: 10,000 or more)',
      'the largest other export at S002 within 90 days: 9,999 rows',
      'at 01:37 UTC, outside business hours',
    ]);
  });

  it('flags many looks at the log within an hour as mass access', () => {
    t.add(Array.from({ length: 61 }, (_, i) => at(`2026-01-20T10:${String(Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}.000Z`, { action: 'audit.view', user_id: 'auditor' })));
    expect(t.detect('bulk_export', { maxAccessesPerHour: 62 })).toEqual([]);
    expect(t.detect('bulk_export').map((a) => [a.id, a.evidence.length])).toEqual([['rule:bulk_export:S001:auditor:2026-01-20T10', 61]]);
  });

  it('groups off-hours activity per person and night, and leaves nights other rules explain', () => {
    t.add([
      at('2026-01-20T23:30:00.000Z', { action: 'inventory.adjust', user_id: 'u-151' }),
      at('2026-01-21T01:00:00.000Z', { action: 'report.export', user_id: 'u-151', details: { rows: 10 } }),
      at('2026-01-21T12:00:00.000Z', { action: 'pos.sale', user_id: 'u-151' }),
      at('2026-01-21T02:00:00.000Z', { action: 'config.change', user_id: 'u-190' }),
      at('2026-01-21T03:00:00.000Z', { action: 'system.start' }),
    ]);
    const alerts = t.detect('off_hours');
    expect(alerts.map((a) => [a.id, a.evidence])).toEqual([['rule:off_hours:S001:u-151:2026-01-20', [1, 2]], ['rule:off_hours:S001:u-190:2026-01-20', [4]]]);
    expect(t.detect('off_hours', {}, 0, [4]).map((a) => a.users)).toEqual([['u-151']]);
  });
});
