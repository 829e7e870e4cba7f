import { useId, useState } from 'react';
import type { Alert } from '../../../../shared/contract/alert-channels';
import { FormError } from '../../components/FormError';
import { useSubmit } from '../../hooks/useSubmit';
import { client } from '../../transport';
import { isDecided } from './alertText';

type Verdict = 'false_positive' | 'resolved' | 'reopen';

/** The decision on an alert. Detection learns from it: a false positive teaches the next training run. */
export function FeedbackBar({ alert, onChanged }: { alert: Alert; onChanged: () => void }) {
  const submit = useSubmit();
  const [note, setNote] = useState('');
  const noteId = useId();
  const decided = isDecided(alert.status);

  const send = (verdict: Verdict) =>
    void submit
      .run(() => client.call('alerts.feedback', { id: alert.id, verdict, comment: note.trim() || undefined }))
      .then((ok) => {
        if (!ok) return;
        setNote('');
        onChanged();
      });

  return (
    <section className="feedback-bar" aria-label="Your decision on this alert" data-testid="feedback-bar">
      <div className="field feedback-note">
        <label htmlFor={noteId}>Why (optional, kept with the decision)</label>
        <input id={noteId} value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} data-testid="feedback-note" />
      </div>
      <div className="feedback-buttons">
        {!decided && (
          <>
            <button type="button" className="button" onClick={() => send('false_positive')} disabled={submit.busy} data-testid="feedback-false-positive">
              Mark false positive
            </button>
            <button type="button" className="button button-primary" onClick={() => send('resolved')} disabled={submit.busy} data-testid="feedback-resolve">
              Confirm and resolve
            </button>
          </>
        )}
        {decided && (
          <button type="button" className="button" onClick={() => send('reopen')} disabled={submit.busy} data-testid="feedback-reopen">
            Reopen
          </button>
        )}
      </div>
      <FormError message={submit.error} testId="feedback-error" />
    </section>
  );
}
