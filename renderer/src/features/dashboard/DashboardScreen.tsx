import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorPanel } from '../../components/ErrorPanel';
import { ScreenHeader } from '../../components/ScreenHeader';
import { formatCount } from '../../format/money';
import { formatUtc, formatUtcDate } from '../../format/time';
import { useRequest } from '../../hooks/useRequest';
import { client } from '../../transport';
import { useCan } from '../auth/access';
import { useLiveTick } from '../alerts/useLiveTick';
import { FirstRunPanel, type DemoResult } from './FirstRunPanel';
import { LIVE_MS, LiveDashboard } from './LiveDashboard';

export function DashboardScreen() {
  const [demo, setDemo] = useState<DemoResult | null>(null);
  // The demo result is part of the key so the summary is re-read once the demo has been written; new
  // events re-read it too (throttled), so the cards agree with the live figures below them.
  const live = useLiveTick(['events.appended'], LIVE_MS);
  const info = useRequest(`app.info:${demo?.events ?? 0}:${live}`, () => client.call('app.info', {}));
  const database = info.value?.database;
  const canRead = useCan('audit:read');
  const canVerify = useCan('audit:verify');

  return (
    <div className="screen">
      <ScreenHeader title="Dashboard" subtitle="What is in this store’s audit record" />
      {demo && (
        <div className="notice notice-success" role="status" data-testid="demo-done">
          <div>
            <strong>Demo store loaded.</strong>
            <p>
              {formatCount(demo.events)} events from {formatUtcDate(demo.from)} to {formatUtcDate(demo.to)} are ready to
              explore.
            </p>
          </div>
          {canRead && (
            <Link className="button button-primary" to="/timeline">
              Open the Timeline
            </Link>
          )}
        </div>
      )}
      {info.status === 'error' && <ErrorPanel message={info.message} onRetry={info.retry} />}
      {!database && info.status === 'loading' && <SummarySkeleton />}
      {database && database.empty && <FirstRunPanel onLoaded={setDemo} />}
      {database && !database.empty && (
        <section className="summary" aria-label="Database summary" data-testid="db-summary">
          <SummaryCard label="Events recorded" value={formatCount(database.events)} testId="summary-events" />
          <SummaryCard
            label="First event"
            value={database.firstTs ? formatUtcDate(database.firstTs) : '—'}
            detail={database.firstTs ? `${formatUtc(database.firstTs)} UTC` : undefined}
          />
          <SummaryCard
            label="Latest event"
            value={database.lastTs ? formatUtcDate(database.lastTs) : '—'}
            detail={database.lastTs ? `${formatUtc(database.lastTs)} UTC` : undefined}
          />
          <SummaryCard label="Last sequence number" value={`#${database.lastSeq}`} detail={`Schema version ${database.schemaVersion}`} />
        </section>
      )}
      {database && !database.empty && canRead && <LiveDashboard refreshKey={String(demo?.events ?? 0)} />}
      {database && !database.empty && (canRead || canVerify) && (
        <section className="panel next-steps">
          <h2>Where to next</h2>
          <div className="next-grid">
            {canRead && (
              <Link className="next-card" to="/timeline">
                <strong>Search the timeline</strong>
                <span>Find events by cashier, till, action or time and open any one of them.</span>
              </Link>
            )}
            {canRead && (
              <Link className="next-card" to="/alerts">
                <strong>Review alerts</strong>
                <span>See what detection found, with the evidence, and record what you decided.</span>
              </Link>
            )}
            {canVerify && (
              <Link className="next-card" to="/integrity">
                <strong>Verify the audit chain</strong>
                <span>Check that no recorded event has been changed or removed.</span>
              </Link>
            )}
          </div>
        </section>
      )}
    </div>
  );
}

function SummaryCard({ label, value, detail, testId }: { label: string; value: string; detail?: string; testId?: string }) {
  return (
    <div className="summary-card">
      <span className="summary-label">{label}</span>
      <span className="summary-value" data-testid={testId}>
        {value}
      </span>
      {detail && <span className="summary-detail">{detail}</span>}
    </div>
  );
}

function SummarySkeleton() {
  return (
    <section className="summary" aria-busy="true" aria-label="Loading the database summary">
      {[0, 1, 2, 3].map((n) => (
        <div className="summary-card" key={n}>
          <span className="skeleton skeleton-text" />
          <span className="skeleton skeleton-value" />
        </div>
      ))}
    </section>
  );
}
