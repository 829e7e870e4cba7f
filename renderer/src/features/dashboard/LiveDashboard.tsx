import { lazy, Suspense } from 'react';
import { Link } from 'react-router';
import type { DashboardSummary } from '../../../../shared/contract/alert-channels';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Spinner } from '../../components/Spinner';
import { formatCount } from '../../format/money';
import { formatUtc } from '../../format/time';
import { useRequest } from '../../hooks/useRequest';
import { client } from '../../transport';
import { SEVERITIES_DESC, SEVERITY_TEXT } from '../alerts/alertText';
import { alertsPath } from '../alerts/useAlertsUrl';
import { useLiveTick } from '../alerts/useLiveTick';
import { ExceptionTable } from './ExceptionTable';

// echarts stays out of the start-up bundle: the charts arrive a moment after the figures.
const DashboardCharts = lazy(() => import('./DashboardCharts'));

/** Imports and tills append in bursts; the figures are re-read at most this often while they do. */
export const LIVE_MS = 2000;

/** The live half of the Dashboard: activity, open alerts, the charts, the exception table and the fairness check. */
export function LiveDashboard({ refreshKey }: { refreshKey: string }) {
  const live = useLiveTick(['events.appended', 'alerts.changed'], LIVE_MS);
  const summary = useRequest(`dashboard.summary:${refreshKey}#${live}`, () => client.call('dashboard.summary', {}));
  const value = summary.value;

  if (!value) {
    if (summary.status === 'error') return <ErrorPanel title="The live figures could not be loaded" message={summary.message} onRetry={summary.retry} />;
    return (
      <div className="dashboard-live-loading">
        <Spinner label="Loading the live figures…" />
      </div>
    );
  }
  return (
    <div className="dashboard-live" data-testid="dashboard-live" aria-busy={summary.status === 'loading'}>
      {summary.status === 'error' && <ErrorPanel title="The live figures could not be refreshed" message={summary.message} onRetry={summary.retry} />}
      <FairnessNotice fairness={value.fairness} />
      <section className="live-cards" aria-label="Activity and open alerts">
        <ActivityCard label="Events today" value={value.eventsToday} asOf={value.asOf} testId="events-today" />
        <ActivityCard label="Events this week" value={value.eventsThisWeek} asOf={value.asOf} testId="events-week" />
        {SEVERITIES_DESC.map((severity) => (
          <Link
            key={severity}
            className={`live-card alert-card alert-card-${severity}`}
            to={alertsPath({ status: 'active', severity })}
            aria-label={`${formatCount(value.alertsBySeverity[severity] ?? 0)} open ${SEVERITY_TEXT[severity].toLowerCase()} alerts — open the list`}
          >
            <span className="summary-label">Open · {SEVERITY_TEXT[severity]}</span>
            <span className="summary-value" data-testid={`open-alerts-${severity}`}>
              {formatCount(value.alertsBySeverity[severity] ?? 0)}
            </span>
          </Link>
        ))}
      </section>
      <Suspense fallback={<div className="dashboard-charts-loading skeleton" aria-hidden="true" />}>
        <DashboardCharts summary={value} />
      </Suspense>
      <ExceptionTable rows={value.exceptions} />
    </div>
  );
}

function ActivityCard({ label, value, asOf, testId }: { label: string; value: number; asOf: string | null; testId: string }) {
  return (
    <div className="live-card">
      <span className="summary-label">{label}</span>
      <span className="summary-value" data-testid={testId}>
        {formatCount(value)}
      </span>
      {asOf && <span className="summary-detail">to the newest event, {formatUtc(asOf).slice(0, 16)} UTC</span>}
    </div>
  );
}

/** Detection that flags one group far more than another may be unfair to it: say so before anyone acts on its alerts. */
function FairnessNotice({ fairness }: { fairness: DashboardSummary['fairness'] }) {
  if (fairness.flags.length === 0) return null;
  return (
    <div className="notice notice-warning fairness-notice" role="status" data-testid="fairness-notice">
      <div>
        <strong>Detection flags some groups much more often than others</strong>
        <ul>
          {fairness.flags.map((flag) => (
            <li key={flag}>{flag}</li>
          ))}
        </ul>
        <p>
          The lowest group's rate is more than {Math.round(fairness.limit * 100)} % below the highest. Before acting on these alerts, check that
          the difference comes from what people did, not from who they are or where they work.
        </p>
      </div>
    </div>
  );
}
