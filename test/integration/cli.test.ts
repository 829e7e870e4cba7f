import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3-multiple-ciphers';
import { DEMO_ADMIN } from '../../main/core/demo/demo-users';
import { applyKey } from '../../main/core/store/encryption';
import { sampleEvent, tempDir } from '../../main/core/store/test-helpers';
import { databaseKeyFrom } from '../../main/core/vault/recovery-key';

/**
 * The built CLI, run as a user would: a real process, real files, real exit codes. Commands that read
 * or change the log need a user: these run as the demo administrator (`watchdog demo` on a new
 * database sets it up; `watchdog setup` with the same name and password makes the other test logs).
 */
const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'bin', 'watchdog.cjs');
const ADMIN = { WATCHDOG_USER: DEMO_ADMIN.name, WATCHDOG_PASSWORD: DEMO_ADMIN.password };
const run = (...args: string[]) => {
  const env = { ...process.env, WATCHDOG_DB: '', WATCHDOG_RECOVERY_KEY: '', WATCHDOG_NEW_PASSWORD: '', ...ADMIN };
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};
/** A new, set-up log with the administrator the other runs log in as. */
const setUp = (name: string): string => {
  const db = path.join(tmp.dir, name);
  const setup = run('setup', '--db', db, '--store', 'Test store', '--admin', DEMO_ADMIN.name);
  expect(setup.code, setup.stderr).toBe(0);
  return db;
};
/** The demo's own events (the log also holds its key, setup and each run's login and look, all from today). */
const DEMO_END = '2026-02-01T00:00:00Z';

let tmp: ReturnType<typeof tempDir>;
let demoDb: string;
let recoveryKey: string;
beforeAll(() => {
  if (!fs.existsSync(path.join(root, 'out', 'main', 'cli.cjs'))) throw new Error('Build first: npm run build');
  tmp = tempDir();
  demoDb = path.join(tmp.dir, 'demo.db');
  const demo = run('demo', '--db', demoDb, '--days', '30', '--stores', '2', '--seed', '1', '--end', '2026-02-01');
  expect(demo.code, demo.stderr).toBe(0);
  // A new database's recovery key is shown once, on stderr.
  recoveryKey = /WDRK-[0-9A-Z-]+/.exec(demo.stderr)?.[0] ?? '';
  expect(recoveryKey).not.toBe('');
});
afterAll(() => tmp.cleanup());

