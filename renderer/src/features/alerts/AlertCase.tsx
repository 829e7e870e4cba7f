import type { Alert } from '../../../../shared/contract/alert-channels';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Spinner } from '../../components/Spinner';
import { formatCount } from '../../format/money';
import { formatUtc } from '../../format/time';
import { CasePanel } from './CasePanel';
import { EvidenceChart } from './EvidenceChart';
import { EvidenceTable } from './EvidenceTable';
import { FeedbackBar } from './FeedbackBar';
import { ruleText, scoreText, spanText } from './alertText';
import { SeverityBadge, StatusPill } from './SeverityBadge';
import { useAlertDetail } from './useAlertData';

interface AlertCaseProps {
  id: string;
  /** Goes up on a push or after this tab's triage: the case is re-read. */
  version: number;
  canTriage: boolean;
  onChanged: () => void;
  onClose: () => void;
}

/** One alert worked as a case: what was found and why, the evidence, the case and the decision. */
export function AlertCase({ id, version, canTriage, onChanged, onClose }: AlertCaseProps) {
  const detail = useAlertDetail(id, version);
  const value = detail.value?.alert.id === id ? detail.value : undefined;

  return (
    <section className="panel alert-case" aria-labelledby="alert-case-title" data-testid="alert-case" data-alert-id={id}>
      {!value && detail.status === 'loading' && <Spinner label="Opening the alert…" />}
      {!value && detail.status === 'error' && (
        <ErrorPanel title="This alert could not be opened" message={detail.message} onRetry={detail.retry} />
      )}
      {value && (
        <>
          <header className="alert-case-head">
            <div>
              <div className="alert-case-badges">
                <SeverityBadge severity={value.alert.severity} />
                <StatusPill status={value.alert.status} />
                {detail.status === 'loading' && <Spinner label="Updating…" />}
              </div>
              <h2 id="alert-case-title" data-testid="alert-case-title">
                {value.alert.title}
              </h2>
            </div>
            <button type="button" className="button button-small" onClick={onClose} aria-label="Close the alert">
              Close
            </button>
          </header>
          {detail.status === 'error' && <ErrorPanel title="The alert could not be refreshed" message={detail.message} onRetry={detail.retry} />}
          <AlertFacts alert={value.alert} />
          <h3>Why this was raised</h3>
          <ul className="alert-explanation" data-testid="alert-explanation">
            {value.alert.explanation.map((reason, i) => (
              <li key={i}>{reason}</li>
            ))}
          </ul>
          <h3>Evidence</h3>
          <p className="form-note" data-testid="evidence-count">
            {evidenceNote(value.alert, value.events.length)}
          </p>
          {value.events.length > 0 && (
            <>
              <EvidenceChart events={value.events} />
              <EvidenceTable events={value.events} />
            </>
          )}
          <CasePanel alert={value.alert} caseView={value.case} canTriage={canTriage} onChanged={onChanged} />
          {canTriage && <FeedbackBar alert={value.alert} onChanged={onChanged} />}
        </>
      )}
    </section>
  );
}

function AlertFacts({ alert }: { alert: Alert }) {
  return (
    <dl className="facts alert-facts">
      <dt>Found by</dt>
      <dd>
        {ruleText(alert)}
        {alert.modelVersion && <span className="form-note"> · model {alert.modelVersion}</span>}
      </dd>
      <dt>When</dt>
      <dd>{spanText(alert)}</dd>
      <dt>Store</dt>
      <dd>{alert.storeId}</dd>
      <dt>Users</dt>
      <dd>{alert.users.join(', ') || '—'}</dd>
      <dt>Terminals</dt>
      <dd>{alert.terminals.join(', ') || '—'}</dd>
      <dt>Score</dt>
      <dd>
        {scoreText(alert.score)} <span className="form-note">({alert.source === 'model' ? 'how unusual, to the model' : 'how far past the rule’s limit'})</span>
      </dd>
      <dt>Detected</dt>
      <dd>{formatUtc(alert.detectedAt)} UTC</dd>
    </dl>
  );
}

function evidenceNote(alert: Alert, shown: number): string {
  if (alert.evidenceCount === 0) return 'This alert names no single events: it is about a pattern over time.';
  const total = `${formatCount(alert.evidenceCount)} event${alert.evidenceCount === 1 ? '' : 's'}`;
  const which = shown < alert.evidenceCount ? ` — the first ${formatCount(shown)} are shown` : '';
  return `${total}${which}. Click a point or a number to open the event on the Timeline.`;
}
