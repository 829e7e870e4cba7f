import { useEffect } from 'react';
import { client } from '../transport';
import { useJobs } from './jobsStore';

/**
 * Listens for job progress for the whole app, not per screen, so a progress bar can pick up a job that
 * started before its screen mounted (and the push connection is open before the first job begins).
 */
export function usePushedEvents(): void {
  useEffect(() => client.on('job.progress', (progress) => useJobs.getState().report(progress)), []);
}
