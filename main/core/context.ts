import type { Accounts } from './accounts';
import type { Actor } from './accounts/audit-events';
import { AppError } from './api/errors';
import type { CallContext, HostKind, TokenHolder } from './api/router';

/** What a host knows about a request: where it comes from and its hold on the session token. */
export interface Caller {
  host: HostKind;
  /** An IP address (browser host) or the host word ("electron", "cli"). */
  source: string;
  /** Browser and OS, or the host: the "new device" signal. */
  device?: string | null;
  userAgent?: string | null;
  token: TokenHolder;
  /** Not the user's doing (a pushed event on its way to a screen): does not count as activity. */
  passive?: boolean;
}

/**
 * The context of one request: the session the token names (refreshed, so activity keeps it from the
 * idle lock) and its role's permissions, or no session and why. Built per request, so a session
 * ended elsewhere (password changed, user disabled, revoked) stops working at the next request.
 */
export function contextFor(accounts: Accounts, caller: Caller): CallContext {
  const actor: Actor = { userName: null, role: null, sessionId: null, source: caller.source, userAgent: caller.userAgent ?? null, device: caller.device ?? null };
  const anonymous = { host: caller.host, token: caller.token, permissions: new Set<never>(), session: null, actor };
  const token = caller.token.get();
  if (!token) return { ...anonymous, authError: null };
  try {
    const { info, actor: who } = accounts.sessions.authenticate(token, caller.passive ?? false);
    return { ...anonymous, permissions: new Set(info.permissions), session: info, actor: { ...actor, ...who, source: caller.source }, authError: null };
  } catch (error) {
    if (error instanceof AppError) return { ...anonymous, authError: error };
    throw error;
  }
}

/** A token kept in memory: the CLI's run, a test, one Electron window. */
export function memoryToken(initial: string | null = null): TokenHolder {
  let token = initial;
  return {
    get: () => token,
    set: (next) => {
      token = next;
    },
  };
}
