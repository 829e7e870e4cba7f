import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../shared/events';
import { DEMO_ADMIN } from '../../main/core/demo/demo-users';
import { tempDir } from '../../main/core/store/test-helpers';

/**
 * The built CLI on a demo store: retention policies, archiving, and reading and verifying the archives,
 * as the demo administrator (`watchdog demo` sets a new database up with it).
 */
const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'bin', 'watchdog.cjs');
const run = (...args: string[]) => {
  const env = { ...process.env, WATCHDOG_DB: '', WATCHDOG_RECOVERY_KEY: '', WATCHDOG_USER: DEMO_ADMIN.name, WATCHDOG_PASSWORD: DEMO_ADMIN.password };
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};
/** The demo's own events: the log also holds its key, setup, and every run's login and look, all from today. */
const demoOnly = (events: StoredEvent[]) => events.filter((e) => e.ts < '2026-02-01T00:00:00.000Z');

let tmp: ReturnType<typeof tempDir>;
let db: string;
/** Every event of the demo, newest first, before anything was archived. */
let before: StoredEvent[];
beforeAll(() => {
  if (!fs.existsSync(path.join(root, 'out', 'main', 'cli.cjs'))) throw new Error('Build first: npm run build');
  tmp = tempDir();
  db = path.join(tmp.dir, 'demo.db');
  const demo = run('demo', '--db', db, '--days', '14', '--stores', '2', '--seed', '3', '--end', '2026-02-01');
  expect(demo.code, demo.stderr).toBe(0);
  before = demoOnly(JSON.parse(run('events', '--db', db, '--limit', '100000', '--json').stdout) as StoredEvent[]);
  expect(before.length).toBeGreaterThan(10_000);
}, 120_000);
afterAll(() => tmp.cleanup());

// Each step starts the CLI afresh (a few seconds each on a busy 2-core machine), hence the long timeout.
describe('watchdog retention and archive', { timeout: 120_000 }, () => {
  it('have --help', () => {
    for (const command of ['retention', 'archive']) expect(run(command, '--help')).toMatchObject({ code: 0, stdout: expect.stringMatching(/Usage: watchdog/) });
    expect(run('events', '--help').stdout).toMatch(/--include-archives/);
    expect(run('verify', '--help').stdout).toMatch(/--archive <dir>/);
  });

  it('show the policies, set them (exit 2 on a bad setting) and record the change in the log', () => {
    const shown = run('retention', '--db', db);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/standard\s+90\s+every other category/);
    expect(shown.stdout).toMatch(/security\s+365\s+categories authentication, iam, configuration, session, database, host/);
    expect(run('retention', '--db', db, '--set', 'pos').code).toBe(2);
    expect(run('retention', '--db', db, '--set', 'pos=0').code).toBe(2);
    const set = run('retention', '--db', db, '--set', 'inventory=730');
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toMatch(/inventory: default of its class → 730 days \(recorded in the log\)/);
    expect(set.stdout).toMatch(/inventory\s+730\s+category inventory/);
    const changes = JSON.parse(run('events', '--db', db, '--action', 'config.change', '--limit', '1', '--json').stdout) as StoredEvent[];
    expect(changes[0]).toMatchObject({ user_id: DEMO_ADMIN.name, user_role: 'admin', resource_type: 'retention_policy', details: { setting: 'retention_days', name: 'inventory', days: 730 } });
  });

  it('archive the expired events, report the compression ratio, and verify with and without the archive', () => {
    const archived = run('archive', '--db', db, '--now', '2026-06-01T00:00:00Z');
    expect(archived.code, archived.stderr).toBe(0);
    expect(archived.stdout).toMatch(/Archived [\d,]+ events into 1 segment in .*archives/);
    const ratio = Number(/Compression ratio: ([\d.]+) %/.exec(archived.stdout)?.[1]);
    expect(ratio).toBeGreaterThan(0);
    expect(ratio).toBeLessThanOrEqual(20);
    expect(fs.readdirSync(path.join(tmp.dir, 'archives')).filter((f) => f.endsWith('.jsonl.br'))).toHaveLength(1);
    expect(run('archive', '--db', db, '--now', '2026-06-01T00:00:00Z').stdout).toMatch(/Nothing to archive/);
    expect(run('archive', '--db', db, '--now', 'June').code).toBe(2);

    const plain = run('verify', '--db', db);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/^OK: checkpoints \d+\/\d+ valid, events [\d,]+\/[\d,]+ valid \([\d,]+ in 1 archive, not checked\)/m);
    expect(plain.stdout).toMatch(/add --archive DIR to check the archive files too/);
    const checked = run('verify', '--db', db, '--archive', path.join(tmp.dir, 'archives'));
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stdout).toMatch(/^OK: .*in 1 archive, checked\)/m);
    expect(run('verify', '--db', db, '--archive', path.join(tmp.dir, 'nowhere'))).toMatchObject({ code: 1, stderr: expect.stringMatching(/archive_missing/) });
  });

  it('list archived events with --include-archives, as they were, with a note that archives were read', () => {
    const kept = demoOnly(JSON.parse(run('events', '--db', db, '--limit', '100000', '--json').stdout) as StoredEvent[]);
    expect(kept.length).toBeLessThan(before.length / 2);
    const all = run('events', '--db', db, '--include-archives', '--limit', '100000', '--json');
    expect(all.code, all.stderr).toBe(0);
    expect(all.stderr).toMatch(/Read [\d,]+ archived events from 1 of 1 segments in .*archives \([\d.]+ s: archives are read in full/);
    const events = JSON.parse(all.stdout) as StoredEvent[];
    // Everything the demo wrote, as it was (the rest is today's: setup, logins, looks, the retention change).
    expect(demoOnly(events)).toEqual(before);
    // Filters apply to archived events as to the database's.
    const refunds = JSON.parse(run('events', '--db', db, '--include-archives', '--action', 'pos.refund', '--store', 'S002', '--limit', '5', '--json').stdout) as StoredEvent[];
    expect(refunds).toEqual(before.filter((e) => e.action === 'pos.refund' && e.store_id === 'S002').slice(0, 5));
    expect(run('events', '--db', db, '--include-archives', '--from', 'yesterday').code).toBe(2);
  });
});
