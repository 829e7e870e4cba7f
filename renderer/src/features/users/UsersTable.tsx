import type { UserSummary } from '../../../../shared/contract/accounts';
import { formatUtc } from '../../format/time';
import { roleLabel } from '../auth/access';
import { userStates } from './userText';

interface UsersTableProps {
  users: readonly UserSummary[];
  /** The logged-in user, marked "you". */
  currentUserId: string | undefined;
  editingId: string | null;
  onEdit: (user: UserSummary) => void;
}

export function UsersTable({ users, currentUserId, editingId, onEdit }: UsersTableProps) {
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="users-table">
        <thead>
          <tr>
            <th scope="col">User name</th>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">State</th>
            <th scope="col">Last login (UTC)</th>
            <th scope="col" className="num">
              Open sessions
            </th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id} data-testid="user-row" data-name={user.name} className={user.id === editingId ? 'row-editing' : undefined}>
              <td className="mono">
                {user.name}
                {user.id === currentUserId && <span className="pill pill-neutral you-pill">you</span>}
              </td>
              <td>{user.displayName}</td>
              <td data-testid="user-role-cell">{roleLabel(user.role)}</td>
              <td data-testid="user-state">
                {userStates(user).map((state) => (
                  <span key={state.label} className={`pill pill-state-${state.tone}`}>
                    {state.label}
                  </span>
                ))}
              </td>
              <td className="nowrap">{user.lastLoginAt ? formatUtc(user.lastLoginAt) : 'Never'}</td>
              <td className="num">{user.openSessions}</td>
              <td className="actions">
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => onEdit(user)}
                  aria-label={`Edit ${user.name}`}
                  data-testid="edit-user"
                >
                  Edit
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
