import { create } from 'zustand';

interface LiveState {
  /** Events appended since the table was last loaded; shown as "N new events — show", never auto-inserted. */
  pending: number;
  add: (count: number) => void;
  reset: () => void;
}

export const useLive = create<LiveState>((set) => ({
  pending: 0,
  add: (count) => set((state) => ({ pending: state.pending + count })),
  reset: () => set({ pending: 0 }),
}));
