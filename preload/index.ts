import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Bridge } from '../shared/contract/client';
import type { Result } from '../shared/contract/result';
import { BRIDGE_KEY, EVENT_CHANNEL, INVOKE_CHANNEL, type InvokeEnvelope, type PushEnvelope } from '../shared/contract/ipc';

/**
 * Exactly the two calls of the contract's `Bridge`, nothing else: no logic, and never `ipcRenderer`
 * itself, which would let the page send on any channel. The main process checks who is calling.
 */
const bridge: Bridge = {
  invoke(channel, input): Promise<Result<unknown>> {
    const envelope: InvokeEnvelope = { channel, input };
    return ipcRenderer.invoke(INVOKE_CHANNEL, envelope);
  },
  subscribe(event, callback) {
    const listener = (_event: IpcRendererEvent, message: PushEnvelope) => {
      if (message.event === event) callback(message.payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, listener);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, listener);
    };
  },
};

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);

/** What the renderer finds at `window.watchdog`; import it with `import type` only. */
export type WatchdogBridge = Bridge;
/** Absent in the browser host, where the renderer builds its bridge over HTTP and WebSocket instead. */
export interface WatchdogGlobals {
  watchdog?: WatchdogBridge;
}
