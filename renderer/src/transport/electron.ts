import type { Bridge } from '../../../shared/contract/client';

declare global {
  interface Window {
    /** Set by the Electron preload through contextBridge; absent in a plain browser. */
    watchdog?: Bridge;
  }
}

/** In Electron the preload already speaks the Bridge interface; nothing to adapt. */
export function electronBridge(): Bridge | null {
  return window.watchdog ?? null;
}
