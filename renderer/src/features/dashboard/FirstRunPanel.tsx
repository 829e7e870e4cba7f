import { useState } from 'react';
import type { ChannelOutput } from '../../../../shared/contract/channels';
import { ErrorPanel } from '../../components/ErrorPanel';
import { ProgressBar } from '../../components/ProgressBar';
import { useJobProgress, useJobs } from '../../app/jobsStore';
import { errorMessage } from '../../hooks/useRequest';
import { client } from '../../transport';
import { formatCount } from '../../format/money';
import { useCan } from '../auth/access';

export type DemoResult = ChannelOutput<'demo.load'>;

/** The demo is sized to show three months of seasonality across two stores without a long wait. */
const DEMO = { days: 90, stores: 2, seed: 1 } as const;

export function FirstRunPanel({ onLoaded }: { onLoaded: (result: DemoResult) => void }) {
  const [state, setState] = useState<{ status: 'idle' | 'running' } | { status: 'error'; message: string }>({
    status: 'idle',
  });
  const progress = useJobProgress('demo');
  // The demo ends with a detection run, so the store has alerts to look at; its progress is shown in turn.
  const detection = useJobProgress('detection');
  const canLoad = useCan('settings:write');

  const load = async () => {
    useJobs.getState().forget('demo');
    useJobs.getState().forget('detection');
    setState({ status: 'running' });
    try {
      onLoaded(await client.call('demo.load', DEMO));
      setState({ status: 'idle' });
    } catch (error) {
      setState({ status: 'error', message: errorMessage(error) });
    }
  };

  const running = state.status === 'running';
  const phase = progress?.phase ? capitalise(progress.phase) : 'Starting';
  const label =
    progress && progress.total > 0
      ? `${phase} — ${formatCount(progress.done)} of ${formatCount(progress.total)}`
      : `${phase}…`;

  return (
    <section className="panel first-run" data-testid="first-run">
      <h2>Welcome to Watchdog</h2>
      <p className="lead">
        Watchdog keeps a tamper-evident record of everything that happens at your tills and in the back office — sales,
        refunds, voids, drawer opens, logins, stock changes — and helps you find what needs a closer look.
      </p>
      <ul className="first-run-points">
        <li>Every event is chained to the one before it, so any later change to the record can be detected.</li>
        <li>Search the record by cashier, till, action or time, and open any event to see every detail.</li>
        <li>Everything stays on this computer; it works without a network.</li>
      </ul>
      {canLoad ? (
        <>
          <p>
            This database is empty. Your tills will send their events here once they are connected. To look around
            first, load a demo store: 90 days of made-up activity in two stores.
          </p>
          <div className="first-run-actions">
            <button type="button" className="button button-primary" onClick={load} disabled={running} data-testid="load-demo">
              {running ? 'Loading demo store…' : 'Load demo store'}
            </button>
          </div>
        </>
      ) : (
        <p>
          This database is empty. Your tills will send their events here once they are connected. An administrator can
          load a demo store to look around first.
        </p>
      )}
      {running && !detection && <ProgressBar label={label} done={progress?.done ?? 0} total={progress?.total ?? 0} testId="demo-progress" />}
      {running && detection && (
        <ProgressBar
          label={detection.total > 0 ? `Looking for unusual activity — ${formatCount(detection.done)} of ${formatCount(detection.total)} events` : 'Looking for unusual activity…'}
          done={detection.done}
          total={detection.total}
          testId="demo-progress"
        />
      )}
      {state.status === 'error' && <ErrorPanel title="The demo store could not be loaded" message={state.message} onRetry={load} />}
    </section>
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
