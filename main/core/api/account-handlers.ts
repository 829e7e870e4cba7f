import type { ChannelName } from '../../../shared/contract';
import type { Accounts } from '../accounts';
import type { LoginSource } from '../accounts/sessions';
import { AppError } from './errors';
import type { CallContext, Handler } from './router';

type AccountChannel =
  | 'auth.status' | 'auth.setup' | 'auth.login' | 'auth.unlock' | 'auth.logout' | 'auth.changePassword'
  | 'sessions.list' | 'sessions.revoke' | 'users.list' | 'users.create' | 'users.update'
  | 'roles.list' | 'roles.put' | 'roles.delete' | 'settings.sessionLimits';

export type AccountHandlers = { [C in AccountChannel & ChannelName]: Handler<C> };

export interface AccountHandlerDeps {
  accounts: Accounts;
  /** A new database's recovery key, shown once by first-run setup (then forgotten, the keychain's copy too). */
  recoveryKey: { value: string | null; shown(): Promise<void> };
}

const sourceOf = (ctx: CallContext): LoginSource => ({ host: ctx.host, source: ctx.actor.source, device: ctx.actor.device ?? null, userAgent: ctx.actor.userAgent ?? null });

function sessionOf(ctx: CallContext) {
  // The router lets only live sessions through to non-public channels; this narrows the type.
  if (!ctx.session) throw new AppError('UNAUTHENTICATED', 'Please log in.');
  return ctx.session;
}

/** The account channels: thin, the rules are in main/core/accounts/. */
export function createAccountHandlers({ accounts, recoveryKey }: AccountHandlerDeps): AccountHandlers {
  const { sessions, users } = accounts;
  return {
    'auth.status': (_input, ctx) => {
      const token = ctx.token.get();
      const locked = token && ctx.authError?.code === 'SESSION_LOCKED' ? sessions.lockedOwner(token) : null;
      const ended = token && ctx.authError?.code === 'UNAUTHENTICATED' ? ctx.authError.message : null;
      return { setupNeeded: users.setupNeeded, storeName: users.storeName, session: ctx.session, locked, ended };
    },
    'auth.setup': async ({ storeName, name, displayName, password }, ctx) => {
      const { token, info } = await users.setup(storeName, { name, displayName, password }, sourceOf(ctx));
      ctx.token.set(token);
      const key = recoveryKey.value;
      if (key !== null) await recoveryKey.shown();
      return { session: info, recoveryKey: key };
    },
    'auth.login': async ({ name, password }, ctx) => {
      const previous = ctx.token.get();
      if (previous) sessions.logout(previous);
      const { token, info } = await sessions.login(name, password, sourceOf(ctx));
      ctx.token.set(token);
      return info;
    },
    'auth.unlock': async ({ password }, ctx) => {
      const token = ctx.token.get();
      if (!token) throw new AppError('UNAUTHENTICATED', 'Please log in.');
      return sessions.unlock(token, password, sourceOf(ctx));
    },
    'auth.logout': (_input, ctx) => {
      const token = ctx.token.get();
      if (token) sessions.logout(token);
      ctx.token.set(null);
      return { loggedOut: token !== null };
    },
    'auth.changePassword': async ({ currentPassword, newPassword }, ctx) => {
      const token = ctx.token.get();
      if (!token) throw new AppError('UNAUTHENTICATED', 'Please log in.');
      return sessions.changePassword(token, currentPassword, newPassword);
    },
    'sessions.list': ({ all }, ctx) => {
      const session = sessionOf(ctx);
      const everyone = all && ctx.permissions.has('users:manage');
      return sessions.list(everyone ? undefined : session.userId, session.sessionId);
    },
    'sessions.revoke': ({ id }, ctx) => {
      const session = sessionOf(ctx);
      const row = sessions.sessionRow(id);
      if (!row || (row.user_id !== session.userId && !ctx.permissions.has('users:manage'))) throw new AppError('NOT_FOUND', 'There is no such session of yours.');
      return { revoked: sessions.revoke(id, ctx.actor) };
    },
    'users.list': () => users.list(),
    'users.create': (input, ctx) => users.create(ctx.actor, input),
    'users.update': ({ id, ...change }, ctx) => users.update(ctx.actor, id, change),
    'roles.list': () => users.roles(),
    'roles.put': ({ name, permissions }, ctx) => {
      users.putRole(ctx.actor, name, permissions);
      return users.roles();
    },
    'roles.delete': ({ name }, ctx) => {
      users.deleteRole(ctx.actor, name);
      return users.roles();
    },
    'settings.sessionLimits': () => sessions.table.limits(),
  };
}
