import { Notification, type BrowserWindow } from 'electron';
import type { PushedPayload } from '../../shared/contract';
import type { Alert } from '../../shared/contract/alert-channels';
import type { IpcCore } from './ipc';
import { mayReceiveNow } from './ipc';
import { APP_ENTRY_URL } from './origin';
import type { WindowSessions } from './sessions';
import { focusWindow } from './window';

/** More than this at once is a flood: the rest are summed up in one more notification. */
export const MAX_NOTIFIED = 3;

export interface AlertNotifierOptions {
  getWindow: () => BrowserWindow | null;
  sessions: WindowSessions;
}

/**
 * The renderer's routes (renderer/src/features/alerts/useAlertsUrl.ts, `alertsPath`): one alert
 * under the "all" filter, so it opens whatever its status is by the time the user clicks, and the
 * list of active critical alerts.
 */
export function alertRoute(alertId: string): string {
  return `/alerts?${new URLSearchParams({ status: 'all', alert: alertId }).toString()}`;
}
export const CRITICAL_ALERTS_ROUTE = '/alerts?severity=critical';

/**
 * A desktop notification for each critical alert a detection run raised, so it is seen while the
 * window is hidden or behind another; the window's own toast (CriticalAlertToasts.tsx) says the same
 * inside the app. Shown only to a window whose session may receive `alerts.changed`, as the push
 * itself is: a logged-out or locked app puts no alert title on the desktop. A click brings the window
 * forward on that alert. Returns a function that stops it.
 */
export function notifyCriticalAlerts(core: Pick<IpcCore, 'bus'>, options: AlertNotifierOptions): () => void {
  // Held until clicked or closed: a notification object that is garbage collected loses its click handler.
  const live = new Set<Notification>();
  return core.bus.subscribe((event, payload) => {
    if (event !== 'alerts.changed') return;
    const { critical } = payload as PushedPayload<'alerts.changed'>;
    if (critical.length === 0) return;
    const window = options.getWindow();
    if (!window || window.isDestroyed() || !mayReceiveNow(options.sessions, window, 'alerts.changed', payload as PushedPayload<'alerts.changed'>)) return;
    try {
      if (!Notification.isSupported()) return;
      for (const { title, body, route } of notificationsFor(critical)) {
        const notification = new Notification({ title, body });
        live.add(notification);
        notification.on('close', () => live.delete(notification));
        notification.on('click', () => {
          live.delete(notification);
          openRoute(options.getWindow(), route);
        });
        notification.show();
      }
    } catch (error) {
      // The bus calls us inside the detection run that published; a notification must not fail it.
      console.error('Watchdog could not show a desktop notification:', error);
    }
  });
}

/** The first MAX_NOTIFIED alerts one by one, then one "and N more" that opens the critical list. */
export function notificationsFor(critical: readonly Alert[]): { title: string; body: string; route: string }[] {
  const shown = critical.slice(0, MAX_NOTIFIED).map((alert) => ({ title: 'Watchdog: critical alert', body: alert.title, route: alertRoute(alert.id) }));
  const more = critical.length - shown.length;
  if (more > 0) {
    shown.push({ title: 'Watchdog: critical alerts', body: `And ${more} more critical alert${more === 1 ? '' : 's'}`, route: CRITICAL_ALERTS_ROUTE });
  }
  return shown;
}

/**
 * Shows the window and moves its page to the route. Only the fragment changes (the renderer routes on
 * the hash), so Chromium navigates within the page: nothing reloads and the session stays.
 */
function openRoute(window: BrowserWindow | null, route: string): void {
  if (!window || window.isDestroyed()) return;
  focusWindow(window);
  window.loadURL(`${APP_ENTRY_URL}#${route}`).catch((error: unknown) => console.error('Watchdog could not open the alert:', error));
}
