import type { AlertSeverity } from '../../../../shared/contract/alert-channels';
import { SEVERITY_TEXT, STATUS_TEXT, type AlertStatus } from './alertText';

/** Severity in words as well as colour, so it reads the same in grey-scale and to a screen reader. */
export function SeverityBadge({ severity }: { severity: AlertSeverity }) {
  return (
    <span className={`severity severity-${severity}`} data-testid="severity-badge">
      {SEVERITY_TEXT[severity]}
    </span>
  );
}

export function StatusPill({ status }: { status: AlertStatus }) {
  return <span className={`alert-status alert-status-${status}`}>{STATUS_TEXT[status]}</span>;
}
