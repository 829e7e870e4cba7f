import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '..';
import { loginAs } from '../accounts/test-logins';
import { passwordProblems } from '../accounts/passwords';
import { tempDir } from '../store/test-helpers';
import { DEMO_USERS, ensureDemoUsers } from './demo-users';

let tmp: ReturnType<typeof tempDir>;
let core: Core;
beforeEach(() => {
  tmp = tempDir();
  core = openCore({ dbPath: path.join(tmp.dir, 'demo-users.db'), host: 'cli', onInternalError: () => {} });
});
afterEach(async () => {
  await core.close();
  tmp.cleanup();
});

const source = { host: 'cli' as const, source: 'cli' };

describe('demo users', () => {
  it('have one user per built-in role, with passwords the rules accept', () => {
    expect(DEMO_USERS.map((u) => u.role)).toEqual(['admin', 'manager', 'auditor', 'clerk']);
    for (const u of DEMO_USERS) expect(passwordProblems(u.password, u), u.name).toEqual([]);
  });

  it('are created once, by the given actor, and log in with their passwords without a forced change', async () => {
    const admin = await loginAs(core, 'admin');
    // The test administrator is named admin too: it is left alone (and keeps its own password).
    expect(await ensureDemoUsers(core.accounts, admin.actor)).toEqual(['manager', 'auditor', 'clerk']);
    expect(await ensureDemoUsers(core.accounts, admin.actor)).toEqual([]);
    for (const u of DEMO_USERS.filter((d) => d.name !== 'admin')) {
      const { info, token } = await core.accounts.sessions.login(u.name, u.password, source);
      expect(info).toMatchObject({ role: u.role, mustChangePassword: false });
      core.accounts.sessions.logout(token);
    }
    const created = core.store.events.page({ action: 'user.create' }, null, 10).events;
    expect(created.filter((e) => e.user_id === 'admin' && e.resource_id !== 'admin').map((e) => e.resource_id).sort()).toEqual(['auditor', 'clerk', 'manager']);
  });

  it('are added by the demo.load channel, so the Dashboard’s button creates them too', async () => {
    const admin = await loginAs(core, 'admin');
    const loaded = await core.router.invoke(admin, 'demo.load', { days: 2, stores: 1, seed: 1, end: '2026-02-01' });
    expect(loaded).toMatchObject({ ok: true });
    expect(core.accounts.users.list().map((u) => [u.name, u.role, u.mustChangePassword])).toEqual(
      expect.arrayContaining([
        ['manager', 'manager', false],
        ['auditor', 'auditor', false],
        ['clerk', 'clerk', false],
      ]),
    );
  });

  it('leave a user of the same name as it is', async () => {
    const admin = await loginAs(core, 'admin');
    await core.accounts.users.create(admin.actor, { name: 'Clerk', displayName: 'Real Clerk', role: 'clerk', password: 'a private one 42' });
    expect(await ensureDemoUsers(core.accounts, admin.actor)).toEqual(['manager', 'auditor']);
    await expect(core.accounts.sessions.login('clerk', 'till drawer 2026', source)).rejects.toThrow('The user name or password is wrong.');
  });
});
