import { create } from 'zustand';

interface SessionState {
  /** True once the host has refused this tab's token; the whole app is replaced by a message. */
  ended: boolean;
  end: () => void;
}

export const useSession = create<SessionState>((set) => ({
  ended: false,
  end: () => set({ ended: true }),
}));
