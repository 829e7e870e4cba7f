import { z } from 'zod';
import { wholeNumber } from './numbers';
import { PERMISSIONS } from '../permissions';
import { ROLE_NAME, USER_NAME } from '../roles';

export const PermissionSchema = z.enum(PERMISSIONS);

/** Who is logged in, as the renderer needs it (never the token: that travels in a cookie or stays in the host). */
export const SessionInfoSchema = z.object({
  sessionId: z.string(),
  userId: z.string(),
  userName: z.string(),
  displayName: z.string(),
  role: z.string(),
  permissions: z.array(PermissionSchema),
  /** The password was set by an administrator (or is the first one): it must be changed before anything else. */
  mustChangePassword: z.boolean(),
  createdAt: z.string(),
  /** The absolute end of this session. */
  expiresAt: z.string(),
  /** Minutes of inactivity after which the session locks. */
  idleMinutes: z.int(),
});
export type SessionInfo = z.output<typeof SessionInfoSchema>;

/** Before login: does the app need its first-run setup, what is the store called. */
export const AuthStatusSchema = z.object({
  setupNeeded: z.boolean(),
  storeName: z.string().nullable(),
  session: SessionInfoSchema.nullable(),
  /** This browser's or window's session is locked after inactivity: whose it is, for the lock screen. */
  locked: z.object({ userName: z.string(), displayName: z.string() }).nullable(),
  /** Why the session this browser or window held has ended (expired, password changed, …), if it has. */
  ended: z.string().nullable(),
});

export const UserNameSchema = z.string().trim().regex(USER_NAME, 'use 2–64 letters, digits, dots, hyphens or underscores');
export const DisplayNameSchema = z.string().trim().min(1, 'is required').max(100);
export const PasswordSchema = z.string().min(1, 'is required').max(256);
export const RoleNameSchema = z.string().regex(ROLE_NAME, 'use 2–32 lower-case letters, digits or hyphens, starting with a letter');

export const UserSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  displayName: z.string(),
  role: z.string(),
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
  openSessions: z.int(),
});
export type UserSummary = z.output<typeof UserSummarySchema>;

export const RoleSummarySchema = z.object({
  name: z.string(),
  permissions: z.array(PermissionSchema),
  builtin: z.boolean(),
  users: z.int(),
});

export const SessionSummarySchema = z.object({
  id: z.string(),
  userName: z.string(),
  host: z.string(),
  source: z.string(),
  device: z.string().nullable(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  locked: z.boolean(),
  current: z.boolean(),
});
export type SessionSummary = z.output<typeof SessionSummarySchema>;

export const SessionLimitsSchema = z.object({
  idleMinutes: wholeNumber(1, 24 * 60, 'minutes'),
  absoluteHours: wholeNumber(1, 24 * 7, 'hours'),
  maxPerUser: wholeNumber(1, 100, 'sessions'),
});

/** One look at the log, as the access log lists it (the `audit.view` / `audit.export` / `audit.verify` events). */
export const AccessRecordSchema = z.object({
  seq: z.int(),
  ts: z.string(),
  action: z.string(),
  userName: z.string().nullable(),
  role: z.string().nullable(),
  channel: z.string().nullable(),
  query: z.string(),
});
