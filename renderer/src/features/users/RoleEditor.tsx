import { useId, useState, type FormEvent } from 'react';
import { PERMISSIONS, type Permission } from '../../../../shared/permissions';
import { FormError } from '../../components/FormError';
import { TextField } from '../../components/TextField';
import { useSubmit } from '../../hooks/useSubmit';
import { client } from '../../transport';
import { PERMISSION_TEXT } from '../auth/access';
import type { RoleSummary } from './userText';

interface RoleEditorProps {
  /** null: a new role. */
  role: RoleSummary | null;
  onSaved: (roles: RoleSummary[]) => void;
  onCancel: () => void;
}

/** A custom role: a name and the permissions it grants (built-in roles are fixed). */
export function RoleEditor({ role, onSaved, onCancel }: RoleEditorProps) {
  const [name, setName] = useState(role?.name ?? '');
  const [granted, setGranted] = useState<ReadonlySet<Permission>>(new Set(role?.permissions ?? []));
  const submit = useSubmit();
  const id = useId();

  const toggle = (permission: Permission, on: boolean) => {
    const next = new Set(granted);
    if (on) next.add(permission);
    else next.delete(permission);
    setGranted(next);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    // In the vocabulary's order, so the stored list reads the same whichever box was ticked first.
    const permissions = PERMISSIONS.filter((p) => granted.has(p));
    void submit.run(async () => onSaved(await client.call('roles.put', { name: name.trim(), permissions })));
  };

  return (
    <form className="role-editor" onSubmit={onSubmit} noValidate data-testid="role-editor" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{role ? `Edit the role ${role.name}` : 'New role'}</h3>
      {role ? (
        <p className="form-note">
          {role.users} user{role.users === 1 ? ' has' : 's have'} this role; a change applies to them from their next
          request.
        </p>
      ) : (
        <TextField
          label="Role name"
          value={name}
          onChange={setName}
          autoFocus
          required
          autoComplete="off"
          hint="Lower-case letters, digits and hyphens, e.g. “loss-prevention”."
          invalid={submit.fields.has('name')}
          testId="role-name"
        />
      )}
      <fieldset className="permission-boxes">
        <legend>Permissions</legend>
        {PERMISSIONS.map((permission) => (
          <label key={permission} className="check-field">
            <input
              type="checkbox"
              checked={granted.has(permission)}
              onChange={(e) => toggle(permission, e.target.checked)}
              autoFocus={role !== null && permission === PERMISSIONS[0]}
              data-testid={`role-permission-${permission}`}
            />
            <span>
              <code>{permission}</code> — {PERMISSION_TEXT[permission]}
            </span>
          </label>
        ))}
      </fieldset>
      <FormError message={submit.error} testId="role-error" />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submit.busy} data-testid="role-save">
          {submit.busy ? 'Saving…' : role ? 'Save role' : 'Create role'}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
