import type { ChannelInput, ChannelName, ChannelOutput } from './channels';
import type { PushedName, PushedPayload } from './pushed';
import type { AppErrorShape, Result } from './result';

/**
 * The two calls a host gives the renderer (the preload exposes exactly these; the browser host's
 * HTTP/WebSocket transport implements the same). Untyped at the wire, typed by `createClient`.
 */
export interface Bridge {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
  subscribe(event: string, callback: (payload: unknown) => void): () => void;
}

export class RequestError extends Error {
  readonly code: AppErrorShape['code'];
  readonly fields: AppErrorShape['fields'];
  constructor(error: AppErrorShape) {
    super(error.message);
    this.name = 'RequestError';
    this.code = error.code;
    this.fields = error.fields;
  }
}

export interface Client {
  call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  on<E extends PushedName>(event: E, callback: (payload: PushedPayload<E>) => void): () => void;
}

/** Typed client over any bridge: failures become a `RequestError` carrying the contract's error. */
export function createClient(bridge: Bridge): Client {
  return {
    async call(channel, input) {
      const result = await bridge.invoke(channel, input);
      if (!result.ok) throw new RequestError(result.error);
      return result.value as never;
    },
    on(event, callback) {
      return bridge.subscribe(event, callback as (payload: unknown) => void);
    },
  };
}
