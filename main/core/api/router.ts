import {
  channels,
  isChannelName,
  pushed,
  type PushedName,
  type ChannelName,
  type ChannelOutput,
  type ChannelParsedInput,
  type Result,
} from '../../../shared/contract';
import type { Permission } from '../../../shared/permissions';
import { AppError, describeFields, fieldErrors } from './errors';

export type HostKind = 'electron' | 'web' | 'cli';

/** Who is calling, as far as the core knows. Accounts (issue 4) will put a user and a session here. */
export interface CallContext {
  host: HostKind;
  permissions: ReadonlySet<Permission>;
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
        const value = await dispatch(handlers, ctx, channel, input);
        return { ok: true, value };
      } catch (error) {
        if (error instanceof AppError) return fail(error);
        options.onInternalError?.(channel, error);
        return fail(new AppError('INTERNAL', `${channel} failed unexpectedly; nothing was changed. See the log for details.`));
      }
    },
  };
}

async function dispatch<C extends ChannelName>(handlers: Handlers, ctx: CallContext, channel: C, input: unknown) {
  const spec = channels[channel];
  if (spec.permission !== null && !ctx.permissions.has(spec.permission)) {
    throw new AppError('FORBIDDEN', `You need the ${spec.permission} permission for ${channel}.`);
  }
  const parsed = spec.input.safeParse(input ?? {});
  if (!parsed.success) {
    const fields = fieldErrors(parsed.error.issues);
    throw new AppError('BAD_INPUT', `${channel}: ${describeFields(fields)}`, fields);
  }
  const handler = handlers[channel] as Handler<C>;
  const output = await handler(parsed.data as ChannelParsedInput<C>, ctx);
  const checked = spec.output.safeParse(output);
  if (!checked.success) {
    throw new Error(`${channel} produced output outside its contract: ${describeFields(fieldErrors(checked.error.issues))}`);
  }
  return checked.data;
}

function fail(error: AppError): Result<never> {
  return { ok: false, error: error.toShape() };
}

/** May this caller see a pushed event? The same rule as for requests, applied by every host. */
export function mayReceive(ctx: CallContext, event: PushedName): boolean {
  const permission = pushed[event].permission;
  return permission === null || ctx.permissions.has(permission);
}
