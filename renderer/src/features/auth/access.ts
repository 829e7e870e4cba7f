import type { Permission } from '../../../../shared/permissions';
import { isBuiltinRole, ROLE_LABELS } from '../../../../shared/roles';
import { useAuth } from './authStore';

/** What each permission lets a user do, in the words the Users screen and the "no access" panel use. */
export const PERMISSION_TEXT: Record<Permission, string> = {
  'audit:read': 'see the audit log (Timeline, events, access log)',
  'audit:append': 'add events to the log (tills, imports)',
  'audit:export': 'export events as files',
  'audit:verify': 'verify the log’s integrity',
  'users:manage': 'manage users, roles and everyone’s sessions',
  'settings:write': 'change settings and load the demo store',
  'forecast:read': 'see forecasts',
  'alerts:triage': 'review and close alerts',
  'terminals:manage': 'manage tills and their keys',
};

/** "Store manager" for a built-in role; a custom role reads as its own name. */
export function roleLabel(role: string | null | undefined): string {
  if (!role) return '—';
  return isBuiltinRole(role) ? ROLE_LABELS[role] : role;
}

/**
 * Whether the logged-in user's role grants a permission. The renderer only hides what would be
 * refused; the core's router is what refuses.
 */
export function useCan(permission: Permission | null | undefined): boolean {
  return useAuth((state) => !permission || (state.session?.permissions.includes(permission) ?? false));
}
