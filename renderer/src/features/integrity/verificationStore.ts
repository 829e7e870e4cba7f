import { create } from 'zustand';
import { RequestError } from '../../../../shared/contract/client';
import type { IntegrityReport } from '../../../../shared/contract/integrity';
import { useJobs } from '../../app/jobsStore';
import { errorMessage } from '../../hooks/useRequest';
import { client } from '../../transport';

export type VerifyState =
  | { status: 'idle' }
  /** `cancelling`: Cancel was pressed; the core stops between chunks and the call then rejects with CANCELLED. */
  | { status: 'running'; cancelling: boolean; cancelError: string | null }
  /** `finishedFirst`: Cancel was pressed, but the verification had already finished: its result stands. */
  | { status: 'done'; report: IntegrityReport; finishedAt: string; finishedFirst: boolean }
  | { status: 'cancelled' }
  | { status: 'error'; message: string };

interface VerificationStore {
  state: VerifyState;
  verify: () => Promise<void>;
  cancel: () => Promise<void>;
}

/**
 * The verification outlives the screen: it runs in the core's worker threads, so the user may look at
 * the timeline meanwhile and come back to the progress bar or the result (and a second Verify while one
 * is running would only meet the core's CONFLICT).
 */
export const useVerification = create<VerificationStore>((set, get) => ({
  state: { status: 'idle' },

  verify: async () => {
    if (get().state.status === 'running') return;
    useJobs.getState().forget('verify');
    set({ state: { status: 'running', cancelling: false, cancelError: null } });
    try {
      const report = await client.call('audit.verify', {});
      const before = get().state;
      const finishedFirst = before.status === 'running' && before.cancelling;
      set({ state: { status: 'done', report, finishedAt: new Date().toISOString(), finishedFirst } });
    } catch (error) {
      if (error instanceof RequestError && error.code === 'CANCELLED') set({ state: { status: 'cancelled' } });
      else set({ state: { status: 'error', message: errorMessage(error) } });
    }
  },

  cancel: async () => {
    const before = get().state;
    if (before.status !== 'running' || before.cancelling) return;
    set({ state: { status: 'running', cancelling: true, cancelError: null } });
    try {
      // `cancelled: false` means the core had already finished: the pending call brings its result.
      await client.call('audit.verifyCancel', {});
    } catch (error) {
      const now = get().state;
      if (now.status === 'running') set({ state: { status: 'running', cancelling: false, cancelError: errorMessage(error) } });
    }
  },
}));
