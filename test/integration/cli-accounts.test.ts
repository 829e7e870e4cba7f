import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../shared/events';
import { openSecureCore } from '../../main/core';
import { DEMO_ADMIN, DEMO_USERS } from '../../main/core/demo/demo-users';
import { sampleEvent, tempDir } from '../../main/core/store/test-helpers';

/**
 * The CLI is no back door (issue 4): commands that read or change the log or its settings need a
 * user, are checked against the user's role and recorded like any other access; the recovery key's
 * holder reads a copy with no user and changes nothing. Runs the built CLI (node scripts/build.mjs).
 */
const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'bin', 'watchdog.cjs');
const NOBODY = { WATCHDOG_USER: '', WATCHDOG_PASSWORD: '', WATCHDOG_NEW_PASSWORD: '', WATCHDOG_RECOVERY_KEY: '', WATCHDOG_DB: '' };

/** The demo users as docs/demo-data.md lists them ("Demo users"): what people read is what works. */
function documentedUsers(): Map<string, { role: string; password: string }> {
  const doc = fs.readFileSync(path.join(root, 'docs', 'demo-data.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Demo users'), doc.indexOf('\n## ', doc.indexOf('## Demo users') + 1));
  const rows = [...section.matchAll(/^\| `([^`]+)` \| (\w+)[^|]*\| `([^`]+)` \|$/gm)];
  return new Map(rows.map((m) => [m[1] as string, { role: m[2] as string, password: m[3] as string }]));
}
const users = documentedUsers();
const as = (name: string) => ({ WATCHDOG_USER: name, WATCHDOG_PASSWORD: users.get(name)?.password ?? '' });

const runWith = (env: Record<string, string>, ...args: string[]) => {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, ...NOBODY, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

let tmp: ReturnType<typeof tempDir>;
let db: string;
let recoveryKey: string;
let events: string;

/** The log's events read with the recovery key: read-only, no user, nothing recorded. */
const logOf = (file = db): StoredEvent[] => {
  const result = runWith({}, 'events', '--db', file, '--include-archives', '--recovery-key', recoveryKey, '--limit', '100000', '--json');
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as StoredEvent[];
};
/** Today's events of one action (the demo's own events are all before 2026-02-01). */
const recorded = (action: string, user?: string) =>
  logOf().filter((e) => e.action === action && e.ts > '2026-02-01' && (user === undefined || e.user_id === user));

beforeAll(() => {
  if (!fs.existsSync(path.join(root, 'out', 'main', 'cli.cjs'))) throw new Error('Build first: node scripts/build.mjs');
  tmp = tempDir();
  db = path.join(tmp.dir, 'demo.db');
  const demo = runWith({}, 'demo', '--db', db, '--days', '3', '--stores', '1', '--end', '2026-02-01');
  expect(demo.code, demo.stderr).toBe(0);
  recoveryKey = /WDRK-[0-9A-Z-]+/.exec(demo.stderr)?.[0] ?? '';
  expect(recoveryKey).not.toBe('');
  events = path.join(tmp.dir, 'events.jsonl');
  fs.writeFileSync(events, `${JSON.stringify(sampleEvent(1))}\n`);
}, 60_000);
afterAll(() => tmp?.cleanup());

describe('watchdog demo users', { timeout: 60_000 }, () => {
  it('are documented as the code creates them', () => {
    expect([...users.keys()]).toEqual(['admin', 'manager', 'auditor', 'clerk']);
    for (const u of DEMO_USERS) expect(users.get(u.name)).toEqual({ role: u.role, password: u.password });
  });

  it('are created by `watchdog demo` on a new database, and each logs in with the documented password', () => {
    for (const name of ['admin', 'manager', 'auditor']) expect(runWith(as(name), 'events', '--db', db, '--limit', '1'), name).toMatchObject({ code: 0 });
    // The clerk logs in too, and is refused the log by its role.
    expect(runWith(as('clerk'), 'events', '--db', db, '--limit', '1').code).toBe(1);
    const logins = recorded('auth.login').filter((e) => e.status === 'success');
    for (const name of users.keys()) expect(logins.some((e) => e.user_id === name), name).toBe(true);
    // Created by the demo administrator, each with its built-in role.
    expect(recorded('user.create').map((e) => [e.resource_id, e.user_id])).toEqual(
      expect.arrayContaining([...users.keys()].filter((n) => n !== 'admin').map((n) => [n, 'admin'])),
    );
  });

  it('needs a user with settings:write on a set-up database', () => {
    expect(runWith({}, 'demo', '--db', db)).toMatchObject({ code: 2, stderr: expect.stringMatching(/^watchdog: demo needs a user: --user NAME/) });
    expect(runWith(as('manager'), 'demo', '--db', db)).toMatchObject({ code: 1, stderr: expect.stringMatching(/Your role \(manager\) does not allow this: it needs the settings:write permission/) });
    expect(runWith(as('admin'), 'demo', '--db', db)).toMatchObject({ code: 1, stderr: expect.stringMatching(/already holds events/) });
  });
});

describe('watchdog without credentials', { timeout: 90_000 }, () => {
  it('exits 2 with one line for every command on the log or its settings, and records nothing', () => {
    const before = logOf();
    const commands = [
      ['events'],
      ['events', '--include-archives'],
      ['verify'],
      ['prove', '--event', '#5'],
      ['retention'],
      ['retention', '--set', 'pos=400'],
      ['archive'],
      ['checkpoint'],
      ['ingest', events],
      ['demo'],
      ['passwd'],
    ];
    for (const command of commands) {
      const result = runWith({}, ...command, '--db', db);
      expect(result.code, command.join(' ')).toBe(2);
      expect(result.stderr, command.join(' ')).toMatch(/^watchdog: [a-z -]+ needs a user: --user NAME, with the password in WATCHDOG_PASSWORD or typed at the prompt\.\n$/);
      expect(result.stdout).toBe('');
    }
    // A user but no password, and stdin is not a terminal to ask at.
    expect(runWith({ WATCHDOG_USER: 'auditor' }, 'verify', '--db', db)).toMatchObject({ code: 2, stderr: expect.stringMatching(/^watchdog: verify needs a user/) });
    expect(logOf()).toEqual(before);
  });

  it('exits 1 on a wrong password, which the log records as a failed login', () => {
    const result = runWith({ WATCHDOG_USER: 'auditor', WATCHDOG_PASSWORD: 'not the password' }, 'events', '--db', db);
    expect(result).toMatchObject({ code: 1, stderr: 'watchdog: The user name or password is wrong.\n' });
    const failed = recorded('auth.login', 'auditor').filter((e) => e.status === 'failure');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.details).toMatchObject({ reason: 'wrong_password', host: 'cli' });
  });
});

