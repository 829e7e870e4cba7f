import { createClient, type Bridge, type Client } from '../../../shared/contract/client';
import { useSession } from '../app/sessionStore';
import { useAuth } from '../features/auth/authStore';
import { electronBridge } from './electron';
import { watchSession } from './sessionWatch';
import { webBridge } from './web';

/** Which host are we in? The preload's `window.watchdog` exists only in Electron. */
function chooseBridge(): Bridge {
  return electronBridge() ?? webBridge({ onSessionEnded: () => useSession.getState().end() });
}

export const client: Client = createClient(
  watchSession(chooseBridge(), {
    onUnauthenticated: (message) => useAuth.getState().sessionEnded(message),
    onLocked: (message) => useAuth.getState().sessionLocked(message),
  }),
);
