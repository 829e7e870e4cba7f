import { useState } from 'react';
import { FormError } from '../../components/FormError';
import { useSubmit } from '../../hooks/useSubmit';
import { client } from '../../transport';
import { PERMISSION_TEXT, roleLabel } from '../auth/access';
import { RoleEditor } from './RoleEditor';
import type { RoleSummary } from './userText';

interface RolesPanelProps {
  roles: readonly RoleSummary[];
  onChanged: (roles: RoleSummary[]) => void;
}

/** What each role may do: the built-in ones read-only, custom ones editable and deletable. */
export function RolesPanel({ roles, onChanged }: RolesPanelProps) {
  const [editing, setEditing] = useState<RoleSummary | 'new' | null>(null);
  /** The role whose Delete was pressed once: a second press, on "Delete for good", deletes it. */
  const [deleting, setDeleting] = useState<string | null>(null);
  const removal = useSubmit();

  const remove = (role: RoleSummary) => {
    void removal.run(async () => onChanged(await client.call('roles.delete', { name: role.name }))).then(() => setDeleting(null));
  };
  const saved = (next: RoleSummary[]) => {
    setEditing(null);
    onChanged(next);
  };

  const builtin = roles.filter((r) => r.builtin);
  const custom = roles.filter((r) => !r.builtin).sort((a, b) => a.name.localeCompare(b.name));
  return (
    <section className="panel" aria-labelledby="roles-title" data-testid="roles-panel">
      <div className="panel-head">
        <h2 id="roles-title">Roles</h2>
        <button type="button" className="button" onClick={() => setEditing('new')} disabled={editing !== null} data-testid="create-role">
          New role
        </button>
      </div>
      <p className="form-note">
        The built-in roles are fixed. A custom role grants exactly the permissions ticked for it; a role can be deleted
        once nobody has it.
      </p>
      <div className="table-scroll">
        <table className="data-table" data-testid="roles-table">
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col">May</th>
              <th scope="col" className="num">
                Users
              </th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {[...builtin, ...custom].map((role) => (
              <tr key={role.name} data-testid="role-row" data-name={role.name}>
                <td className="nowrap">
                  <strong>{roleLabel(role.name)}</strong>
                  <span className="role-kind">{role.builtin ? `built-in · ${role.name}` : 'custom'}</span>
                </td>
                <td>
                  {role.permissions.length === 0 ? (
                    <span className="form-note">nothing yet</span>
                  ) : (
                    <ul className="permission-chips">
                      {role.permissions.map((p) => (
                        <li key={p} title={PERMISSION_TEXT[p]}>
                          <code>{p}</code>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td className="num">{role.users}</td>
                <td className="actions">
                  {!role.builtin && deleting === role.name && (
                    <>
                      <button type="button" className="button button-small button-danger" onClick={() => remove(role)} disabled={removal.busy} autoFocus data-testid="role-delete-confirm">
                        Delete for good
                      </button>
                      <button type="button" className="button button-small" onClick={() => setDeleting(null)}>
                        Keep
                      </button>
                    </>
                  )}
                  {!role.builtin && deleting !== role.name && (
                    <>
                      <button type="button" className="button button-small" onClick={() => setEditing(role)} disabled={editing !== null} data-testid="role-edit">
                        Edit
                      </button>
                      <button
                        type="button"
                        className="button button-small"
                        onClick={() => setDeleting(role.name)}
                        disabled={removal.busy || role.users > 0}
                        title={role.users > 0 ? 'Give its users another role first' : undefined}
                        data-testid="role-delete"
                      >
                        Delete
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <FormError message={removal.error} testId="role-delete-error" />
      {editing !== null && (
        <RoleEditor key={editing === 'new' ? 'new' : editing.name} role={editing === 'new' ? null : editing} onSaved={saved} onCancel={() => setEditing(null)} />
      )}
    </section>
  );
}
