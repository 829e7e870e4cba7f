import { PERMISSIONS, type Permission } from './permissions';

/**
 * The built-in roles and what each may do (docs/accounts.md). Shared so the renderer hides what a user
 * may not do; the core's router is what refuses. Administrators may add custom roles.
 */
export const BUILTIN_ROLES = {
  admin: [...PERMISSIONS],
  manager: ['audit:read', 'audit:export', 'forecast:read', 'alerts:triage', 'terminals:manage'],
  auditor: ['audit:read', 'audit:export', 'audit:verify', 'forecast:read'],
  clerk: ['forecast:read'],
} as const satisfies Record<string, readonly Permission[]>;

export type BuiltinRole = keyof typeof BUILTIN_ROLES;

export const BUILTIN_ROLE_NAMES = Object.keys(BUILTIN_ROLES) as BuiltinRole[];

export function isBuiltinRole(name: string): name is BuiltinRole {
  return Object.hasOwn(BUILTIN_ROLES, name);
}

/** What people read in the UI and in audit events. */
export const ROLE_LABELS: Record<BuiltinRole, string> = {
  admin: 'Administrator',
  manager: 'Store manager',
  auditor: 'Auditor',
  clerk: 'Clerk',
};

/** Role names: lower-case words joined by hyphens, so they read well in events and URLs. */
export const ROLE_NAME = /^[a-z][a-z0-9-]{1,31}$/;
/** Password length bounds (the other rules are the core's: main/core/accounts/passwords.ts). */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

/** Login names: letters, digits and . _ -, case-insensitive. */
export const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/;
