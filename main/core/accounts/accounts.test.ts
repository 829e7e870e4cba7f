import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditStore } from '../store';
import { tempDir } from '../store/test-helpers';
import { createAccounts, type Accounts } from '.';
import type { LoginSource } from './sessions';
import { passwordProblems } from './passwords';

const MINUTE = 60_000;
const ADMIN = { name: 'dana', displayName: 'Dana Admin', password: 'correct horse battery' };
const here: LoginSource = { host: 'web', source: '127.0.0.1', device: 'Chromium on Linux' };

let tmp: ReturnType<typeof tempDir>;
let store: AuditStore;
let clock: number;
let accounts: Accounts;
beforeEach(() => {
  tmp = tempDir();
  store = AuditStore.open(path.join(tmp.dir, 'a.db'));
  clock = Date.UTC(2026, 10, 30, 9, 0, 0);
  accounts = createAccounts(store, () => new Date(clock));
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

/** The log's account events since `seq`, as [action, status, user]. */
function eventsAfter(seq: number): [string, string, string | null][] {
  return (store.db.prepare('SELECT action, status, user_id FROM events WHERE seq > ? ORDER BY seq').raw().all(seq) as [string, string, string | null][]);
}
const head = () => store.log.chainHead.seq;

async function setUp() {
  return accounts.users.setup('Main Street', ADMIN, here);
}

describe('first-run setup', () => {
  it('names the store, creates the administrator and logs them in; only once', async () => {
    expect(accounts.users.setupNeeded).toBe(true);
    const before = head();
    const { token, info } = await setUp();
    expect(info).toMatchObject({ userName: 'dana', role: 'admin', mustChangePassword: false, idleMinutes: 30 });
    expect(info.permissions).toContain('users:manage');
    expect(accounts.users.storeName).toBe('Main Street');
    expect(accounts.sessions.authenticate(token).info.userName).toBe('dana');
    expect(eventsAfter(before)).toEqual([
      ['config.change', 'success', 'dana'],
      ['user.create', 'success', 'dana'],
      ['auth.login', 'success', 'dana'],
    ]);
    await expect(setUp()).rejects.toMatchObject({ code: 'CONFLICT' });
    // The hash is argon2id; the password is nowhere in the file's tables.
    expect(store.db.prepare('SELECT password_hash FROM users').pluck().get()).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
  });

  it('refuses a weak first password with the reasons', async () => {
    await expect(accounts.users.setup('S', { ...ADMIN, password: 'dana12345678' }, here)).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('name') });
    await expect(accounts.users.setup('S', { ...ADMIN, password: 'short' }, here)).rejects.toMatchObject({ message: expect.stringContaining('at least 10') });
    expect(accounts.users.setupNeeded).toBe(true);
  });
});

describe('password rules', () => {
  it('length, common passwords, the own name, one repeated character', () => {
    expect(passwordProblems('correct horse battery', { name: 'dana' })).toEqual([]);
    expect(passwordProblems('Password123', { name: 'dana' })).toEqual(['This is one of the most common passwords; choose another.']);
    expect(passwordProblems('aaaaaaaaaaaa', { name: 'dana' })).toEqual(['Do not repeat one character.']);
    expect(passwordProblems('x'.repeat(257), { name: 'dana' })).toContain('Use at most 256 characters.');
  });
});

