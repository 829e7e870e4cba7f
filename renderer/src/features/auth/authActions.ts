import type { ChannelInput } from '../../../../shared/contract/channels';
import { errorMessage } from '../../hooks/useRequest';
import { client } from '../../transport';
import { useAuth } from './authStore';

/**
 * The account calls the auth screens make, and what each does to the auth phase. A failure is
 * thrown on to the form that made it, which shows the core's message as it is.
 */

let starting: Promise<void> | null = null;

/** Asks the core where we stand (first run? logged in?). Once per app start, however often it is asked. */
export function startAuth(): Promise<void> {
  starting ??= client.call('auth.status', {}).then(
    (status) => useAuth.getState().started(status),
    (error: unknown) => {
      starting = null;
      useAuth.getState().unavailable(errorMessage(error));
    },
  );
  return starting;
}

export async function setUp(input: ChannelInput<'auth.setup'>): Promise<void> {
  const { session, recoveryKey } = await client.call('auth.setup', input);
  useAuth.getState().setUp(input.storeName.trim(), session, recoveryKey);
}

export async function logIn(name: string, password: string): Promise<void> {
  useAuth.getState().loggedIn(await client.call('auth.login', { name, password }));
}

/** A wrong password fails with BAD_CREDENTIALS for the form to show; an ended session brings the login screen (sessionWatch). */
export async function unlock(password: string): Promise<void> {
  useAuth.getState().sessionUpdated(await client.call('auth.unlock', { password }));
}

export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  useAuth.getState().sessionUpdated(await client.call('auth.changePassword', { currentPassword, newPassword }));
}

/** Logs out; the login screen follows even if the core could not be reached (the session then ends on its own clock). */
export async function logOut(): Promise<void> {
  try {
    await client.call('auth.logout', {});
  } finally {
    useAuth.getState().sessionEnded(null);
  }
}

/**
 * Tells the core the user is still here (the renderer sees activity the core does not: reading,
 * scrolling a loaded table). The answer also carries the current idle limit, which an administrator
 * may have changed.
 */
export async function keepAlive(): Promise<void> {
  const limits = await client.call('settings.sessionLimits', {});
  const { session, sessionUpdated, phase } = useAuth.getState();
  if (phase.name === 'ready' && session && session.idleMinutes !== limits.idleMinutes) {
    sessionUpdated({ ...session, idleMinutes: limits.idleMinutes });
  }
}
