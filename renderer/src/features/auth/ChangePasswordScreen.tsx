import { useState, type FormEvent } from 'react';
import { FormError } from '../../components/FormError';
import { ScreenHeader } from '../../components/ScreenHeader';
import { TextField } from '../../components/TextField';
import { useSubmit } from '../../hooks/useSubmit';
import { changePassword, logOut } from './authActions';
import { AuthCard } from './AuthCard';
import { useSessionInfo } from './authStore';
import { PasswordRules } from './PasswordRules';

/**
 * Forced: the password was set by an administrator (or is the first one) and must be the user's own
 * before anything else. Otherwise the user's own choice, from the user menu, inside the app.
 */
export function ChangePasswordScreen({ forced = false }: { forced?: boolean }) {
  if (forced) {
    return (
      <AuthCard
        title="Choose your own password"
        subtitle="Your password was set for you by an administrator. Choose one only you know before you go on."
        testId="change-password-screen"
      >
        <ChangePasswordForm />
        <p className="auth-foot">
          <button type="button" className="link-button" onClick={() => void logOut()} data-testid="logout">
            Log out
          </button>
        </p>
      </AuthCard>
    );
  }
  return (
    <div className="screen screen-narrow" data-testid="change-password-screen">
      <ScreenHeader title="Change password" subtitle="Your other sessions end when the password changes; this one stays open." />
      <section className="panel">
        <ChangePasswordForm />
      </section>
    </div>
  );
}

function ChangePasswordForm() {
  const session = useSessionInfo();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [done, setDone] = useState(false);
  const submit = useSubmit();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    if (next !== confirm) {
      submit.fail('The two new passwords do not match. Type the same password in both fields.', ['confirm']);
      return;
    }
    void submit.run(() => changePassword(current, next)).then((ok) => {
      if (!ok) return;
      setCurrent('');
      setNext('');
      setConfirm('');
      setDone(true);
    });
  };

  return (
    <form className="auth-form" onSubmit={onSubmit} noValidate>
      <input type="text" className="visually-hidden" autoComplete="username" value={session?.userName ?? ''} readOnly tabIndex={-1} aria-hidden="true" />
      <TextField
        label="Current password"
        type="password"
        value={current}
        onChange={setCurrent}
        autoFocus
        required
        autoComplete="current-password"
        invalid={submit.fields.has('currentPassword')}
        testId="change-password-current"
      />
      <TextField
        label="New password"
        type="password"
        value={next}
        onChange={setNext}
        required
        autoComplete="new-password"
        hint={<PasswordRules password={next} names={[session?.userName ?? '', session?.displayName ?? '']} />}
        invalid={submit.fields.has('newPassword')}
        testId="change-password-new"
      />
      <TextField
        label="New password again"
        type="password"
        value={confirm}
        onChange={setConfirm}
        required
        autoComplete="new-password"
        invalid={submit.fields.has('confirm')}
        testId="change-password-confirm"
      />
      <FormError message={submit.error} testId="change-password-error" />
      <div className="live-region" aria-live="polite">
        {done && (
          <p className="form-success" data-testid="change-password-done">
            Your password has been changed. Any other sessions of yours have ended.
          </p>
        )}
      </div>
      <button type="submit" className="button button-primary auth-submit" disabled={submit.busy} data-testid="change-password-submit">
        {submit.busy ? 'Changing…' : 'Change password'}
      </button>
    </form>
  );
}