describe('watchdog with a user', { timeout: 90_000 }, () => {
  it('refuses a clerk the log with the core’s FORBIDDEN message, and records the refusal', () => {
    const result = runWith(as('clerk'), 'events', '--db', db);
    expect(result).toMatchObject({ code: 1, stdout: '', stderr: 'watchdog: Your role (clerk) does not allow this: it needs the audit:read permission.\n' });
    const denied = recorded('auth.access_denied', 'clerk');
    expect(denied.length).toBeGreaterThan(0);
    expect(denied.at(0)).toMatchObject({ status: 'failure', resource_id: 'events.query', user_role: 'clerk', details: { channel: 'events.query', code: 'FORBIDDEN', host: 'cli' } });
  });

  it('records verify, prove and reading the archives as looks at the log, and refuses roles without them', () => {
    const verified = runWith(as('auditor'), 'verify', '--db', db);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/^OK: checkpoints \d+\/\d+ valid/m);
    expect(recorded('audit.verify', 'auditor').at(0)).toMatchObject({ resource_id: 'cli.verify', details: { channel: 'cli.verify', host: 'cli' } });

    const proved = runWith(as('manager'), 'prove', '--db', db, '--event', '#10');
    expect(proved.code, proved.stderr).toBe(0);
    expect(recorded('audit.export', 'manager').at(0)).toMatchObject({ resource_id: 'cli.prove', details: { query: { event: '#10' } } });

    const archived = runWith(as('manager'), 'events', '--db', db, '--include-archives', '--action', 'pos.refund', '--limit', '3');
    expect(archived.code, archived.stderr).toBe(0);
    expect(recorded('audit.view', 'manager').find((e) => e.resource_id === 'cli.events')).toMatchObject({ details: { query: { filter: { action: 'pos.refund' }, includeArchives: true } } });

    expect(runWith(as('manager'), 'verify', '--db', db)).toMatchObject({ code: 1, stderr: expect.stringMatching(/Your role \(manager\) does not allow this: it needs the audit:verify permission/) });
    expect(runWith(as('clerk'), 'prove', '--db', db, '--event', '#10')).toMatchObject({ code: 1, stderr: expect.stringMatching(/needs the audit:export permission/) });
    expect(recorded('auth.access_denied').map((e) => [e.user_id, e.resource_id])).toEqual(expect.arrayContaining([['manager', 'cli.verify'], ['clerk', 'cli.prove']]));
  });

  it('lets only settings:write change settings, archive or sign, and only audit:append ingest', () => {
    expect(runWith(as('auditor'), 'retention', '--db', db)).toMatchObject({ code: 0, stdout: expect.stringMatching(/standard\s+90/) });
    for (const [name, command] of [
      ['auditor', ['retention', '--set', 'pos=400']],
      ['manager', ['archive']],
      ['auditor', ['checkpoint']],
      ['manager', ['checkpoint', '--every', '500']],
    ] as const) {
      expect(runWith(as(name), ...command, '--db', db), command.join(' ')).toMatchObject({ code: 1, stderr: expect.stringMatching(/needs the settings:write permission/) });
    }
    expect(runWith(as('manager'), 'ingest', events, '--db', db)).toMatchObject({ code: 1, stderr: expect.stringMatching(/needs the audit:append permission/) });
    expect(runWith(as('clerk'), 'retention', '--db', db)).toMatchObject({ code: 1, stderr: expect.stringMatching(/needs the audit:read permission/) });

    const signed = runWith(as('admin'), 'checkpoint', '--db', db, '--minutes', '30');
    expect(signed.code, signed.stderr).toBe(0);
    expect(recorded('config.change', 'admin').find((e) => e.resource_id === 'checkpoint_minutes')).toMatchObject({ details: { value: 30, previous: 15 } });
    expect(runWith(as('admin'), 'ingest', events, '--db', db)).toMatchObject({ code: 0, stdout: expect.stringMatching(/^1 events appended/) });
  });

  it('logs every run out again', () => {
    const logins = recorded('auth.login').filter((e) => e.status === 'success').length;
    const logouts = recorded('auth.logout').length;
    expect(logouts).toBe(logins);
  });
});

