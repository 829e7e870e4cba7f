import {
  channels,
  isChannelName,
  pushed,
  type PushedName,
  type PushedPayload,
  type ChannelName,
  type ChannelOutput,
  type ChannelParsedInput,
  type Result,
} from '../../../shared/contract';
import type { SessionInfo } from '../../../shared/contract/accounts';
import type { Permission } from '../../../shared/permissions';
import type { Actor } from '../accounts/audit-events';
import { AppError, describeFields, fieldErrors } from './errors';

export type HostKind = 'electron' | 'web' | 'cli';

/** The host's hold on a session token: an httpOnly cookie (browser), the window (Electron), the run (CLI). */
export interface TokenHolder {
  get(): string | null;
  set(token: string | null): void;
}

/** Who is calling (core/context.ts builds it from the host's token on every request). */
export interface CallContext {
  host: HostKind;
  /** The session's role's permissions; none before login. */
  permissions: ReadonlySet<Permission>;
  session: SessionInfo | null;
  /** Who the log names for this call (a refusal before login names the source only). */
  actor: Actor;
  /** Why there is no session (none, ended, locked), for the channels that need one. */
  authError: AppError | null;
  token: TokenHolder;
}

export type Handler<C extends ChannelName> = (
  input: ChannelParsedInput<C>,
  ctx: CallContext,
) => ChannelOutput<C> | Promise<ChannelOutput<C>>;

export type Handlers = { [C in ChannelName]: Handler<C> };

export interface Router {
  invoke(ctx: CallContext, channel: unknown, input: unknown): Promise<Result<unknown>>;
}

export interface RouterOptions {
  /** Called for unexpected failures (not AppErrors) so hosts can log them; the caller only sees INTERNAL. */
  onInternalError?: (channel: string, error: unknown) => void;
  /** Records a refusal (no session, no permission) in the log. */
  onRefused?: (ctx: CallContext, channel: ChannelName, error: AppError) => void;
  /**
   * Records a look at the log (channels marked `audit`) before it is answered: a read that cannot be
   * recorded is not made. `input` is the validated input (the query).
   */
  onAudited?: (ctx: CallContext, channel: ChannelName, kind: 'view' | 'export' | 'verify', input: unknown) => void;
}

/**
 * The one router every host uses: look up the channel, validate input, check permission, run the
 * handler, validate output, and answer with a Result. Nothing thrown ever escapes to a host.
 */
export function createRouter(handlers: Handlers, options: RouterOptions = {}): Router {
  return {
    async invoke(ctx, channel, input) {
      if (!isChannelName(channel)) {
        return fail(new AppError('UNKNOWN_CHANNEL', `There is no channel named ${JSON.stringify(channel)}.`));
      }
      try {
        const value = await dispatch(handlers, ctx, channel, input, options);
        return { ok: true, value };
      } catch (error) {
        if (error instanceof AppError) return fail(error);
        options.onInternalError?.(channel, error);
        return fail(new AppError('INTERNAL', `${channel} failed unexpectedly; nothing was changed. See the log for details.`));
      }
    },
  };
}

async function dispatch<C extends ChannelName>(handlers: Handlers, ctx: CallContext, channel: C, input: unknown, options: RouterOptions) {
  const spec = channels[channel];
  const refused = checkAccess(ctx, channel);
  if (refused) {
    // A locked session is recorded once, when it locks; every other refusal is an event of its own.
    if (refused.code !== 'SESSION_LOCKED') options.onRefused?.(ctx, channel, refused);
    throw refused;
  }
  const parsed = spec.input.safeParse(input ?? {});
  if (!parsed.success) {
    const fields = fieldErrors(parsed.error.issues);
    throw new AppError('BAD_INPUT', `${channel}: ${describeFields(fields)}`, fields);
  }
  if ('audit' in spec && spec.audit) options.onAudited?.(ctx, channel, spec.audit, parsed.data);
  const handler = handlers[channel] as Handler<C>;
  const output = await handler(parsed.data as ChannelParsedInput<C>, ctx);
  const checked = spec.output.safeParse(output);
  if (!checked.success) {
    throw new Error(`${channel} produced output outside its contract: ${describeFields(fieldErrors(checked.error.issues))}`);
  }
  return checked.data;
}

/**
 * Who may call what: public channels anyone; the rest a live session (not locked, password not due
 * for its forced change) whose role grants the channel's permission. Null: allowed.
 */
export function checkAccess(ctx: CallContext, channel: ChannelName): AppError | null {
  const spec = channels[channel];
  if ('public' in spec && spec.public) return null;
  if (!ctx.session) return ctx.authError ?? new AppError('UNAUTHENTICATED', 'Please log in.');
  if (ctx.session.mustChangePassword && channel !== 'auth.changePassword' && channel !== 'settings.sessionLimits') {
    return new AppError('FORBIDDEN', 'Change your password first: it was set for you and must be your own.');
  }
  if (spec.permission !== null && !ctx.permissions.has(spec.permission)) {
    return new AppError('FORBIDDEN', `Your role (${ctx.session.role}) does not allow this: it needs the ${spec.permission} permission.`);
  }
  return null;
}

function fail(error: AppError): Result<never> {
  return { ok: false, error: error.toShape() };
}

/**
 * May this caller see a pushed event? The same rule as for requests, applied by every host; an event
 * for one user (`audience: 'owner'`) goes to that user's sessions only.
 */
export function mayReceive<E extends PushedName>(ctx: CallContext, event: E, payload: PushedPayload<E>): boolean {
  const spec: { permission: string | null; audience?: 'owner' } = pushed[event];
  if (!ctx.session || ctx.session.mustChangePassword) return false;
  if (spec.permission !== null && !ctx.permissions.has(spec.permission as Permission)) return false;
  return spec.audience !== 'owner' || (payload as { owner?: unknown }).owner === ctx.actor.userName;
}
