import { useEffect, useState, type FormEvent } from 'react';
import type { ChannelOutput } from '../../../../shared/contract/channels';
import { ErrorPanel } from '../../components/ErrorPanel';
import { FormError } from '../../components/FormError';
import { Spinner } from '../../components/Spinner';
import { TextField } from '../../components/TextField';
import { useRequest } from '../../hooks/useRequest';
import { useSubmit } from '../../hooks/useSubmit';
import { client } from '../../transport';
import { useCan } from '../auth/access';
import { useAuth } from '../auth/authStore';

type Limits = ChannelOutput<'settings.sessionLimits'>;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const FIELDS: { key: keyof Limits; label: string; unit: string; read: (n: number) => string; hint: string; testId: string }[] = [
  { key: 'idleMinutes', label: 'Lock after inactivity', unit: 'minutes', read: (n) => plural(n, 'minute'), hint: '1 to 1,440. The password opens it again.', testId: 'limits-idle' },
  { key: 'absoluteHours', label: 'Log out after', unit: 'hours', read: (n) => plural(n, 'hour'), hint: '1 to 168, however active the session.', testId: 'limits-absolute' },
  { key: 'maxPerUser', label: 'Sessions per user', unit: 'at most', read: (n) => `at most ${n}`, hint: '1 to 100; a new login ends the oldest.', testId: 'limits-max' },
];

/** How long a session may sit idle or last at all, and how many one user may hold (editable with settings:write). */
export function SessionLimitsPanel() {
  const canEdit = useCan('settings:write');
  const [version, setVersion] = useState(0);
  const limits = useRequest(`settings.sessionLimits#${version}`, () => client.call('settings.sessionLimits', {}));

  return (
    <section className="panel" aria-labelledby="limits-title" data-testid="session-limits">
      <h2 id="limits-title">Sessions</h2>
      {limits.status === 'error' && <ErrorPanel message={limits.message} onRetry={limits.retry} />}
      {!limits.value && limits.status === 'loading' && <Spinner />}
      {limits.value && canEdit && <LimitsForm limits={limits.value} onSaved={() => setVersion((n) => n + 1)} />}
      {limits.value && !canEdit && (
        <>
          <dl className="facts">
            {FIELDS.map((field) => (
              <Fact key={field.key} label={field.label} value={field.read(limits.value?.[field.key] ?? 0)} testId={field.testId} />
            ))}
          </dl>
          <p className="form-note">An administrator can change these.</p>
        </>
      )}
    </section>
  );
}

function Fact({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </>
  );
}

function LimitsForm({ limits, onSaved }: { limits: Limits; onSaved: () => void }) {
  const [draft, setDraft] = useState<Record<keyof Limits, string>>(() => toDraft(limits));
  const [done, setDone] = useState(false);
  const submit = useSubmit();
  useEffect(() => setDraft(toDraft(limits)), [limits]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const values = { idleMinutes: Number(draft.idleMinutes), absoluteHours: Number(draft.absoluteHours), maxPerUser: Number(draft.maxPerUser) };
    const bad = FIELDS.filter((f) => !Number.isInteger(values[f.key]) || draft[f.key].trim() === '');
    if (bad.length) {
      submit.fail(`Enter whole numbers for ${bad.map((f) => f.label.toLowerCase()).join(' and ')}.`, bad.map((f) => f.key));
      return;
    }
    void submit.run(async () => {
      const saved = await client.call('settings.setSessionLimits', values);
      setDone(true);
      // This session's own lock follows the new limit at once.
      const { session, sessionUpdated } = useAuth.getState();
      if (session) sessionUpdated({ ...session, idleMinutes: saved.idleMinutes });
      onSaved();
    });
  };

  return (
    <form className="form-grid" onSubmit={onSubmit} noValidate>
      {FIELDS.map((field) => (
        <TextField
          key={field.key}
          label={`${field.label} (${field.unit})`}
          type="number"
          value={draft[field.key]}
          onChange={(value) => setDraft((d) => ({ ...d, [field.key]: value }))}
          hint={field.hint}
          invalid={submit.fields.has(field.key)}
          testId={field.testId}
        />
      ))}
      <div className="form-actions">
        <FormError message={submit.error} testId="limits-error" />
        <button type="submit" className="button button-primary" disabled={submit.busy} data-testid="limits-save">
          {submit.busy ? 'Saving…' : 'Save'}
        </button>
        <span className="live-region" aria-live="polite">
          {done && (
            <span className="form-success" data-testid="limits-done">
              Saved. They apply to every session from its next request on.
            </span>
          )}
        </span>
      </div>
    </form>
  );
}

function toDraft(limits: Limits): Record<keyof Limits, string> {
  return { idleMinutes: String(limits.idleMinutes), absoluteHours: String(limits.absoluteHours), maxPerUser: String(limits.maxPerUser) };
}
