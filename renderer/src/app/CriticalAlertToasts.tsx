import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { Alert } from '../../../shared/contract/alert-channels';
import { alertsPath } from '../features/alerts/useAlertsUrl';
import { useCan } from '../features/auth/access';
import { client } from '../transport';

/** More than this at once is a flood; the rest are counted and one link opens them all. */
const MAX_SHOWN = 3;

/**
 * Critical alerts a detection run raised, as toasts on any screen until dismissed, in both hosts. The
 * Electron host also puts each on the desktop from its main process (main/electron/alert-notifications.ts):
 * the window's own notification permission stays denied.
 */
export function CriticalAlertToasts() {
  const canRead = useCan('audit:read');
  const [alerts, setAlerts] = useState<Alert[]>([]);

  useEffect(() => {
    if (!canRead) return;
    return client.on('alerts.changed', ({ critical }) => {
      if (critical.length === 0) return;
      setAlerts((shown) => [...critical.filter((a) => !shown.some((s) => s.id === a.id)), ...shown]);
    });
  }, [canRead]);

  const dismiss = (id: string) => setAlerts((shown) => shown.filter((a) => a.id !== id));
  const hidden = alerts.length - MAX_SHOWN;

  return (
    <div className="toasts" role="region" aria-label="Critical alerts" aria-live="assertive">
      {alerts.slice(0, MAX_SHOWN).map((alert) => (
        <div className="toast toast-critical" key={alert.id} data-testid="critical-toast">
          <div className="toast-body">
            <strong>Critical alert</strong>
            <p>{alert.title}</p>
            <Link to={alertsPath({ status: 'all' }, alert.id)} onClick={() => dismiss(alert.id)}>
              Open the alert
            </Link>
          </div>
          <button type="button" className="button button-small" onClick={() => dismiss(alert.id)} aria-label={`Dismiss: ${alert.title}`}>
            Dismiss
          </button>
        </div>
      ))}
      {hidden > 0 && (
        <div className="toast toast-more">
          <Link to={alertsPath({ status: 'active', severity: 'critical' })} onClick={() => setAlerts([])}>
            {hidden} more critical alert{hidden === 1 ? '' : 's'} — see them all
          </Link>
        </div>
      )}
    </div>
  );
}
