import { useState } from 'react';
import { Link } from 'react-router';
import type { VerifyReport } from '../../../../shared/contract/channels';
import { useJobProgress, useJobs } from '../../app/jobsStore';
import { CopyButton } from '../../components/CopyButton';
import { ErrorPanel } from '../../components/ErrorPanel';
import { ProgressBar } from '../../components/ProgressBar';
import { ScreenHeader } from '../../components/ScreenHeader';
import { formatCount } from '../../format/money';
import { errorMessage } from '../../hooks/useRequest';
import { client } from '../../transport';

type VerifyState =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'done'; report: VerifyReport }
  | { status: 'error'; message: string };

const REASONS: Record<NonNullable<VerifyReport['reason']>, string> = {
  hash_mismatch: 'its contents no longer match its hash',
  prev_hash_mismatch: 'it does not link to the event before it',
  missing_seq: 'an event is missing from the sequence',
  timestamp_mismatch: 'its time is out of order',
};

export function IntegrityScreen() {
  const [state, setState] = useState<VerifyState>({ status: 'idle' });
  const progress = useJobProgress('verify');

  const verify = async () => {
    useJobs.getState().forget('verify');
    setState({ status: 'running' });
    try {
      setState({ status: 'done', report: await client.call('audit.verify', {}) });
    } catch (error) {
      setState({ status: 'error', message: errorMessage(error) });
    }
  };

  const running = state.status === 'running';
  return (
    <div className="screen">
      <ScreenHeader title="Integrity" subtitle="Prove that the audit record has not been altered" />
      <section className="panel">
        <h2>Verify the audit chain</h2>
        <p>
          Each event carries a fingerprint (hash) of its own contents and of the event before it. Verifying recomputes
          every fingerprint in order: if anything was changed, removed or inserted, Watchdog names the first event where
          the chain breaks.
        </p>
        <div className="first-run-actions">
          <button type="button" className="button button-primary" onClick={verify} disabled={running} data-testid="verify-button">
            {running ? 'Verifying…' : 'Verify the audit chain'}
          </button>
        </div>
        {running && (
          <ProgressBar
            label={progress && progress.total > 0 ? `Checked ${formatCount(progress.done)} of ${formatCount(progress.total)} events` : 'Starting…'}
            done={progress?.done ?? 0}
            total={progress?.total ?? 0}
            testId="verify-progress"
          />
        )}
        {state.status === 'error' && <ErrorPanel title="Verification could not run" message={state.message} onRetry={verify} />}
        {state.status === 'done' && <VerifyResult report={state.report} />}
      </section>
    </div>
  );
}

function VerifyResult({ report }: { report: VerifyReport }) {
  const seconds = (report.durationMs / 1000).toFixed(report.durationMs < 10_000 ? 1 : 0);
  if (report.ok) {
    const headline = report.total === 0 ? 'There are no events to verify yet.' : `All ${formatCount(report.total)} events verify.`;
    // The core's message often says the same thing; repeating it word for word reads as a glitch.
    const extra = sameSentence(report.message, headline) ? '' : `${report.message} `;
    return (
      <div className="notice notice-success" role="status" data-testid="verify-result">
        <div>
          <strong>{headline}</strong>
          <p>
            {extra}Checked in {seconds} s.
          </p>
          {report.headHash && (
            <p className="hash-line">
              Latest hash <code className="mono">{report.headHash}</code> <CopyButton value={report.headHash} label="Copy latest hash" />
            </p>
          )}
        </div>
      </div>
    );
  }
  const why = report.reason ? REASONS[report.reason] : 'it does not match the chain';
  return (
    <div className="notice notice-error" role="alert" data-testid="verify-result">
      <div>
        <strong>
          {report.firstBadSeq === null ? `The chain does not verify: ${why}.` : `Event #${report.firstBadSeq} does not verify: ${why}.`}
        </strong>
        <p>{report.message}</p>
        <p>
          {formatCount(report.checked)} of {formatCount(report.total)} events were checked before the break.
          {report.firstBadSeq !== null && (
            <>
              {' '}
              <Link to={`/timeline?event=${report.firstBadSeq}`}>Open event #{report.firstBadSeq}</Link>
            </>
          )}
        </p>
      </div>
    </div>
  );
}

function sameSentence(a: string, b: string): boolean {
  const normalise = (text: string) => text.trim().replace(/[.\s]+$/, '').toLowerCase();
  return normalise(a) === normalise(b);
}