describe('watchdog with the recovery key', { timeout: 60_000 }, () => {
  it('reads a copy on another computer with no user, and leaves it byte for byte as it was', () => {
    const copy = path.join(tmp.dir, 'copy.db');
    fs.copyFileSync(db, copy);
    if (fs.existsSync(`${db}-wal`)) fs.copyFileSync(`${db}-wal`, `${copy}-wal`);
    const digest = () => createHash('sha256').update(fs.readFileSync(copy)).digest('hex');
    const before = digest();
    const mtime = fs.statSync(copy).mtimeMs;
    // This computer's keychain knows nothing of the copy: without the key it says so (before asking who runs it).
    expect(runWith({}, 'verify', '--db', copy)).toMatchObject({ code: 1, stderr: expect.stringMatching(/no key for .*recovery-key/i) });
    expect(runWith({}, 'verify', '--db', copy, '--recovery-key', recoveryKey)).toMatchObject({ code: 0, stdout: expect.stringMatching(/^OK: /m) });
    expect(runWith({ WATCHDOG_RECOVERY_KEY: recoveryKey }, 'verify', '--db', copy).code).toBe(0);
    const proof = runWith({}, 'prove', '--db', copy, '--event', '#10', '--recovery-key', recoveryKey);
    expect(proof.code, proof.stderr).toBe(0);
    expect(JSON.parse(proof.stdout)).toMatchObject({ event: { seq: 10 } });
    const listed = runWith({}, 'events', '--db', copy, '--include-archives', '--recovery-key', recoveryKey, '--limit', '5', '--json');
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toHaveLength(5);
    // Only for reading a copy: the log itself is opened as a user.
    expect(runWith({}, 'events', '--db', copy, '--recovery-key', recoveryKey).code).toBe(2);
    expect(digest()).toBe(before);
    expect(fs.statSync(copy).mtimeMs).toBe(mtime);
  });
});