describe('login and lock-out', () => {
  it('locks after five wrong passwords, for a delay that grows; the right password then works again', async () => {
    await setUp();
    const before = head();
    for (let i = 0; i < 4; i++) await expect(accounts.sessions.login('dana', 'wrong password!', here)).rejects.toMatchObject({ code: 'BAD_CREDENTIALS' });
    await expect(accounts.sessions.login('dana', 'wrong password!', here)).rejects.toMatchObject({ code: 'BAD_CREDENTIALS' });
    // Locked: even the right password is refused, with how long to wait.
    await expect(accounts.sessions.login('dana', ADMIN.password, here)).rejects.toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/locked.*in 60 seconds/) });
    expect(eventsAfter(before).map((e) => e[0])).toEqual([...Array(5).fill('auth.login'), 'auth.lockout', 'auth.login']);
    clock += MINUTE;
    for (let i = 0; i < 5; i++) await expect(accounts.sessions.login('dana', 'wrong password!', here)).rejects.toThrow();
    await expect(accounts.sessions.login('dana', ADMIN.password, here)).rejects.toMatchObject({ message: expect.stringMatching(/in 2 minutes/) });
    clock += 2 * MINUTE;
    const { info } = await accounts.sessions.login('dana', ADMIN.password, here);
    expect(info.userName).toBe('dana');
    expect(store.db.prepare('SELECT failed_logins, lockouts, locked_until_ms FROM users').get()).toEqual({ failed_logins: 0, lockouts: 0, locked_until_ms: null });
  });

  it('answers an unknown user like a wrong password, and limits attempts per source', async () => {
    await setUp();
    await expect(accounts.sessions.login('nobody', 'whatever it is', here)).rejects.toMatchObject({ code: 'BAD_CREDENTIALS', message: 'The user name or password is wrong.' });
    const other: LoginSource = { ...here, source: '10.0.0.7' };
    for (let i = 0; i < 20; i++) await expect(accounts.sessions.login(`user${i}`, 'whatever it is', other)).rejects.toMatchObject({ code: 'BAD_CREDENTIALS' });
    await expect(accounts.sessions.login('dana', ADMIN.password, other)).rejects.toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('from here') });
    // Another source is not affected.
    await expect(accounts.sessions.login('dana', ADMIN.password, here)).resolves.toBeTruthy();
    const limited = store.db.prepare("SELECT details FROM events WHERE action = 'auth.login' AND ip_address = '10.0.0.7' ORDER BY seq DESC LIMIT 1").pluck().get() as string;
    expect(JSON.parse(limited)).toMatchObject({ reason: 'rate_limited', source: '10.0.0.7' });
  });

  it('records session signals: a new device, an unusual hour, failures before', async () => {
    await setUp();
    await expect(accounts.sessions.login('dana', 'wrong password!', here)).rejects.toThrow();
    await expect(accounts.sessions.login('dana', 'wrong password!', here)).rejects.toThrow();
    await expect(accounts.sessions.login('dana', 'wrong password!', here)).rejects.toThrow();
    clock = Date.UTC(2026, 10, 30, 2, 14);
    await accounts.sessions.login('dana', ADMIN.password, { ...here, device: 'Firefox on Windows' });
    const details = JSON.parse(store.db.prepare("SELECT details FROM events WHERE action = 'auth.login' AND status = 'success' ORDER BY seq DESC LIMIT 1").pluck().get() as string);
    expect(details.signals).toEqual(['new_device', 'unusual_hour', 'many_failures']);
  });
});

describe('sessions', () => {
  it('lock after the idle limit and go on with the password; end at the absolute limit', async () => {
    const { token } = await setUp();
    clock += 29 * MINUTE;
    expect(accounts.sessions.authenticate(token).info.userName).toBe('dana');
    clock += 30 * MINUTE;
    expect(() => accounts.sessions.authenticate(token)).toThrow(expect.objectContaining({ code: 'SESSION_LOCKED' }));
    expect(() => accounts.sessions.authenticate(token)).toThrow(expect.objectContaining({ code: 'SESSION_LOCKED' }));
    await expect(accounts.sessions.unlock(token, 'wrong password!', here)).rejects.toMatchObject({ code: 'BAD_CREDENTIALS' });
    await accounts.sessions.unlock(token, ADMIN.password, here);
    expect(accounts.sessions.authenticate(token).info.userName).toBe('dana');
    for (let t = 0; t < 8 * 60; t += 20) {
      clock += 20 * MINUTE;
      if (t + 20 < 8 * 60 - 59) accounts.sessions.authenticate(token);
    }
    expect(() => accounts.sessions.authenticate(token)).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED', message: expect.stringContaining('time limit') }));
  });

  it('keep at most five per user: a sixth login ends the oldest', async () => {
    const first = await setUp();
    const more = [];
    for (let i = 0; i < 5; i++) {
      clock += 1000;
      more.push(await accounts.sessions.login('dana', ADMIN.password, here));
    }
    expect(() => accounts.sessions.authenticate(first.token)).toThrow(expect.objectContaining({ message: expect.stringContaining('oldest session') }));
    expect(accounts.sessions.list(undefined, null)).toHaveLength(5);
  });

  it('end everywhere else when the password changes; log out ends this one', async () => {
    const a = await setUp();
    const b = await accounts.sessions.login('dana', ADMIN.password, here);
    await expect(accounts.sessions.changePassword(b.token, 'wrong password!', 'another long secret')).rejects.toMatchObject({ code: 'BAD_CREDENTIALS' });
    await expect(accounts.sessions.changePassword(b.token, ADMIN.password, 'short')).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await accounts.sessions.changePassword(b.token, ADMIN.password, 'another long secret');
    expect(() => accounts.sessions.authenticate(a.token)).toThrow(expect.objectContaining({ message: expect.stringContaining('password was changed') }));
    expect(accounts.sessions.authenticate(b.token).info.userName).toBe('dana');
    accounts.sessions.logout(b.token);
    expect(() => accounts.sessions.authenticate(b.token)).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
    await expect(accounts.sessions.login('dana', ADMIN.password, here)).rejects.toThrow();
    await expect(accounts.sessions.login('dana', 'another long secret', here)).resolves.toBeTruthy();
  });
});

