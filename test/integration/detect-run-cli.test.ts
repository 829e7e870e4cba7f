import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/contract/alert-channels';
import { DEMO_ADMIN, DEMO_USERS } from '../../main/core/demo/demo-users';
import { tempDir } from '../../main/core/store/test-helpers';

/**
 * `watchdog detect-run` and `watchdog alerts` as a user runs them: the built CLI on a demo store
 * (which runs detection once as it loads), logged in through the keychain like any command.
 */
const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'bin', 'watchdog.cjs');
const run = (user: { name: string; password: string }, ...args: string[]) => {
  const env = { ...process.env, WATCHDOG_DB: '', WATCHDOG_RECOVERY_KEY: '', WATCHDOG_USER: user.name, WATCHDOG_PASSWORD: user.password };
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};
const admin = { name: DEMO_ADMIN.name, password: DEMO_ADMIN.password };
const demoUser = (name: string) => {
  const user = DEMO_USERS.find((u) => u.name === name);
  if (!user) throw new Error(`no demo user ${name}`);
  return { name: user.name, password: user.password };
};

let tmp: ReturnType<typeof tempDir>;
let db: string;
beforeAll(() => {
  if (!fs.existsSync(path.join(root, 'out', 'main', 'cli.cjs'))) throw new Error('Build first: npm run build');
  tmp = tempDir('watchdog-detect-run-cli-');
  db = path.join(tmp.dir, 'demo.db');
  const started = Date.now();
  const demo = run(admin, 'demo', '--db', db, '--end', '2026-02-01');
  expect(demo.code, demo.stderr).toBe(0);
  console.log(`watchdog demo (90 days × 2 stores, with its detection run): ${Date.now() - started} ms`);
}, 180_000);
afterAll(() => tmp.cleanup());

describe('watchdog alerts and detect-run', { timeout: 120_000 }, () => {
  it('lists the demo’s alerts as JSON: every planted story, with evidence seqs and event ids', () => {
    const listed = run(admin, 'alerts', '--db', db, '--json', '--limit', '500');
    expect(listed.code, listed.stderr).toBe(0);
    const alerts = JSON.parse(listed.stdout) as Alert[];
    const rules = alerts.filter((a) => a.source === 'rule');
    const find = (rule: string, user: string) => rules.find((a) => a.rule === rule && a.users.includes(user));
    expect(find('refund_rate', 'u-104')).toMatchObject({ id: 'rule:refund_rate:S001:u-104', storeId: 'S001' });
    expect(find('brute_force', 'admin')).toMatchObject({ terminals: ['S001-T03'], evidenceCount: 13, severity: 'critical' });
    expect(find('privilege_escalation', 'u-152')).toMatchObject({ users: ['u-106', 'u-152'], terminals: ['S001-BO'] });
    expect(find('bulk_export', 'u-251')).toMatchObject({ storeId: 'S002', terminals: ['S002-BO'] });
    expect(find('no_sale_rate', 'u-203')).toMatchObject({ id: 'rule:no_sale_rate:S002:u-203' });
    for (const alert of alerts) {
      expect(alert.evidenceEventIds).toHaveLength(alert.evidence.length);
      expect(alert.evidenceEventIds?.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id))).toBe(true);
      expect(alert.explanation.length).toBeGreaterThan(0);
    }
    console.log(`alerts on the demo: ${rules.length} from rules, ${alerts.length - rules.length} from the model`);
  });

  it('prints each alert with detector, severity, score, people, tills, evidence and why; filters by severity', () => {
    const text = run(admin, 'alerts', '--db', db, '--rule', 'bulk_export');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^CRITICAL +score 0\.\d\d {2}rule bulk_export {2}S002 {2}open {2}rule:bulk_export:[0-9a-f-]{36}$/m);
    expect(text.stdout).toMatch(/^ {2}u-251 exported 50,000 rows at 01:37 UTC$/m);
    expect(text.stdout).toMatch(/^ {2}users: u-251 {3}terminals: S002-BO {3}from 2026-01-27T01:33/m);
    expect(text.stdout).toMatch(/^ {2}evidence seqs: \d+(, \d+)*$/m);
    expect(text.stdout).toMatch(/^ {2}evidence event ids: [0-9a-f-]{36}/m);
    expect(text.stdout).toMatch(/^ {2}- u-251 exported 50,000 rows of the audit log \(the rule: 10,000 or more\)$/m);
    const critical = run(admin, 'alerts', '--db', db, '--severity', 'critical', '--json');
    expect((JSON.parse(critical.stdout) as Alert[]).every((a) => a.severity === 'critical')).toBe(true);
    expect(run(admin, 'alerts', '--db', db, '--status', 'dismissed').code).toBe(2);
  });

  it('runs detection again over only what is new, raising nothing twice', () => {
    const list = () => JSON.parse(run(admin, 'alerts', '--db', db, '--json', '--status', 'all', '--limit', '500').stdout) as Alert[];
    const before = list();
    // What is new since the first run are this test's own commands (logins, looks at the log), at
    // today's time: the model may find those unusual, and at night the off-hours rule adds them to
    // that night's alert; but nothing it had looked at is raised or changed again.
    const since = new Date(Date.now() - 60_000).toISOString();
    const again = run(admin, 'detect-run', '--db', db);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^Detection looked at \d+ events in \d+\.\d s: \d+ alerts? raised, \d+ updated \(model: .+\)\. [\d,]+ alerts wait for a decision; list them with watchdog alerts\.$/m);
    const started = Date.now();
    const json = JSON.parse(run(admin, 'detect-run', '--db', db, '--json').stdout) as { state: string; alertsRaised: number; alertsUpdated: number; elapsedMs: number; total: number };
    expect(json).toMatchObject({ state: 'completed' });
    console.log(`watchdog detect-run over ${json.total} new events: the run ${json.elapsedMs} ms, the command ${Date.now() - started} ms`);
    const after = list();
    const known = new Set(before.map((a) => a.id));
    expect(after.filter((a) => known.has(a.id))).toHaveLength(before.length);
    const added = after.filter((a) => !known.has(a.id));
    for (const alert of added) expect({ id: alert.id, recent: alert.from >= since }).toEqual({ id: alert.id, recent: true });
    // An alert that changed did so because of the new events: its evidence now reaches them.
    const earlier = new Map(before.map((a) => [a.id, JSON.stringify(a)]));
    const changed = after.filter((a) => earlier.has(a.id) && earlier.get(a.id) !== JSON.stringify(a));
    for (const alert of changed) expect({ id: alert.id, recent: alert.to >= since }).toEqual({ id: alert.id, recent: true });
    expect(new Set(after.map((a) => a.id)).size).toBe(after.length);
  });

  it('refuses a run to a role without alerts:triage, and the list to one without audit:read', () => {
    const auditor = run(demoUser('auditor'), 'detect-run', '--db', db);
    expect(auditor.code).toBe(1);
    expect(auditor.stderr).toMatch(/needs the alerts:triage permission/);
    expect(run(demoUser('auditor'), 'alerts', '--db', db).code).toBe(0);
    const clerk = run(demoUser('clerk'), 'alerts', '--db', db);
    expect(clerk.code).toBe(1);
    expect(clerk.stderr).toMatch(/needs the audit:read permission/);
  });
});