describe('watchdog setup and passwd', { timeout: 60_000 }, () => {
  const password = 'first light 2026';

  it('sets a new database up once, with the password from WATCHDOG_PASSWORD', () => {
    const fresh = path.join(tmp.dir, 'fresh.db');
    expect(runWith({}, 'setup', '--db', fresh, '--store', 'Corner shop', '--admin', 'owner')).toMatchObject({ code: 2, stderr: expect.stringMatching(/setup needs the administrator’s password/) });
    expect(fs.existsSync(fresh)).toBe(false);
    expect(runWith({ WATCHDOG_PASSWORD: 'short' }, 'setup', '--db', fresh, '--store', 'Corner shop', '--admin', 'owner')).toMatchObject({ code: 2, stderr: expect.stringMatching(/at least 10 characters/) });
    const setup = runWith({ WATCHDOG_PASSWORD: password }, 'setup', '--db', fresh, '--store', 'Corner shop', '--admin', 'owner', '--display-name', 'Pat Owner');
    expect(setup.code, setup.stderr).toBe(0);
    expect(setup.stdout).toMatch(/set up for Corner shop: owner is its administrator/);
    expect(runWith({ WATCHDOG_PASSWORD: password }, 'setup', '--db', fresh, '--store', 'Again', '--admin', 'other')).toMatchObject({ code: 1, stderr: expect.stringMatching(/already set up/) });
    const listed = runWith({ WATCHDOG_USER: 'owner', WATCHDOG_PASSWORD: password }, 'events', '--db', fresh, '--json', '--limit', '20');
    expect(listed.code, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as StoredEvent[]).map((e) => e.action)).toEqual(
      expect.arrayContaining(['config.change', 'user.create', 'auth.login', 'auth.logout', 'audit.view']),
    );
    // A log without users: no one can log in yet, and the CLI says how to set it up.
    const empty = path.join(tmp.dir, 'no-users.db');
    expect(runWith({ WATCHDOG_PASSWORD: password }, 'setup', '--db', empty, '--store', 'X', '--admin', 'a b')).toMatchObject({ code: 2 });
    expect(runWith({ WATCHDOG_USER: 'owner', WATCHDOG_PASSWORD: password }, 'events', '--db', empty)).toMatchObject({ code: 1, stderr: expect.stringMatching(/has no users yet\. Set it up first: watchdog setup/) });
  });

  it('makes a user whose password an administrator set change it first (watchdog passwd)', async () => {
    const core = await openSecureCore({ dbPath: db, host: 'cli', create: false });
    try {
      const { sessions, users } = core.accounts;
      const admin = await sessions.login(DEMO_ADMIN.name, DEMO_ADMIN.password, { host: 'cli', source: 'cli' });
      await users.create(sessions.authenticate(admin.token).actor, { name: 'newbie', displayName: 'New Person', role: 'auditor', password });
      sessions.logout(admin.token);
    } finally {
      await core.close();
    }
    const newbie = { WATCHDOG_USER: 'newbie', WATCHDOG_PASSWORD: password };
    expect(runWith(newbie, 'verify', '--db', db)).toMatchObject({ code: 1, stderr: expect.stringMatching(/newbie must first replace the password an administrator set: .*watchdog passwd --user newbie/) });
    expect(runWith(newbie, 'passwd', '--db', db)).toMatchObject({ code: 2, stderr: expect.stringMatching(/passwd needs the new password: in WATCHDOG_NEW_PASSWORD/) });
    expect(runWith({ ...newbie, WATCHDOG_NEW_PASSWORD: password }, 'passwd', '--db', db)).toMatchObject({ code: 2, stderr: expect.stringMatching(/different from the current one/) });
    const changed = runWith({ ...newbie, WATCHDOG_NEW_PASSWORD: 'my own words 77' }, 'passwd', '--db', db);
    expect(changed.code, changed.stderr).toBe(0);
    expect(runWith({ WATCHDOG_USER: 'newbie', WATCHDOG_PASSWORD: 'my own words 77' }, 'verify', '--db', db).code).toBe(0);
    expect(recorded('auth.password_change', 'newbie')).toHaveLength(1);
  });
});
