import { create } from 'zustand';
import type { SessionInfo } from '../../../../shared/contract/accounts';

/**
 * Where the app stands with the core's accounts. Only `ready` shows the app itself (or, while the
 * session's password is due, the change-password screen); every other phase is a screen of its own.
 */
export type AuthPhase =
  | { name: 'starting' }
  /** auth.status itself failed (the core is not answering). */
  | { name: 'unavailable'; message: string }
  | { name: 'setup' }
  /** First-run setup done: the recovery key is shown once before the app opens. */
  | { name: 'recovery'; recoveryKey: string }
  /** `notice`: why the user is here again (the core's message: password changed, session expired…). */
  | { name: 'login'; notice: string | null }
  | { name: 'locked'; notice: string | null }
  | { name: 'ready' };

interface AuthState {
  phase: AuthPhase;
  storeName: string | null;
  /** The logged-in user's session; kept while locked, so the lock screen can name who is to unlock. */
  session: SessionInfo | null;
  /** The last user name that logged in here, to fill the login form in after a session ends. */
  lastUserName: string;
  /** Whose locked session this is, when the app started on one (a reload): the lock screen greets them. */
  lockedOwner: { userName: string; displayName: string } | null;

  started: (status: {
    setupNeeded: boolean;
    storeName: string | null;
    session: SessionInfo | null;
    locked: { userName: string; displayName: string } | null;
    ended: string | null;
  }) => void;
  unavailable: (message: string) => void;
  setUp: (storeName: string, session: SessionInfo, recoveryKey: string | null) => void;
  recoveryShown: () => void;
  loggedIn: (session: SessionInfo) => void;
  /** The same session with new facts (unlocked, password changed, limits changed). */
  sessionUpdated: (session: SessionInfo) => void;
  sessionLocked: (notice: string | null) => void;
  sessionEnded: (notice: string | null) => void;
}

export const useAuth = create<AuthState>((set, get) => ({
  phase: { name: 'starting' },
  storeName: null,
  session: null,
  lastUserName: '',
  lockedOwner: null,

  started: ({ setupNeeded, storeName, session, locked, ended }) =>
    set({
      storeName,
      session,
      lockedOwner: locked,
      lastUserName: session?.userName ?? locked?.userName ?? get().lastUserName,
      phase: setupNeeded
        ? { name: 'setup' }
        : session
          ? { name: 'ready' }
          : locked
            ? { name: 'locked', notice: null }
            : { name: 'login', notice: ended },
    }),
  unavailable: (message) => set({ phase: { name: 'unavailable', message } }),
  setUp: (storeName, session, recoveryKey) =>
    set({
      storeName,
      session,
      lastUserName: session.userName,
      phase: recoveryKey ? { name: 'recovery', recoveryKey } : { name: 'ready' },
    }),
  recoveryShown: () => set({ phase: { name: 'ready' } }),
  loggedIn: (session) => set({ session, lastUserName: session.userName, phase: { name: 'ready' } }),
  sessionUpdated: (session) => set({ session, lockedOwner: null, phase: { name: 'ready' } }),
  sessionLocked: (notice) => {
    // Only an open session can lock; a late answer from before a logout must not bring the lock back.
    if (get().phase.name !== 'ready' || !get().session) return;
    set({ phase: { name: 'locked', notice } });
  },
  sessionEnded: (notice) => {
    const { phase } = get();
    if (phase.name !== 'ready' && phase.name !== 'locked' && phase.name !== 'recovery') return;
    set({ session: null, lockedOwner: null, phase: { name: 'login', notice } });
  },
}));

export function useSessionInfo(): SessionInfo | null {
  return useAuth((state) => state.session);
}
