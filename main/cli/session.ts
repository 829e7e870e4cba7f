import type { ChannelInput, ChannelName, ChannelOutput } from '../../shared/contract';
import type { Permission } from '../../shared/permissions';
import { defaultDbPath, openSecureCore, type CallContext, type Core, type TokenHolder } from '../core';
import type { Actor } from '../core/accounts';
import type { AccountEvent } from '../core/accounts/audit-events';
import { AppError } from '../core/api/errors';
import { memoryToken } from '../core/context';
import { CLI_SOURCE, credentialsFor, type Credentials } from './credentials';
import { CliError, EXIT_FAILURE, EXIT_USAGE } from './errors';

/**
 * Opens the database as the hosts do (the keychain's keys). `create: false` for commands that need an
 * existing log: a mistyped path is an error, not a new empty log. A new database's recovery key is
 * printed (stderr) and then forgotten — except by `serve` (`forBrowser`), whose browser first-run
 * screen shows it: it stays pending in the keychain until then, and the core reports the web host.
 */
export async function openCliCore(dbOption: string | undefined, create: boolean, { forBrowser = false } = {}): Promise<Core> {
  const core = await openSecureCore({
    dbPath: dbOption || defaultDbPath(), host: forBrowser ? 'web' : 'cli', create, recoveryKey: process.env.WATCHDOG_RECOVERY_KEY || undefined,
  });
  if (core.recoveryKey && !forBrowser) {
    console.error(`New database. Its recovery key (shown once, write it down and keep it safe):\n  ${core.recoveryKey}\n`);
    await core.recoveryKeyShown();
  }
  return core;
}

/**
 * One CLI run logged in as one user. Everything goes through the router (or the same access check),
 * so the CLI is no back door: a user's role decides what a script may do, and refusals and looks at
 * the log are events, exactly as in the app.
 */
export class CliSession {
  private constructor(
    readonly core: Core,
    private readonly token: TokenHolder,
  ) {}

  /** The session a token already names (first-run setup logs its administrator in). */
  static withToken(core: Core, token: TokenHolder): CliSession {
    return new CliSession(core, token);
  }

  /**
   * Logs in (the core records the outcome). A wrong password, a locked or disabled account: exit 1 with
   * the core's sentence. A password set by an administrator must be changed first (`allowForcedChange`
   * only for `watchdog passwd`, which changes it).
   */
  static async login(core: Core, { user, password }: Credentials, { allowForcedChange = false } = {}): Promise<CliSession> {
    if (core.accounts.users.setupNeeded) {
      throw new CliError(
        `${core.dbPath} has no users yet. Set it up first: watchdog setup --db ${core.dbPath} --store NAME --admin NAME (or watchdog demo, for a demo store).`,
        EXIT_FAILURE,
      );
    }
    let token: string;
    try {
      ({ token } = await core.accounts.sessions.login(user, password, CLI_SOURCE));
    } catch (error) {
      if (error instanceof AppError) throw new CliError(error.message, EXIT_FAILURE);
      throw error;
    }
    const session = new CliSession(core, memoryToken(token));
    if (!allowForcedChange && session.context().session?.mustChangePassword) {
      session.logout();
      throw new CliError(
        `${user} must first replace the password an administrator set: log in to the app, or run watchdog passwd --user ${user}, then run this again.`,
        EXIT_FAILURE,
      );
    }
    return session;
  }

  /** Built per request, as every host does: the session is checked (and kept alive) each time. */
  context(): CallContext {
    return this.core.context({ ...CLI_SOURCE, token: this.token });
  }

  get actor(): Actor {
    return this.context().actor;
  }

  async call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
    const result = await this.core.router.invoke(this.context(), channel, input);
    if (result.ok) return result.value as ChannelOutput<C>;
    const { code, message } = result.error;
    throw new CliError(message, code === 'BAD_INPUT' ? EXIT_USAGE : EXIT_FAILURE);
  }

  /**
   * For work the CLI does outside a channel (signing, archiving, reading a file read-only): the same
   * rule and wording as the router, and a refusal is an `auth.access_denied` event as the router records.
   * `resource` names the work, e.g. `cli.verify`.
   */
  authorize(permission: Permission, resource: string): void {
    const ctx = this.context();
    if (!ctx.session) throw new CliError(ctx.authError?.message ?? 'Please log in.', EXIT_FAILURE);
    if (ctx.permissions.has(permission)) return;
    const message = `Your role (${ctx.session.role}) does not allow this: it needs the ${permission} permission.`;
    this.record({
      action: 'auth.access_denied',
      status: 'failure',
      resourceType: 'channel',
      resourceId: resource,
      errorDetails: message,
      details: { channel: resource, code: 'FORBIDDEN', host: 'cli' },
    });
    throw new CliError(message, EXIT_FAILURE);
  }

  /** A look at the log outside a channel, recorded as the router records one (audit.view / export / verify). */
  recordLook(kind: 'view' | 'export' | 'verify', resource: string, query: Record<string, unknown>): void {
    this.record({ action: `audit.${kind}`, resourceType: 'channel', resourceId: resource, details: { channel: resource, query, host: 'cli' } });
  }

  record(event: AccountEvent): void {
    this.core.accounts.sessions.record(this.actor, event);
  }

  /** Ends the run's session, so CLI runs do not pile up sessions. */
  logout(): void {
    const token = this.token.get();
    if (token) this.core.accounts.sessions.logout(token);
    this.token.set(null);
  }
}

export interface SessionOptions {
  /** The command, for the one-line reason when there are no credentials. */
  command: string;
  /** --user (or WATCHDOG_USER). */
  user?: string;
  /** Create a missing database (default false: a command that needs a user needs a log with users). */
  create?: boolean;
  allowForcedChange?: boolean;
  /** Already asked (passwd asks for both passwords before opening anything). */
  credentials?: Credentials;
}

/**
 * Asks for credentials (before opening anything: without them, exit 2 and nothing is written), opens
 * the database, logs in, runs `work`, and always logs out and closes (also when `work` throws).
 */
export async function withSession<T>(dbOption: string | undefined, work: (session: CliSession) => Promise<T>, options: SessionOptions): Promise<T> {
  const credentials = options.credentials ?? (await credentialsFor(options.command, options.user));
  const core = await openCliCore(dbOption, options.create ?? false);
  try {
    return await withLogin(core, credentials, work, options);
  } finally {
    await core.close();
  }
}

/** Logs in on an open core, runs `work`, logs out. */
export async function withLogin<T>(core: Core, credentials: Credentials, work: (session: CliSession) => Promise<T>, options: { allowForcedChange?: boolean } = {}): Promise<T> {
  const session = await CliSession.login(core, credentials, options);
  try {
    return await work(session);
  } finally {
    session.logout();
  }
}
