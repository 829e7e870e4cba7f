import { useRef, useState, type FormEvent } from 'react';
import { FormError } from '../../components/FormError';
import { TextField } from '../../components/TextField';
import { useSubmit } from '../../hooks/useSubmit';
import { logOut, unlock } from './authActions';
import { AuthCard } from './AuthCard';
import { useAuth } from './authStore';

/**
 * The session locked after inactivity: only the same user's password opens it again, and nothing of
 * the app is in the page meanwhile. Someone else at the till logs the locked user out instead.
 */
export function LockScreen({ notice }: { notice: string | null }) {
  const open = useAuth((state) => state.session);
  const owner = useAuth((state) => state.lockedOwner);
  // The open session, or (after a reload onto a locked one) whose it is.
  const session = open ?? owner;
  const [password, setPassword] = useState('');
  const submit = useSubmit();
  const passwordField = useRef<HTMLInputElement>(null);
  const leaving = useSubmit();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => {
      try {
        await unlock(password);
      } catch (error) {
        // Another try starts where it is typed; the message stays in the live region below.
        setPassword('');
        passwordField.current?.focus();
        throw error;
      }
    });
  };

  const who = session ? `${session.displayName} (${session.userName})` : 'The user who was logged in';
  return (
    <AuthCard title="Locked" subtitle={`${who} — enter your password to go on.`} testId="lock-screen">
      <div className="notice notice-neutral auth-notice" role="status" data-testid="lock-notice">
        <p>{notice ?? 'Watchdog locked itself while nobody was using it.'}</p>
      </div>
      <form className="auth-form" onSubmit={onSubmit} noValidate>
        {/* For password managers: which account this password belongs to. */}
        <input type="text" className="visually-hidden" autoComplete="username" value={session?.userName ?? ''} readOnly tabIndex={-1} aria-hidden="true" />
        <TextField
          label={session ? `Password for ${session.userName}` : 'Password'}
          type="password"
          value={password}
          onChange={setPassword}
          autoFocus
          required
          autoComplete="current-password"
          invalid={submit.error !== null}
          inputRef={passwordField}
          testId="lock-password"
        />
        <FormError message={submit.error ?? leaving.error} testId="lock-error" />
        <button type="submit" className="button button-primary auth-submit" disabled={submit.busy} data-testid="lock-submit">
          {submit.busy ? 'Unlocking…' : 'Unlock'}
        </button>
      </form>
      <p className="auth-foot">
        Not you?{' '}
        <button type="button" className="link-button" onClick={() => void leaving.run(logOut)} disabled={leaving.busy} data-testid="lock-logout">
          Log out
        </button>
      </p>
    </AuthCard>
  );
}
