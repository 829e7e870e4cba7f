import { useState } from 'react';
import { useJobProgress, useJobs } from '../../app/jobsStore';
import { FormError } from '../../components/FormError';
import { ProgressBar } from '../../components/ProgressBar';
import { formatCount } from '../../format/money';
import { errorMessage } from '../../hooks/useRequest';
import { client } from '../../transport';
import { lastRunText, lstmText } from './forecastText';
import type { ForecastCatalog } from './useForecastData';

interface RetrainPanelProps {
  lastRun: ForecastCatalog['lastRun'] | undefined;
  onFinished: () => void;
}

/**
 * "Retrain now" and the progress of any forecasting run (this window's, the schedule's or another
 * window's: progress is pushed to everyone). Training runs in the core's workers; the screen stays usable.
 */
export function RetrainPanel({ lastRun, onFinished }: RetrainPanelProps) {
  const progress = useJobProgress('forecast');
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const running = starting || (progress !== undefined && !progress.finished) || lastRun?.state === 'running';

  const run = async () => {
    useJobs.getState().forget('forecast');
    setStarting(true);
    setError(null);
    try {
      await client.call('forecast.run', { lstm: true });
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setStarting(false);
      onFinished();
    }
  };

  const phase = progress?.phase ? progress.phase.charAt(0).toUpperCase() + progress.phase.slice(1) : 'Starting';
  const label = progress && progress.total > 0 ? `${phase} — ${formatCount(progress.done)} of ${formatCount(progress.total)} series` : `${phase}…`;

  return (
    <div className="forecast-retrain" data-testid="forecast-retrain">
      <button type="button" className="button button-primary" onClick={() => void run()} disabled={running} data-testid="retrain-button">
        {running ? 'Training…' : 'Retrain now'}
      </button>
      {running && <ProgressBar label={label} done={progress?.done ?? 0} total={progress?.total ?? 0} testId="retrain-progress" />}
      {!running && lastRun && (
        <p className="form-note forecast-last-run" data-testid="forecast-last-run" data-state={lastRun.state}>
          {lastRunText(lastRun)} {lstmText(lastRun)}
        </p>
      )}
      {!running && !lastRun && <p className="form-note forecast-last-run">The models have not been trained yet.</p>}
      <FormError message={error} testId="retrain-error" />
    </div>
  );
}
