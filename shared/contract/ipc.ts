/**
 * The wire between the preload and the Electron main process: two IPC names and their envelopes.
 * Both sides import these from here so a channel name is written once. Kept free of imports so the
 * sandboxed preload bundle stays tiny.
 */

/** The one request channel: every contract call travels over it as `{ channel, input }`. */
export const INVOKE_CHANNEL = 'watchdog:invoke';
/** The one push channel: every bus event travels over it as `{ event, payload }`. */
export const EVENT_CHANNEL = 'watchdog:event';
/** The name of the global the renderer finds the bridge under (`window.watchdog`). */
export const BRIDGE_KEY = 'watchdog';

export interface InvokeEnvelope {
  channel: string;
  input: unknown;
}

export interface PushEnvelope {
  event: string;
  payload: unknown;
}
