import { useRef, useState, type FormEvent } from 'react';
import { FormError } from '../../components/FormError';
import { TextField } from '../../components/TextField';
import { useSubmit } from '../../hooks/useSubmit';
import { logIn } from './authActions';
import { AuthCard } from './AuthCard';
import { useAuth } from './authStore';

/** `notice`: why the user is here again (the core's words: "Your password was changed, which ended this session…"). */
export function LoginScreen({ notice }: { notice: string | null }) {
  const storeName = useAuth((state) => state.storeName);
  const lastUserName = useAuth((state) => state.lastUserName);
  const [name, setName] = useState(lastUserName);
  const [password, setPassword] = useState('');
  const submit = useSubmit();
  const passwordField = useRef<HTMLInputElement>(null);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => {
      try {
        await logIn(name.trim(), password);
      } catch (error) {
        // Another try starts where it is typed; the message stays in the live region below.
        setPassword('');
        passwordField.current?.focus();
        throw error;
      }
    });
  };

  return (
    <AuthCard title={storeName ?? 'Watchdog'} subtitle="Log in to see this store’s audit record." testId="login-screen">
      {notice && (
        <div className="notice notice-neutral auth-notice" role="status" data-testid="login-notice">
          <p>{notice}</p>
        </div>
      )}
      <form className="auth-form" onSubmit={onSubmit} noValidate>
        <TextField
          label="User name"
          value={name}
          onChange={setName}
          autoFocus={!lastUserName}
          required
          autoComplete="username"
          testId="login-name"
        />
        <TextField
          label="Password"
          type="password"
          value={password}
          onChange={setPassword}
          autoFocus={Boolean(lastUserName)}
          required
          autoComplete="current-password"
          invalid={submit.error !== null}
          inputRef={passwordField}
          testId="login-password"
        />
        <FormError message={submit.error} testId="login-error" />
        <button type="submit" className="button button-primary auth-submit" disabled={submit.busy} data-testid="login-submit">
          {submit.busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
      <p className="auth-foot">Forgot your password? An administrator can set a new one for you on the Users screen.</p>
    </AuthCard>
  );
}
