import type { CallContext, Core, HostKind } from '..';
import { memoryToken } from '../context';

/** Test passwords: long enough for the rules, never a real one. */
export const TEST_PASSWORD = 'test password 123';
export const TEST_ADMIN = 'admin';

/**
 * For tests: a logged-in context on a core, as a host would build it. Sets the database up with an
 * administrator (`admin`) the first time; other roles get a user named after the role, whose forced
 * first-password change is done here so the context can do what the role allows.
 */
export async function loginAs(core: Core, role = 'admin', host: HostKind = 'cli'): Promise<CallContext> {
  const token = memoryToken();
  const caller = { host, source: host, device: `test ${host}`, token };
  const { users, sessions } = core.accounts;
  if (users.setupNeeded) {
    const { token: first } = await users.setup('Test store', { name: TEST_ADMIN, displayName: 'Test Admin', password: TEST_PASSWORD }, caller);
    sessions.logout(first);
  }
  const name = role === 'admin' ? TEST_ADMIN : `test-${role}`;
  if (!core.accounts.sessions.table.userByName(name)) {
    const admin = await sessions.login(TEST_ADMIN, TEST_PASSWORD, caller);
    await users.create(sessions.authenticate(admin.token).actor, { name, displayName: `Test ${role}`, role, password: `${TEST_PASSWORD}!` });
    sessions.logout(admin.token);
    const user = await sessions.login(name, `${TEST_PASSWORD}!`, caller);
    await sessions.changePassword(user.token, `${TEST_PASSWORD}!`, TEST_PASSWORD);
    sessions.logout(user.token);
  }
  const { token: value } = await sessions.login(name, TEST_PASSWORD, caller);
  token.set(value);
  return core.context(caller);
}
