import { create } from 'zustand';

interface SessionState {
  /**
   * True once the browser host has refused this browser itself (it was never admitted by the printed
   * address, or the host restarted with a new one). Logging in cannot help; the whole app is replaced
   * by a message. A user's login session is features/auth/authStore.ts.
   */
  ended: boolean;
  end: () => void;
}

export const useSession = create<SessionState>((set) => ({
  ended: false,
  end: () => set({ ended: true }),
}));
