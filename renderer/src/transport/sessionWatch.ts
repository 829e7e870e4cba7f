import type { Bridge } from '../../../shared/contract/client';
import type { ChannelName } from '../../../shared/contract/channels';

export interface SessionWatchers {
  /** A call found no session (never logged in, logged out, expired, revoked…): the core's message says which. */
  onUnauthenticated: (message: string) => void;
  /** A call found the session locked after inactivity. */
  onLocked: (message: string) => void;
}

/**
 * Channels that answer a login form: their failures are the form's to show. (A wrong password is
 * BAD_CREDENTIALS everywhere, so an UNAUTHENTICATED from unlock or a password change means the
 * session itself has ended, and the login screen takes over.)
 */
const PASSWORD_CHECKS: ReadonlySet<string> = new Set<ChannelName>(['auth.login', 'auth.setup'])

/**
 * Wraps a bridge so that any call, from any screen, that meets an ended or locked session brings up
 * the login or lock screen. Screens still get their failure and may show it; the gate takes over.
 */
export function watchSession(bridge: Bridge, watchers: SessionWatchers): Bridge {
  return {
    async invoke(channel, input) {
      const result = await bridge.invoke(channel, input);
      if (!result.ok) {
        const { code, message } = result.error;
        if (code === 'UNAUTHENTICATED' && !PASSWORD_CHECKS.has(channel)) watchers.onUnauthenticated(message);
        else if (code === 'SESSION_LOCKED') watchers.onLocked(message);
      }
      return result;
    },
    subscribe: (event, callback) => bridge.subscribe(event, callback),
  };
}
