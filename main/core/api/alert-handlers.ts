import type { ChannelName } from '../../../shared/contract';
import type { StoredEvent } from '../../../shared/events';
import type { AlertStore } from '../detect/alerts/alert-store';
import type { CaseService } from '../detect/cases/case-service';
import type { RuleSettings } from '../detect/rules/rule-settings';
import type { DetectionService } from '../detect/run/detection-service';
import type { AuditStore } from '../store';
import { AppError } from './errors';
import type { Handler } from './router';

type AlertChannel = 'alerts.list' | 'alerts.get' | 'alerts.feedback' | 'cases.open' | 'cases.update' | 'detection.run' | 'rules.list' | 'rules.update';

export type AlertHandlers = { [C in AlertChannel & ChannelName]: Handler<C> };

export interface AlertHandlerDeps {
  store: AuditStore;
  alerts: AlertStore;
  cases: CaseService;
  detection: DetectionService;
  /** The rules' documents (opened on first use). */
  rules: () => Promise<RuleSettings>;
}

/** Alerts, cases, detection runs and rules: thin, the work is in main/core/detect/. */
export function createAlertHandlers(deps: AlertHandlerDeps): AlertHandlers {
  const { alerts, cases } = deps;
  const withIds = <A extends Parameters<AlertStore['evidenceEventIds']>[0]>(alert: A) => ({ ...alert, evidenceEventIds: alerts.evidenceEventIds(alert) });
  return {
    'alerts.list': (filter) => {
      const { alerts: found, total } = alerts.list(filter);
      return { alerts: found.map(withIds), total, fairness: alerts.fairness(), lastRun: deps.detection.runs.last() };
    },
    'alerts.get': async ({ id }) => {
      const alert = alerts.get(id);
      return { alert: withIds(alert), events: evidenceEvents(deps.store, alert.evidence), case: alert.caseId ? await cases.view(alert.caseId) : null };
    },
    'alerts.feedback': async ({ id, verdict, comment }, ctx) => withIds(await cases.feedback(ctx.actor, id, verdict, comment)),
    'cases.open': ({ alertId }, ctx) => cases.open(ctx.actor, alertId),
    'cases.update': (change, ctx) => cases.update(ctx.actor, change),
    'detection.run': () => deps.detection.run(),
    'rules.list': async () => (await deps.rules()).list(),
    'rules.update': async (change, ctx) => (await deps.rules()).update(ctx.actor, change),
  };
}

/** The evidence as stored events, oldest first; events retention moved to archives are left out. */
function evidenceEvents(store: AuditStore, seqs: readonly number[]): StoredEvent[] {
  const events: StoredEvent[] = [];
  for (const seq of seqs) {
    try {
      events.push(store.events.get(seq));
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'NOT_FOUND')) throw error;
    }
  }
  return events;
}
