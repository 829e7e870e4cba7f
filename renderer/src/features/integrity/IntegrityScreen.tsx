import { useJobProgress } from '../../app/jobsStore';
import { ErrorPanel } from '../../components/ErrorPanel';
import { ProgressBar } from '../../components/ProgressBar';
import { ScreenHeader } from '../../components/ScreenHeader';
import { formatCount } from '../../format/money';
import { IntegrityResult } from './IntegrityResult';
import { CANCELLED_TEXT } from './integrityText';
import { useVerification } from './verificationStore';

export function IntegrityScreen() {
  const state = useVerification((s) => s.state);
  const verify = useVerification((s) => s.verify);
  const cancel = useVerification((s) => s.cancel);
  const progress = useJobProgress('verify');

  const running = state.status === 'running';
  const cancelling = running && state.cancelling;
  const label = cancelling
    ? 'Stopping…'
    : progress && progress.total > 0
      ? `Checked ${formatCount(progress.done)} of ${formatCount(progress.total)} events`
      : 'Starting…';

  return (
    <div className="screen screen-integrity">
      <ScreenHeader title="Integrity" subtitle="Prove that the audit record has not been altered" />
      <section className="panel verify-panel">
        <h2>Verify the audit log</h2>
        <p className="verify-intro">
          Every event is chained to the one before it, and every 10,000 or so events Watchdog signs a checkpoint of the
          whole log. Verifying rechecks every event and every signature: if anything was changed, deleted, reordered or
          put back from an older copy, Watchdog shows where. It runs in the background; you can keep working.
        </p>
        <div className="verify-actions">
          <button
            type="button"
            className="button button-primary"
            onClick={() => void verify()}
            disabled={running}
            data-testid="verify-button"
          >
            {running ? 'Verifying…' : state.status === 'idle' ? 'Verify the audit log' : 'Verify again'}
          </button>
          {running && (
            <button
              type="button"
              className="button"
              onClick={() => void cancel()}
              disabled={cancelling}
              data-testid="verify-cancel"
            >
              {cancelling ? 'Cancelling…' : 'Cancel'}
            </button>
          )}
        </div>
        {running && (
          <ProgressBar
            label={label}
            done={progress?.done ?? 0}
            total={cancelling ? 0 : (progress?.total ?? 0)}
            testId="verify-progress"
          />
        )}
        {running && state.cancelError && (
          <ErrorPanel title="The verification could not be stopped" message={state.cancelError} onRetry={() => void cancel()} />
        )}
        {state.status === 'cancelled' && (
          <div className="notice notice-neutral" role="status" data-testid="verify-cancelled">
            <div>
              <strong>{CANCELLED_TEXT}</strong>
              <p>The log was neither confirmed nor found altered. Verify again whenever you are ready.</p>
            </div>
          </div>
        )}
        {state.status === 'error' && (
          <ErrorPanel title="Verification could not run" message={state.message} onRetry={() => void verify()} />
        )}
      </section>
      {state.status === 'done' && (
        <IntegrityResult report={state.report} finishedAt={state.finishedAt} finishedFirst={state.finishedFirst} />
      )}
    </div>
  );
}