describe('watchdog CLI', () => {
  it('has --help on every command', () => {
    for (const command of ['demo', 'serve', 'ingest', 'import', 'events', 'verify', 'setup', 'passwd', 'simulate', 'terminals', 'detect-run', 'alerts', 'forecast']) {
      const help = run(command, '--help');
      expect(help.code, command).toBe(0);
      expect(help.stdout).toMatch(/Usage: watchdog/);
    }
    expect(run('--help').stdout).toMatch(/demo[\s\S]*serve[\s\S]*ingest[\s\S]*events[\s\S]*verify/);
    // Fourteen processes, each loading the whole CLI: a guard against a hang, not a speed check.
  }, 180_000);

  it('exits 2 on usage errors', () => {
    expect(run('bogus').code).toBe(2);
    expect(run('events', '--db', demoDb, '--limit', 'ten').code).toBe(2);
    expect(run('events', '--db', demoDb, '--status', 'maybe').code).toBe(2);
    expect(run('ingest').code).toBe(2);
  });

  it('builds a deterministic demo: the same seed and end give the same events', () => {
    const again = path.join(tmp.dir, 'again.db');
    expect(run('demo', '--db', again, '--days', '30', '--stores', '2', '--seed', '1', '--end', '2026-02-01').code).toBe(0);
    // Each database has its own signing key (its first event), so compare the demo's events themselves.
    const demoEvents = (db: string) =>
      (JSON.parse(run('events', '--db', db, '--to', DEMO_END, '--limit', '1000', '--json').stdout) as { event_id: string; details: unknown }[]).map((e) => [e.event_id, e.details]);
    expect(demoEvents(again)).toHaveLength(1000);
    expect(demoEvents(again)).toEqual(demoEvents(demoDb));
    expect(run('demo', '--db', again).code).toBe(1); // not into a non-empty database
  });

  it('keeps the file encrypted: the sqlite3 shell cannot read it', () => {
    const shell = spawnSync('sqlite3', [demoDb, 'SELECT count(*) FROM events'], { encoding: 'utf8' });
    expect(shell.status).not.toBe(0);
    expect(shell.stderr).toMatch(/not a database|encrypted/i);
  });

  it('verifies the demo, then names the seq whose details were altered by someone holding the key', () => {
    expect(run('verify', '--db', demoDb)).toMatchObject({ code: 0, stdout: expect.stringMatching(/^OK: checkpoints \d+\/\d+ valid, events [\d,]+\/[\d,]+ valid/m) });
    const tampered = path.join(tmp.dir, 'tampered.db');
    fs.copyFileSync(demoDb, tampered);
    const db = new Database(tampered);
    applyKey(db, databaseKeyFrom(recoveryKey));
    db.exec("DROP TRIGGER events_append_only_update; UPDATE events SET details = json_set(details, '$.tampered', 1) WHERE seq = 1234;");
    db.close();
    // A copy on "another computer": its keychain knows nothing of this path; the recovery key opens it.
    expect(run('verify', '--db', tampered).stderr).toMatch(/no key for .*recovery-key/i);
    const result = run('verify', '--db', tampered, '--recovery-key', recoveryKey);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/INVALID\s+events [\d,]+–[\d,]+ \(hash_mismatch, first bad event #1234\)/);
    expect(result.stderr).toMatch(/First problem at event #1234 \(hash_mismatch\)/);
    expect(JSON.parse(run('verify', '--db', tampered, '--recovery-key', recoveryKey, '--json').stdout)).toMatchObject({ ok: false, firstBadSeq: 1234 });
  });

  it('signs a checkpoint on demand and changes how often checkpoints are written', () => {
    const db = setUp('checkpoint.db');
    const file = path.join(tmp.dir, 'few.jsonl');
    fs.writeFileSync(file, Array.from({ length: 20 }, (_, i) => JSON.stringify(sampleEvent(20_000 + i))).join('\n'));
    expect(run('ingest', file, '--db', db).code).toBe(0);
    const signed = run('checkpoint', '--db', db, '--every', '500', '--minutes', '5');
    expect(signed.code, signed.stderr).toBe(0);
    // The 20 events, the key event, setup's three and each run's login, logout and looks.
    expect(signed.stdout).toMatch(/Checkpoint #\d+: [\d,]+ events, root [0-9a-f]{64}, signed by [0-9a-f]{16}…/);
    expect(signed.stdout).toMatch(/every 500 events and every 5 minutes/);
    expect(run('checkpoint', '--db', db, '--every', '5').code).toBe(2);
    const report = JSON.parse(run('verify', '--db', db, '--json').stdout) as { ok: boolean; checkpointResults: { reason: string }[] };
    expect(report.ok).toBe(true);
    expect(report.checkpointResults.map((c) => c.reason)).toContain('demand');
  });

  it('lists events with filters, as a table or JSON', () => {
    const table = run('events', '--db', demoDb, '--user-id', 'u-104', '--action', 'pos.refund', '--limit', '3');
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n').filter((l) => l.includes('pos.refund'))).toHaveLength(3);
    const json = JSON.parse(run('events', '--db', demoDb, '--store', 'S002', '--status', 'failure', '--limit', '600', '--json').stdout) as { store_id: string; status: string; ts: string }[];
    expect(json.length).toBeGreaterThan(0);
    expect(json.every((e) => e.store_id === 'S002' && e.status === 'failure')).toBe(true);
    expect(json.map((e) => e.ts)).toEqual([...json.map((e) => e.ts)].sort().reverse());
  });

  it('refuses to read a database that does not exist, without creating it', () => {
    const missing = path.join(tmp.dir, 'nope', 'missing.db');
    expect(run('verify', '--db', missing)).toMatchObject({ code: 1, stderr: expect.stringMatching(/No database at/) });
    expect(fs.existsSync(path.dirname(missing))).toBe(false);
  });

  it('ingests JSON Lines idempotently and names the line of a bad event, storing none of its batch', () => {
    const db = setUp('ingest.db');
    const good = path.join(tmp.dir, 'good.jsonl');
    fs.writeFileSync(good, Array.from({ length: 1500 }, (_, i) => JSON.stringify(sampleEvent(i))).join('\n') + '\n');
    expect(run('ingest', good, '--db', db)).toMatchObject({ code: 0, stdout: expect.stringMatching(/1,500 events appended, 0 already present/) });
    expect(run('ingest', good, '--db', db)).toMatchObject({ code: 0, stdout: expect.stringMatching(/0 events appended, 1,500 already present/) });
    const bad = path.join(tmp.dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify([sampleEvent(5000), { ...sampleEvent(5001), status: 'maybe' }, sampleEvent(5002)]));
    const result = run('ingest', bad, '--db', db);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/line 2: status/);
    expect(sampleEvents(db)).toBe(1500);
    expect(verifiedAll(db)).toBe(true);
  });

  it('imports the good batches of a large file, lists every refused batch by line, and a rerun adds only the fixes', () => {
    const db = setUp('mixed.db');
    const file = path.join(tmp.dir, 'mixed.jsonl');
    const lines = Array.from({ length: 3500 }, (_, i) => JSON.stringify(sampleEvent(10_000 + i)));
    lines[1499] = JSON.stringify({ ...sampleEvent(11_499), ts: 'not a time' }); // line 1500, second batch
    lines[3009] = JSON.stringify({ ...sampleEvent(13_009), amount_minor: 1.5 }); // line 3010, fourth batch
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const result = run('ingest', file, '--db', db);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/2,000 events appended/);
    expect(result.stderr).toMatch(/2 batch\(es\) holding 1,500 events were rejected/);
    expect(result.stderr).toMatch(/batch from line 1001:\n\s+line 1500: ts/);
    expect(result.stderr).toMatch(/batch from line 3001:\n\s+line 3010: amount_minor/);
    lines[1499] = JSON.stringify(sampleEvent(11_499));
    lines[3009] = JSON.stringify(sampleEvent(13_009));
    fs.writeFileSync(file, lines.join('\n') + '\n');
    expect(run('ingest', file, '--db', db)).toMatchObject({ code: 0, stdout: expect.stringMatching(/1,500 events appended, 2,000 already present/) });
    expect(sampleEvents(db)).toBe(3500);
    expect(verifiedAll(db)).toBe(true);
  });
});

/** How many of the ingested sample events (from 2026-01-05, before any run of today) the log holds. */
function sampleEvents(db: string): number {
  return (JSON.parse(run('events', '--db', db, '--to', DEMO_END, '--limit', '10000', '--json').stdout) as unknown[]).length;
}

/** The whole log verifies, every event of it. */
function verifiedAll(db: string): boolean {
  const report = JSON.parse(run('verify', '--db', db, '--json').stdout) as { ok: boolean; events: { total: number; valid: number } };
  return report.ok && report.events.valid === report.events.total;
}
