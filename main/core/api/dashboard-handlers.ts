import type { z } from 'zod';
import type { AlertSeverity, FairnessSchema } from '../../../shared/contract/alert-channels';
import { DashboardQueries } from '../detect/dashboard/summary-queries';
import type { AuditStore } from '../store';
import type { Handlers } from './router';

type Fairness = z.output<typeof FairnessSchema>;

/** What the Dashboard needs from the alert store (main/core/detect/alerts/). */
export interface DashboardAlerts {
  countsBySeverity(): Record<AlertSeverity, number>;
  openCount(): number;
  fairness(): Fairness;
}

/**
 * `dashboard.summary`: the figures from the events table (main/core/detect/dashboard/) beside the
 * alert store's counts. Computed on every call, so the Dashboard is as live as it asks to be.
 */
export function createDashboardHandlers(deps: { store: AuditStore; alerts: DashboardAlerts }): Pick<Handlers, 'dashboard.summary'> {
  const queries = new DashboardQueries(deps.store.db);
  return {
    'dashboard.summary': () => ({
      ...queries.figures(),
      alertsBySeverity: deps.alerts.countsBySeverity(),
      openAlerts: deps.alerts.openCount(),
      fairness: deps.alerts.fairness(),
    }),
  };
}
