import { useCallback } from 'react';
import { Link } from 'react-router';
import type { ChannelOutput } from '../../../../shared/contract/channels';
import { ErrorPanel } from '../../components/ErrorPanel';
import { ScreenHeader } from '../../components/ScreenHeader';
import { Spinner } from '../../components/Spinner';
import { formatCount } from '../../format/money';
import { useCan } from '../auth/access';
import { AlertCase } from './AlertCase';
import { AlertFilters } from './AlertFilters';
import { AlertList } from './AlertList';
import { FairnessPanel, FairnessWarning } from './FairnessPanel';
import { RunDetection } from './RunDetection';
import { useAlertFacets, useAlertList } from './useAlertData';
import { useAlertsUrl, type AlertsView } from './useAlertsUrl';

type AlertListOutput = ChannelOutput<'alerts.list'>;

export default function AlertsScreen() {
  const { view, viewKey, alertId, setView, openAlert } = useAlertsUrl();
  const { list, reload, live } = useAlertList(view, viewKey);
  const facets = useAlertFacets();
  const canTriage = useCan('alerts:triage');
  const value = list.value;
  const closeAlert = useCallback(() => openAlert(null), [openAlert]);

  return (
    <div className="screen screen-alerts screen-wide">
      <ScreenHeader
        title="Alerts"
        subtitle="What detection found in the log, most severe first. Times are UTC."
        actions={<RunDetection canRun={canTriage} lastRun={value?.lastRun} onFinished={reload} />}
      />
      {value && <FairnessWarning fairness={value.fairness} />}
      {value && <FairnessPanel fairness={value.fairness} />}
      <AlertFilters view={view} stores={facets.value?.stores ?? []} users={facets.value?.users ?? []} onChange={setView} />
      <div className={alertId ? 'alerts-layout with-case' : 'alerts-layout'}>
        <section className="panel alerts-list-panel" aria-label="Alert list" aria-busy={list.status === 'loading'}>
          <div className="alerts-list-head">
            <span data-testid="alerts-total">{value ? totalText(value) : '\u00a0'}</span>
            {list.status === 'loading' && value && <Spinner label="Updating…" />}
          </div>
          {list.status === 'error' && <ErrorPanel title="Alerts could not be loaded" message={list.message} onRetry={list.retry} />}
          {!value && list.status === 'loading' && <ListSkeleton />}
          {value && value.alerts.length === 0 && <EmptyAlerts list={value} view={view} canTriage={canTriage} onView={setView} />}
          {value && value.alerts.length > 0 && <AlertList alerts={value.alerts} selectedId={alertId} onOpen={openAlert} />}
        </section>
        {alertId ? (
          <AlertCase id={alertId} version={live} canTriage={canTriage} onChanged={reload} onClose={closeAlert} />
        ) : (
          value &&
          value.alerts.length > 0 && (
            <section className="panel alert-case-hint" aria-label="Case">
              <p>Choose an alert to see why it was raised, its evidence on a timeline, and its case.</p>
              <p className="form-note">↑ and ↓ move through the list; Enter opens an alert.</p>
            </section>
          )
        )}
      </div>
    </div>
  );
}

function totalText(list: AlertListOutput): string {
  const total = `${formatCount(list.total)} alert${list.total === 1 ? '' : 's'}`;
  return list.alerts.length < list.total ? `${total} — the first ${formatCount(list.alerts.length)} are shown; narrow them with the filters` : total;
}

function EmptyAlerts({ list, view, canTriage, onView }: { list: AlertListOutput; view: AlertsView; canTriage: boolean; onView: (view: AlertsView) => void }) {
  const filtered = view.status !== 'active' || view.severity || view.source || view.store || view.user;
  if (filtered) {
    return (
      <div className="alerts-empty" data-testid="alerts-empty">
        <strong>No alerts match these filters</strong>
        <p>Try another status or severity, or remove a filter.</p>
        <button type="button" className="button" onClick={() => onView({ status: 'active' })}>
          Clear filters
        </button>
      </div>
    );
  }
  if (!list.lastRun) {
    return (
      <div className="alerts-empty" data-testid="alerts-empty">
        <strong>Detection has not looked at this store’s events yet</strong>
        <p>
          {canTriage
            ? 'Press “Run detection now” above: Watchdog checks the recorded events against its rules and its model of normal activity.'
            : 'A store manager or administrator can run detection from this screen; alerts then appear here.'}
        </p>
        <p className="form-note">
          No events yet? Load the demo store from the <Link to="/dashboard">Dashboard</Link>, or import a till export.
        </p>
      </div>
    );
  }
  return (
    <div className="alerts-empty" data-testid="alerts-empty">
      <strong>Nothing needs your attention</strong>
      <p>Every alert has been dealt with, or detection found nothing unusual.</p>
      <button type="button" className="button" onClick={() => onView({ status: 'all' })}>
        Show all alerts, decided ones too
      </button>
    </div>
  );
}

function ListSkeleton() {
  return (
    <div aria-hidden="true">
      {[0, 1, 2, 3, 4].map((n) => (
        <div className="alert-row alert-row-skeleton" key={n}>
          <span className="skeleton skeleton-text" />
          <span className="skeleton skeleton-text" />
        </div>
      ))}
    </div>
  );
}
