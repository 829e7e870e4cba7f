import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '..';
import { TEST_ADMIN, TEST_PASSWORD, loginAs } from '../accounts/test-logins';
import { memoryToken } from '../context';
import { tempDir } from '../store/test-helpers';

const MINUTE = 60_000;
let tmp: ReturnType<typeof tempDir>;
let core: Core;
let clock: number;
beforeEach(() => {
  tmp = tempDir();
  clock = Date.UTC(2026, 10, 30, 9);
  core = openCore({ dbPath: path.join(tmp.dir, 's.db'), host: 'web', now: () => new Date(clock), onInternalError: () => {} });
});
afterEach(async () => {
  await core.close();
  tmp.cleanup();
});

/** auth.status for whatever session this token names, as a reloaded screen asks it. */
async function statusFor(token: string | null) {
  const ctx = core.context({ host: 'web', source: '127.0.0.1', token: memoryToken(token) });
  const result = await core.router.invoke(ctx, 'auth.status', {});
  if (!result.ok) throw new Error(result.error.message);
  return result.value as { session: unknown; locked: unknown; ended: string | null };
}

describe('auth.status after a reload', () => {
  it('names the owner of a locked session (for the lock screen) and says why an ended one ended', async () => {
    const admin = await loginAs(core, 'admin', 'web');
    const token = admin.token.get() as string;
    expect(await statusFor(token)).toMatchObject({ session: { userName: TEST_ADMIN }, locked: null, ended: null });

    clock += 31 * MINUTE;
    expect(await statusFor(token)).toMatchObject({ session: null, locked: { userName: TEST_ADMIN, displayName: 'Test Admin' }, ended: null });
    await core.accounts.sessions.unlock(token, TEST_PASSWORD, { host: 'web', source: '127.0.0.1' });
    core.accounts.sessions.logout(token);
    expect(await statusFor(token)).toMatchObject({ session: null, locked: null, ended: expect.stringContaining('logged out') });
    expect(await statusFor(null)).toMatchObject({ session: null, locked: null, ended: null });
  });
});
