import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { ALERT_SEVERITIES, type AlertSeverity } from '../../../../shared/contract/alert-channels';
import { STATUS_FILTERS, type StatusFilter } from './alertText';

export interface AlertsView {
  status: StatusFilter;
  severity?: AlertSeverity;
  source?: 'rule' | 'model';
  store?: string;
  user?: string;
}

const VIEW_KEYS = ['status', 'severity', 'source', 'store', 'user'] as const;

/** The Dashboard links here with a filter (`#/alerts?severity=high`); the list's view and the open alert live in the URL. */
export function alertsPath(view: Partial<AlertsView>, alertId?: string): string {
  const params = new URLSearchParams();
  for (const key of VIEW_KEYS) {
    const value = view[key];
    if (value !== undefined && value !== '' && !(key === 'status' && value === 'active')) params.set(key, value);
  }
  if (alertId) params.set('alert', alertId);
  const search = params.toString();
  return search ? `/alerts?${search}` : '/alerts';
}

function parseView(params: URLSearchParams): AlertsView {
  const status = params.get('status');
  const severity = params.get('severity');
  const source = params.get('source');
  return {
    status: STATUS_FILTERS.some((s) => s.value === status) ? (status as StatusFilter) : 'active',
    severity: ALERT_SEVERITIES.includes(severity as AlertSeverity) ? (severity as AlertSeverity) : undefined,
    source: source === 'rule' || source === 'model' ? source : undefined,
    store: params.get('store') || undefined,
    user: params.get('user') || undefined,
  };
}

export function useAlertsUrl() {
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const view = useMemo(() => parseView(new URLSearchParams(search)), [search]);
  const alertId = params.get('alert');
  const viewKey = alertsPath(view);

  const setView = useCallback(
    (next: AlertsView) => {
      const path = alertsPath(next, alertId ?? undefined);
      setParams(new URLSearchParams(path.split('?')[1] ?? ''));
    },
    [setParams, alertId],
  );

  // Moving between alerts replaces the entry, so Back leaves the screen instead of replaying every row looked at.
  const openAlert = useCallback(
    (id: string | null) => {
      const path = alertsPath(view, id ?? undefined);
      setParams(new URLSearchParams(path.split('?')[1] ?? ''), { replace: alertId !== null });
    },
    [setParams, view, alertId],
  );

  return { view, viewKey, alertId, setView, openAlert };
}
