import { useEffect, useRef, useState } from 'react';
import type { ChannelOutput } from '../../../../shared/contract/channels';
import { useJobProgress, useJobs } from '../../app/jobsStore';
import { FormError } from '../../components/FormError';
import { ProgressBar } from '../../components/ProgressBar';
import { formatCount } from '../../format/money';
import { formatUtc } from '../../format/time';
import { errorMessage } from '../../hooks/useRequest';
import { client } from '../../transport';

export type DetectionRun = ChannelOutput<'detection.run'>;

interface RunDetectionProps {
  canRun: boolean;
  lastRun: DetectionRun | null | undefined;
  onFinished: () => void;
}

/**
 * "Run detection now" and the progress of any run (this tab's, or one started elsewhere: the progress is
 * pushed to everyone), then what the last run found. The core runs it off the writer; the page stays usable.
 */
export function RunDetection({ canRun, lastRun, onFinished }: RunDetectionProps) {
  const progress = useJobProgress('detection');
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const running = starting || (progress !== undefined && !progress.finished) || lastRun?.state === 'running';

  // A run started elsewhere ends with a last push; the list (and its lastRun) is read again then.
  const finishedRef = useRef(onFinished);
  useEffect(() => {
    finishedRef.current = onFinished;
  });
  const finished = progress?.finished ?? false;
  useEffect(() => {
    if (finished) finishedRef.current();
  }, [finished]);

  const run = async () => {
    useJobs.getState().forget('detection');
    setStarting(true);
    setError(null);
    try {
      await client.call('detection.run', {});
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setStarting(false);
      onFinished();
    }
  };

  const label = progress && progress.total > 0 ? `${phaseText(progress.phase)} — ${formatCount(progress.done)} of ${formatCount(progress.total)} events` : `${phaseText(progress?.phase)}…`;

  return (
    <div className="run-detection" data-testid="run-detection">
      {canRun && (
        <button type="button" className="button button-primary" onClick={() => void run()} disabled={running} data-testid="run-detection-button">
          {running ? 'Detection is running…' : 'Run detection now'}
        </button>
      )}
      {running && <ProgressBar label={label} done={progress?.done ?? 0} total={progress?.total ?? 0} testId="detection-progress" />}
      {!running && lastRun && <p className="form-note run-detection-last" data-testid="detection-last-run">{lastRunText(lastRun)}</p>}
      <FormError message={error} testId="detection-error" />
    </div>
  );
}

function phaseText(phase: string | undefined): string {
  if (!phase) return 'Starting';
  return phase.charAt(0).toUpperCase() + phase.slice(1);
}

function lastRunText(run: DetectionRun): string {
  const when = `Last run ${formatUtc(run.finishedAt ?? run.startedAt)} UTC`;
  if (run.state === 'failed') return `${when} stopped: ${run.failure ?? 'no reason was given'}.`;
  const found = `${formatCount(run.alertsRaised)} new alert${run.alertsRaised === 1 ? '' : 's'}, ${formatCount(run.alertsUpdated)} updated`;
  return `${when}: looked at ${formatCount(run.done)} events, ${found}, in ${(run.elapsedMs / 1000).toFixed(1)} s.`;
}
