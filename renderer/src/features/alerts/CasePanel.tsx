import { useEffect, useId, useState } from 'react';
import type { Alert, CaseView } from '../../../../shared/contract/alert-channels';
import { FormError } from '../../components/FormError';
import { formatUtc } from '../../format/time';
import { useSubmit } from '../../hooks/useSubmit';
import { client } from '../../transport';
import { CASE_STATUS_TEXT } from './alertText';

interface CasePanelProps {
  alert: Alert;
  caseView: CaseView | null;
  canTriage: boolean;
  onChanged: () => void;
}

/** The case that holds the alert: who works it, where it stands, and the notes left on it. */
export function CasePanel({ alert, caseView, canTriage, onChanged }: CasePanelProps) {
  const submit = useSubmit();
  const openCase = () => void submit.run(() => client.call('cases.open', { alertId: alert.id })).then((ok) => ok && onChanged());

  return (
    <section className="case-panel" aria-labelledby="case-heading" data-testid="case-panel">
      <h3 id="case-heading">Case</h3>
      {!caseView && (
        <div className="case-none">
          <p>
            {canTriage
              ? 'No case yet. Open one to assign the alert to someone and keep notes while you look into it.'
              : 'No case has been opened for this alert.'}
          </p>
          {canTriage && (
            <button type="button" className="button" onClick={openCase} disabled={submit.busy} data-testid="case-open">
              Open a case
            </button>
          )}
        </div>
      )}
      {caseView && <CaseDetails caseView={caseView} canTriage={canTriage} onChanged={onChanged} />}
      <FormError message={submit.error} testId="case-error" />
    </section>
  );
}

function CaseDetails({ caseView, canTriage, onChanged }: { caseView: CaseView; canTriage: boolean; onChanged: () => void }) {
  const submit = useSubmit();
  const [assignee, setAssignee] = useState(caseView.assignee ?? '');
  const [comment, setComment] = useState('');
  const ids = { assignee: useId(), status: useId(), comment: useId() };
  const closed = caseView.status === 'closed';
  const editable = canTriage && !closed;

  useEffect(() => setAssignee(caseView.assignee ?? ''), [caseView.assignee]);

  const update = (input: { assignee?: string | null; status?: 'open' | 'investigating'; comment?: string }, after?: () => void) =>
    void submit.run(() => client.call('cases.update', { id: caseView.id, ...input })).then((ok) => {
      if (!ok) return;
      after?.();
      onChanged();
    });

  return (
    <div className="case-details" data-testid="case-details" data-case-status={caseView.status}>
      <dl className="facts case-facts">
        <dt>Status</dt>
        <dd>
          {editable ? (
            <select
              id={ids.status}
              aria-label="Case status"
              value={caseView.status}
              onChange={(e) => update({ status: e.target.value as 'open' | 'investigating' })}
              disabled={submit.busy}
              data-testid="case-status"
            >
              <option value="open">{CASE_STATUS_TEXT.open}</option>
              <option value="investigating">{CASE_STATUS_TEXT.investigating}</option>
            </select>
          ) : (
            <span data-testid="case-status-text">
              {CASE_STATUS_TEXT[caseView.status]}
              {caseView.resolution && ` — ${caseView.resolution === 'resolved' ? 'confirmed and resolved' : 'false positive'}`}
            </span>
          )}
        </dd>
        <dt>Assigned to</dt>
        <dd>
          {editable ? (
            <form
              className="case-assign"
              onSubmit={(e) => {
                e.preventDefault();
                update({ assignee: assignee.trim() || null });
              }}
            >
              <input id={ids.assignee} aria-label="Assign to (user name)" value={assignee} placeholder="Nobody yet" onChange={(e) => setAssignee(e.target.value)} maxLength={64} data-testid="case-assignee" />
              <button type="submit" className="button button-small" disabled={submit.busy || assignee.trim() === (caseView.assignee ?? '')}>
                Assign
              </button>
            </form>
          ) : (
            (caseView.assignee ?? 'Nobody')
          )}
        </dd>
        <dt>Last change</dt>
        <dd>
          {formatUtc(caseView.updatedAt)} UTC by {caseView.updatedBy}
        </dd>
      </dl>
      <ol className="case-comments" aria-label="Notes on this case" data-testid="case-comments">
        {caseView.comments.map((c) => (
          <li key={c.id}>
            <span className="case-comment-meta">
              {c.author} · {formatUtc(c.at)} UTC
            </span>
            <p>{c.text}</p>
          </li>
        ))}
        {caseView.comments.length === 0 && <li className="case-comment-none">No notes yet.</li>}
      </ol>
      {canTriage && (
        <form
          className="case-comment-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (comment.trim()) update({ comment: comment.trim() }, () => setComment(''));
          }}
        >
          <label htmlFor={ids.comment}>Add a note</label>
          <textarea id={ids.comment} rows={2} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} placeholder="What you checked, who you spoke to…" data-testid="case-comment" />
          <button type="submit" className="button button-small" disabled={submit.busy || !comment.trim()} data-testid="case-comment-add">
            Add note
          </button>
        </form>
      )}
      <FormError message={submit.error} testId="case-update-error" />
    </div>
  );
}
