import { useState, type FormEvent } from 'react';
import type { UserSummary } from '../../../../shared/contract/accounts';
import { FormError } from '../../components/FormError';
import { TextField } from '../../components/TextField';
import { useSubmit } from '../../hooks/useSubmit';
import { client } from '../../transport';
import { PasswordRules } from '../auth/PasswordRules';
import { RoleSelect } from './RoleSelect';
import type { RoleSummary } from './userText';

interface CreateUserFormProps {
  roles: readonly RoleSummary[];
  onCreated: (user: UserSummary) => void;
  onCancel: () => void;
}

/** A new user with a first password: the user must choose their own at their first login. */
export function CreateUserForm({ roles, onCreated, onCancel }: CreateUserFormProps) {
  const [name, setName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState('clerk');
  const [password, setPassword] = useState('');
  const submit = useSubmit();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => onCreated(await client.call('users.create', { name, displayName, role, password })));
  };

  return (
    <section className="panel" aria-labelledby="create-user-title" data-testid="create-user-form">
      <h2 id="create-user-title">Create a user</h2>
      <form className="form-grid" onSubmit={onSubmit} noValidate>
        <TextField
          label="User name"
          value={name}
          onChange={setName}
          autoFocus
          required
          autoComplete="off"
          hint="What they type to log in."
          invalid={submit.fields.has('name')}
          testId="create-user-name"
        />
        <TextField
          label="Name"
          value={displayName}
          onChange={setDisplayName}
          required
          autoComplete="off"
          hint="How Watchdog shows them, e.g. “Sam Lee”."
          invalid={submit.fields.has('displayName')}
          testId="create-user-display-name"
        />
        <RoleSelect roles={roles} value={role} onChange={setRole} invalid={submit.fields.has('role')} testId="create-user-role" />
        <TextField
          label="First password"
          type="password"
          value={password}
          onChange={setPassword}
          required
          autoComplete="new-password"
          hint={
            <>
              <p className="hint-line">Give it to them in person; they must change it when they first log in.</p>
              <PasswordRules password={password} names={[name, displayName]} />
            </>
          }
          invalid={submit.fields.has('password')}
          testId="create-user-password"
        />
        <div className="form-actions">
          <FormError message={submit.error} testId="create-user-error" />
          <button type="submit" className="button button-primary" disabled={submit.busy} data-testid="create-user-submit">
            {submit.busy ? 'Creating…' : 'Create user'}
          </button>
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
