import { useState } from 'react';
import { ErrorPanel } from '../../components/ErrorPanel';
import { ScreenHeader } from '../../components/ScreenHeader';
import { Spinner } from '../../components/Spinner';
import { useRequest } from '../../hooks/useRequest';
import { client } from '../../transport';
import { useSessionInfo } from '../auth/authStore';
import { CreateUserForm } from './CreateUserForm';
import { RolesPanel } from './RolesPanel';
import { UserEditor } from './UserEditor';
import { UsersTable } from './UsersTable';

/** Who may use this Watchdog and with which role (users:manage). Every change is an event in the log. */
export function UsersScreen() {
  const session = useSessionInfo();
  // Bumped after every change: the lists are read again rather than patched, so counts stay true.
  const [version, setVersion] = useState(0);
  const users = useRequest(`users.list#${version}`, () => client.call('users.list', {}));
  const roles = useRequest(`roles.list#${version}`, () => client.call('roles.list', {}));
  const [creating, setCreating] = useState(false);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const reload = () => setVersion((n) => n + 1);

  const editing = users.value?.find((u) => u.id === editingId) ?? null;
  const roleList = roles.value ?? [];

  return (
    <div className="screen screen-accounts">
      <ScreenHeader
        title="Users"
        subtitle="Who may use Watchdog, with which role. Every change is recorded in the audit log."
        actions={
          <button
            type="button"
            className="button button-primary"
            onClick={() => {
              setCreating(true);
              setEditingId(null);
              setCreated(null);
            }}
            disabled={creating || !roles.value}
            data-testid="create-user"
          >
            Create user
          </button>
        }
      />
      {created && (
        <div className="notice notice-success" role="status" data-testid="create-user-done">
          <p>
            <strong>{created}</strong> can now log in with the first password you gave them, and will be asked to choose
            their own.
          </p>
        </div>
      )}
      {creating && (
        <CreateUserForm
          roles={roleList}
          onCreated={(user) => {
            setCreating(false);
            setCreated(user.name);
            reload();
          }}
          onCancel={() => setCreating(false)}
        />
      )}
      <section className="panel" aria-label="Users">
        {users.status === 'error' && <ErrorPanel title="The users could not be read" message={users.message} onRetry={users.retry} />}
        {!users.value && users.status === 'loading' && <Spinner />}
        {users.value && (
          <UsersTable
            users={users.value}
            currentUserId={session?.userId}
            editingId={editingId}
            onEdit={(user) => {
              setEditingId(user.id);
              setCreating(false);
              setCreated(null);
            }}
          />
        )}
      </section>
      {editing && (
        <UserEditor
          key={editing.id}
          user={editing}
          roles={roleList}
          isSelf={editing.id === session?.userId}
          onSaved={reload}
          onClose={() => setEditingId(null)}
        />
      )}
      {roles.status === 'error' && <ErrorPanel title="The roles could not be read" message={roles.message} onRetry={roles.retry} />}
      {roles.value && <RolesPanel roles={roles.value} onChanged={reload} />}
    </div>
  );
}
