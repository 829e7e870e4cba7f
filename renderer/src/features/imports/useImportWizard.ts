import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImportJobView, ImportKind, ImportPreviewView, MappingTrial } from '../../../../shared/contract/import-channels';
import type { Mapping } from '../../../../shared/import-mapping';
import { errorMessage } from '../../hooks/useRequest';
import { client } from '../../transport';
import { downloadText } from '../timeline/download';
import { uploadFile } from './uploadFile';

export type WizardStep =
  | { step: 'choose' }
  | { step: 'uploading'; fileName: string; sent: number; total: number }
  | { step: 'mapping'; uploadId: string; preview: ImportPreviewView }
  | { step: 'importing'; uploadId: string; job: ImportJobView };

/** A trial is asked for this long after the last change to the mapping. */
const TRIAL_DELAY_MS = 250;
/** Pushes carry the progress; this read catches a push lost while the browser reconnected. */
const POLL_MS = 2000;

/**
 * The import wizard's state: choose a kind and a file → upload (with progress) → preview and mapping,
 * each change tried on the first rows → the import job, followed by its pushes until it ends.
 */
export function useImportWizard() {
  const [kind, setKind] = useState<ImportKind>('events');
  const [state, setState] = useState<WizardStep>({ step: 'choose' });
  const [mapping, setMappingState] = useState<Mapping | null>(null);
  const [trial, setTrial] = useState<MappingTrial | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const uploadAbort = useRef<AbortController | null>(null);
  const jobId = state.step === 'importing' ? state.job.jobId : null;
  const running = state.step === 'importing' && state.job.state === 'running';

  const chooseFile = useCallback(
    async (file: File) => {
      setError(null);
      const abort = new AbortController();
      uploadAbort.current = abort;
      setState({ step: 'uploading', fileName: file.name, sent: 0, total: file.size });
      try {
        const uploadId = await uploadFile(file, (sent) => setState({ step: 'uploading', fileName: file.name, sent, total: file.size }), abort.signal);
        const preview = await client.call('imports.preview', { uploadId, kind });
        setMappingState(preview.mapping);
        setTrial(null);
        setState({ step: 'mapping', uploadId, preview });
      } catch (failure) {
        setState({ step: 'choose' });
        if (!(failure instanceof DOMException && failure.name === 'AbortError')) setError(errorMessage(failure));
      } finally {
        uploadAbort.current = null;
      }
    },
    [kind],
  );

  const stopUpload = useCallback(() => uploadAbort.current?.abort(), []);

  // Every change to the mapping is tried on the first rows (the latest change wins).
  const uploadId = state.step === 'mapping' ? state.uploadId : null;
  const previewKind = state.step === 'mapping' ? state.preview.kind : null;
  useEffect(() => {
    if (!uploadId || !mapping || !previewKind) return;
    let current = true;
    const timer = setTimeout(() => {
      client.call('imports.tryMapping', { uploadId, kind: previewKind, mapping }).then(
        (answer) => current && setTrial(answer),
        (failure: unknown) => current && setError(errorMessage(failure)),
      );
    }, TRIAL_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [uploadId, previewKind, mapping]);

  const setMapping = useCallback((next: Mapping) => {
    setError(null);
    setMappingState(next);
  }, []);

  const start = useCallback(
    async (source: string | null) => {
      if (state.step !== 'mapping' || !mapping) return;
      setBusy(true);
      setError(null);
      try {
        const job = await client.call('imports.start', { uploadId: state.uploadId, kind: state.preview.kind, mapping, source });
        setState({ step: 'importing', uploadId: state.uploadId, job });
      } catch (failure) {
        setError(errorMessage(failure));
      } finally {
        setBusy(false);
      }
    },
    [state, mapping],
  );

  // The job's pushes (and a slow read in case one was missed) while it runs.
  useEffect(() => {
    if (!jobId || !running) return;
    const update = (job: ImportJobView) => {
      if (job.jobId !== jobId) return;
      setState((previous) => (previous.step === 'importing' && previous.job.jobId === jobId && previous.job.state === 'running' ? { ...previous, job } : previous));
    };
    const unsubscribe = client.on('imports.job', update);
    const timer = setInterval(() => void client.call('imports.job', { jobId }).then(update, () => undefined), POLL_MS);
    return () => {
      unsubscribe();
      clearInterval(timer);
    };
  }, [jobId, running]);

  const cancel = useCallback(async () => {
    if (!jobId) return;
    try {
      await client.call('imports.cancel', { jobId });
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, [jobId]);

  const downloadReport = useCallback(async () => {
    if (!jobId) return;
    try {
      const report = await client.call('imports.errorReport', { jobId });
      downloadText(report.fileName, report.mimeType, report.content);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, [jobId]);

  /** Back to the start; an upload that was not imported is deleted. */
  const reset = useCallback(() => {
    if (state.step === 'mapping' || (state.step === 'importing' && state.job.state !== 'completed')) {
      void client.call('imports.discard', { uploadId: state.uploadId }).catch(() => undefined);
    }
    setState({ step: 'choose' });
    setMappingState(null);
    setTrial(null);
    setError(null);
  }, [state]);

  /** Back from the results to the mapping of the same file (a cancelled or failed import, to try again). */
  const backToMapping = useCallback(async () => {
    if (state.step !== 'importing') return;
    try {
      const preview = await client.call('imports.preview', { uploadId: state.uploadId, kind: state.job.kind });
      setState({ step: 'mapping', uploadId: state.uploadId, preview });
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, [state]);

  return { kind, setKind, state, mapping, setMapping, trial, error, busy, chooseFile, stopUpload, start, cancel, downloadReport, reset, backToMapping };
}

export type ImportWizard = ReturnType<typeof useImportWizard>;
