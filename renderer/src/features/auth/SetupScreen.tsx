import { useState, type FormEvent } from 'react';
import { FormError } from '../../components/FormError';
import { TextField } from '../../components/TextField';
import { useSubmit } from '../../hooks/useSubmit';
import { setUp } from './authActions';
import { AuthCard } from './AuthCard';
import { PasswordRules } from './PasswordRules';

/** First run: name the store and create the administrator, who is then logged in. */
export function SetupScreen() {
  const [storeName, setStoreName] = useState('');
  const [name, setName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const submit = useSubmit();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (password !== confirm) {
      submit.fail('The two passwords do not match. Type the same password in both fields.', ['confirm']);
      return;
    }
    void submit.run(() => setUp({ storeName, name, displayName, password }));
  };

  return (
    <AuthCard
      title="Set up Watchdog"
      subtitle="Name this store and create the administrator account. You can add other users once you are in."
      testId="setup-screen"
    >
      <form className="auth-form" onSubmit={onSubmit} noValidate>
        <TextField
          label="Store name"
          value={storeName}
          onChange={setStoreName}
          autoFocus
          required
          autoComplete="organization"
          hint="Shown on the login screen, e.g. “Store 12 — Main Street”."
          invalid={submit.fields.has('storeName')}
          testId="setup-store"
        />
        <fieldset className="auth-fieldset">
          <legend>Administrator</legend>
          <TextField
            label="User name"
            value={name}
            onChange={setName}
            required
            autoComplete="username"
            hint="What you type to log in: letters, digits, dots, hyphens or underscores."
            invalid={submit.fields.has('name')}
            testId="setup-name"
          />
          <TextField
            label="Your name"
            value={displayName}
            onChange={setDisplayName}
            required
            autoComplete="name"
            hint="How Watchdog shows you to others, e.g. “Dana Smith”."
            invalid={submit.fields.has('displayName')}
            testId="setup-display-name"
          />
          <TextField
            label="Password"
            type="password"
            value={password}
            onChange={setPassword}
            required
            autoComplete="new-password"
            hint={<PasswordRules password={password} names={[name, displayName]} />}
            invalid={submit.fields.has('password')}
            testId="setup-password"
          />
          <TextField
            label="Password again"
            type="password"
            value={confirm}
            onChange={setConfirm}
            required
            autoComplete="new-password"
            invalid={submit.fields.has('confirm')}
            testId="setup-confirm"
          />
        </fieldset>
        <FormError message={submit.error} testId="setup-error" />
        <button type="submit" className="button button-primary auth-submit" disabled={submit.busy} data-testid="setup-submit">
          {submit.busy ? 'Setting up…' : 'Set up Watchdog'}
        </button>
      </form>
    </AuthCard>
  );
}
