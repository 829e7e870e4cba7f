import { useState, type FormEvent } from 'react';
import type { ChannelInput } from '../../../../shared/contract/channels';
import type { UserSummary } from '../../../../shared/contract/accounts';
import { FormError } from '../../components/FormError';
import { TextField } from '../../components/TextField';
import { useSubmit } from '../../hooks/useSubmit';
import { client } from '../../transport';
import { PasswordRules } from '../auth/PasswordRules';
import { RoleSelect } from './RoleSelect';
import type { RoleSummary } from './userText';

interface UserEditorProps {
  user: UserSummary;
  roles: readonly RoleSummary[];
  /** The administrator is editing themselves: a new role or disabling ends their own session. */
  isSelf: boolean;
  onSaved: (user: UserSummary) => void;
  onClose: () => void;
}

type Change = Omit<ChannelInput<'users.update'>, 'id'>;

/** One user's name and role, whether they may log in, and a new first password. */
export function UserEditor({ user, roles, isSelf, onSaved, onClose }: UserEditorProps) {
  const [displayName, setDisplayName] = useState(user.displayName);
  const [role, setRole] = useState(user.role);
  const [password, setPassword] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const submit = useSubmit();

  const update = (change: Change, message: string) => {
    setDone(null);
    void submit.run(async () => {
      const saved = await client.call('users.update', { id: user.id, ...change });
      setDone(message);
      onSaved(saved);
    });
  };

  const saveDetails = (event: FormEvent) => {
    event.preventDefault();
    const change: Change = {};
    if (displayName.trim() !== user.displayName) change.displayName = displayName;
    if (role !== user.role) change.role = role;
    if (Object.keys(change).length === 0) {
      setDone('Nothing to save: no changes.');
      return;
    }
    update(change, change.role ? 'Saved. Their open sessions have ended; they log in again with the new role.' : 'Saved.');
  };

  const resetPassword = (event: FormEvent) => {
    event.preventDefault();
    update({ password }, 'Password reset. Their open sessions have ended; they must choose their own at the next login.');
    setPassword('');
  };

  const roleChanges = role !== user.role;
  return (
    <section className="panel user-editor" aria-labelledby="edit-user-title" data-testid="user-editor" data-name={user.name}>
      <div className="panel-head">
        <h2 id="edit-user-title">
          Edit <span className="mono">{user.name}</span>
        </h2>
        <button type="button" className="button button-small" onClick={onClose} data-testid="edit-user-close">
          Close
        </button>
      </div>

      <form className="form-grid" onSubmit={saveDetails} noValidate>
        <TextField
          label="Name"
          value={displayName}
          onChange={setDisplayName}
          autoFocus
          autoComplete="off"
          invalid={submit.fields.has('displayName')}
          testId="edit-user-display-name"
        />
        <RoleSelect roles={roles} value={role} onChange={setRole} invalid={submit.fields.has('role')} testId="edit-user-role" />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={submit.busy} data-testid="edit-user-save">
            Save
          </button>
          {roleChanges && (
            <span className="form-note">
              {isSelf ? 'A new role ends your own session: you log in again.' : 'A new role ends their open sessions.'}
            </span>
          )}
        </div>
      </form>

      <div className="editor-row">
        <div>
          <h3>{user.disabled ? 'Disabled' : 'May log in'}</h3>
          <p className="form-note">
            {user.disabled
              ? 'This user cannot log in. Their events stay in the log.'
              : 'Disabling ends their open sessions at once and stops new logins; their events stay in the log.'}
          </p>
        </div>
        <button
          type="button"
          className="button"
          disabled={submit.busy}
          onClick={() => update({ disabled: !user.disabled }, user.disabled ? 'Enabled: they can log in again.' : 'Disabled. Their open sessions have ended.')}
          data-testid="edit-user-toggle-disabled"
        >
          {user.disabled ? 'Enable' : isSelf ? 'Disable (logs you out)' : 'Disable'}
        </button>
      </div>

      <form className="form-grid" onSubmit={resetPassword} noValidate>
        <TextField
          label="New first password"
          type="password"
          value={password}
          onChange={setPassword}
          autoComplete="new-password"
          hint={<PasswordRules password={password} names={[user.name, user.displayName]} />}
          invalid={submit.fields.has('password')}
          testId="edit-user-password"
        />
        <div className="form-actions">
          <button type="submit" className="button" disabled={submit.busy || password === ''} data-testid="edit-user-reset">
            Reset password
          </button>
          <span className="form-note">They must change it at their next login; their open sessions end.</span>
        </div>
      </form>

      <FormError message={submit.error} testId="edit-user-error" />
      <div className="live-region" aria-live="polite">
        {done && (
          <p className="form-success" data-testid="edit-user-done">
            {done}
          </p>
        )}
      </div>
    </section>
  );
}