describe('users and roles', () => {
  it('creates users who must change their first password; disabling one ends their sessions; the last admin stays', async () => {
    const admin = await setUp();
    const actor = accounts.sessions.authenticate(admin.token).actor;
    const clerk = await accounts.users.create(actor, { name: 'kim', displayName: 'Kim Clerk', role: 'clerk', password: 'first password 1' });
    expect(clerk).toMatchObject({ name: 'kim', role: 'clerk', mustChangePassword: true, disabled: false });
    const kim = await accounts.sessions.login('kim', 'first password 1', here);
    expect(kim.info).toMatchObject({ mustChangePassword: true, permissions: ['forecast:read'] });
    await expect(accounts.users.create(actor, { name: 'KIM', displayName: 'x', role: 'clerk', password: 'first password 1' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(accounts.users.create(actor, { name: 'lee', displayName: 'x', role: 'owner', password: 'first password 1' })).rejects.toMatchObject({ code: 'BAD_INPUT' });

    await accounts.users.update(actor, clerk.id, { disabled: true });
    expect(() => accounts.sessions.authenticate(kim.token)).toThrow(expect.objectContaining({ message: expect.stringContaining('disabled') }));
    await expect(accounts.sessions.login('kim', 'first password 1', here)).rejects.toMatchObject({ code: 'FORBIDDEN' });

    const me = accounts.users.list().find((u) => u.name === 'dana');
    await expect(accounts.users.update(actor, me?.id as string, { role: 'auditor' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(accounts.users.update(actor, me?.id as string, { disabled: true })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('custom roles with chosen permissions; built-in roles are fixed; a role in use is not deleted', async () => {
    const admin = await setUp();
    const actor = accounts.sessions.authenticate(admin.token).actor;
    accounts.users.putRole(actor, 'loss-prevention', ['audit:read', 'alerts:triage']);
    const lp = await accounts.users.create(actor, { name: 'ray', displayName: 'Ray', role: 'loss-prevention', password: 'first password 1' });
    expect((await accounts.sessions.login('ray', 'first password 1', here)).info.permissions).toEqual(['alerts:triage', 'audit:read']);
    expect(() => accounts.users.putRole(actor, 'clerk', ['audit:read'])).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(() => accounts.users.deleteRole(actor, 'loss-prevention')).toThrow(expect.objectContaining({ message: expect.stringContaining('1 user has') }));
    await accounts.users.update(actor, lp.id, { role: 'auditor' });
    accounts.users.deleteRole(actor, 'loss-prevention');
    expect(accounts.users.roles().map((r) => r.name)).toEqual(['admin', 'manager', 'auditor', 'clerk']);
    const actions = (store.db.prepare("SELECT action FROM events WHERE category = 'iam' ORDER BY seq").pluck().all() as string[]);
    expect(actions).toEqual(['user.create', 'role.create', 'user.create', 'role.assign', 'role.revoke', 'role.assign', 'user.update', 'role.delete']);
  });
});
