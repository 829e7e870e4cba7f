import { z } from 'zod';
import {
  AccessRecordSchema,
  AuthStatusSchema,
  DisplayNameSchema,
  PasswordSchema,
  PermissionSchema,
  RoleNameSchema,
  RoleSummarySchema,
  SessionInfoSchema,
  SessionLimitsSchema,
  SessionSummarySchema,
  UserNameSchema,
  UserSummarySchema,
} from './accounts';
import { channel } from './channel-spec';

/**
 * Logins, sessions, users and roles (docs/accounts.md). The session token never crosses the contract:
 * the host keeps it (an httpOnly cookie in the browser, per window in Electron, per run in the CLI).
 */
export const accountChannels = {
  'auth.status': channel({
    summary: 'Whether first-run setup is needed, the store name, and the current session if any',
    permission: null,
    public: true,
    input: z.strictObject({}),
    output: AuthStatusSchema,
  }),
  'auth.setup': channel({
    summary: 'First run only: name the store and create the administrator (who is then logged in); shows the recovery key once',
    permission: null,
    public: true,
    input: z.strictObject({ storeName: z.string().trim().min(1, 'is required').max(100), name: UserNameSchema, displayName: DisplayNameSchema, password: PasswordSchema }),
    output: z.object({ session: SessionInfoSchema, recoveryKey: z.string().nullable() }),
  }),
  'auth.login': channel({
    summary: 'Log in with a user name and password',
    permission: null,
    public: true,
    input: z.strictObject({ name: z.string().min(1, 'is required').max(64), password: PasswordSchema }),
    output: SessionInfoSchema,
  }),
  'auth.unlock': channel({
    summary: 'Go on with a session locked after inactivity, with the same user’s password',
    permission: null,
    public: true,
    input: z.strictObject({ password: PasswordSchema }),
    output: SessionInfoSchema,
  }),
  'auth.logout': channel({
    summary: 'End this session',
    permission: null,
    public: true,
    input: z.strictObject({}),
    output: z.object({ loggedOut: z.boolean() }),
  }),
  'auth.changePassword': channel({
    summary: 'Change your own password; your other sessions end',
    permission: null,
    input: z.strictObject({ currentPassword: PasswordSchema, newPassword: PasswordSchema }),
    output: SessionInfoSchema,
  }),
  'sessions.list': channel({
    summary: 'Your open sessions (everyone’s with users:manage and all: true)',
    permission: null,
    input: z.strictObject({ all: z.boolean().default(false) }),
    output: z.array(SessionSummarySchema),
  }),
  'sessions.revoke': channel({
    summary: 'End one of your sessions (anyone’s with users:manage)',
    permission: null,
    input: z.strictObject({ id: z.string().min(1) }),
    output: z.object({ revoked: z.boolean() }),
  }),
  'users.list': channel({
    summary: 'Every user with role, state and open sessions',
    permission: 'users:manage',
    input: z.strictObject({}),
    output: z.array(UserSummarySchema),
  }),
  'users.create': channel({
    summary: 'Create a user with a first password they must change',
    permission: 'users:manage',
    input: z.strictObject({ name: UserNameSchema, displayName: DisplayNameSchema, role: RoleNameSchema, password: PasswordSchema }),
    output: UserSummarySchema,
  }),
  'users.update': channel({
    summary: 'Change a user’s name, role or state, or reset their password (their sessions end)',
    permission: 'users:manage',
    input: z.strictObject({
      id: z.string().min(1),
      displayName: DisplayNameSchema.optional(),
      role: RoleNameSchema.optional(),
      disabled: z.boolean().optional(),
      password: PasswordSchema.optional(),
    }),
    output: UserSummarySchema,
  }),
  'roles.list': channel({
    summary: 'Built-in and custom roles with their permissions',
    permission: 'users:manage',
    input: z.strictObject({}),
    output: z.array(RoleSummarySchema),
  }),
  'roles.put': channel({
    summary: 'Create or change a custom role',
    permission: 'users:manage',
    input: z.strictObject({ name: RoleNameSchema, permissions: z.array(PermissionSchema).max(20) }),
    output: z.array(RoleSummarySchema),
  }),
  'roles.delete': channel({
    summary: 'Delete a custom role nobody has',
    permission: 'users:manage',
    input: z.strictObject({ name: RoleNameSchema }),
    output: z.array(RoleSummarySchema),
  }),
  'settings.sessionLimits': channel({
    summary: 'Idle lock, absolute session length and sessions per user',
    permission: null,
    input: z.strictObject({}),
    output: SessionLimitsSchema,
  }),
  'audit.accessLog': channel({
    summary: 'Who looked at the log, exported it or verified it, newest first',
    permission: 'audit:read',
    input: z.strictObject({ limit: z.int().min(1).max(500).default(100), beforeSeq: z.int().positive().optional() }),
    output: z.array(AccessRecordSchema),
  }),
} as const;
