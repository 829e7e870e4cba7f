import { create } from 'zustand';
import type { PushedPayload } from '../../../shared/contract/pushed';

export type JobProgress = PushedPayload<'job.progress'>;
export type JobKind = JobProgress['kind'];

interface JobsState {
  /** The latest progress report per kind of job; screens show the one they started. */
  latest: Partial<Record<JobKind, JobProgress>>;
  report: (progress: JobProgress) => void;
  forget: (kind: JobKind) => void;
}

export const useJobs = create<JobsState>((set) => ({
  latest: {},
  report: (progress) => set((state) => ({ latest: { ...state.latest, [progress.kind]: progress } })),
  forget: (kind) =>
    set((state) => {
      const latest = { ...state.latest };
      delete latest[kind];
      return { latest };
    }),
}));

export function useJobProgress(kind: JobKind): JobProgress | undefined {
  return useJobs((state) => state.latest[kind]);
}
