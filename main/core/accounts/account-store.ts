import type { Permission } from '../../../shared/permissions';
import { BUILTIN_ROLES, isBuiltinRole } from '../../../shared/roles';
import type { Db } from '../store/database';

/** A user as the accounts tables hold one (the hash stays in here). */
export interface UserRow {
  id: string;
  name: string;
  display_name: string;
  role: string;
  password_hash: string;
  must_change: 0 | 1;
  disabled: 0 | 1;
  failed_logins: number;
  locked_until_ms: number | null;
  lockouts: number;
  created_at: string;
  password_changed_at: string;
  last_login_at: string | null;
}

export interface SessionRow {
  id: string;
  token_hash: Buffer;
  user_id: string;
  host: string;
  source: string;
  device: string | null;
  created_ms: number;
  last_seen_ms: number;
  expires_ms: number;
  locked: 0 | 1;
  ended_ms: number | null;
  end_reason: string | null;
}

export interface SessionLimits {
  idleMinutes: number;
  absoluteHours: number;
  maxPerUser: number;
}

/** The product's defaults: 30 minutes idle, 8 hours absolute, at most 5 sessions per user. */
export const DEFAULT_LIMITS: SessionLimits = { idleMinutes: 30, absoluteHours: 8, maxPerUser: 5 };

/** SQL for the accounts tables (migration 008); no policy here, that is accounts.ts. */
export class AccountStore {
  constructor(readonly db: Db) {}

  userCount(): number {
    return this.db.prepare('SELECT count(*) FROM users').pluck().get() as number;
  }

  userByName(name: string): UserRow | undefined {
    return this.db.prepare('SELECT * FROM users WHERE name = ?').get(name) as UserRow | undefined;
  }

  userById(id: string): UserRow | undefined {
    return this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
  }

  users(): UserRow[] {
    return this.db.prepare('SELECT * FROM users ORDER BY name').all() as UserRow[];
  }

  insertUser(user: Omit<UserRow, 'failed_logins' | 'locked_until_ms' | 'lockouts' | 'last_login_at'>): void {
    this.db
      .prepare(`INSERT INTO users (id, name, display_name, role, password_hash, must_change, disabled, created_at, password_changed_at)
        VALUES (@id, @name, @display_name, @role, @password_hash, @must_change, @disabled, @created_at, @password_changed_at)`)
      .run(user);
  }

  updateUser(id: string, fields: Partial<Omit<UserRow, 'id'>>): void {
    const keys = Object.keys(fields);
    if (keys.length === 0) return;
    this.db.prepare(`UPDATE users SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE id = @id`).run({ ...fields, id });
  }

  /** Built-in roles first, then custom ones; each with its permissions. */
  roles(): { name: string; permissions: Permission[]; builtin: boolean }[] {
    const custom = (this.db.prepare('SELECT name, permissions FROM roles ORDER BY name').all() as { name: string; permissions: string }[]).map((r) => ({
      name: r.name,
      permissions: JSON.parse(r.permissions) as Permission[],
      builtin: false,
    }));
    const builtin = Object.entries(BUILTIN_ROLES).map(([name, permissions]) => ({ name, permissions: [...permissions] as Permission[], builtin: true }));
    return [...builtin, ...custom];
  }

  permissionsOf(role: string): Permission[] | null {
    if (isBuiltinRole(role)) return [...BUILTIN_ROLES[role]];
    const row = this.db.prepare('SELECT permissions FROM roles WHERE name = ?').pluck().get(role) as string | undefined;
    return row === undefined ? null : (JSON.parse(row) as Permission[]);
  }

  putRole(name: string, permissions: readonly Permission[], now: string): void {
    this.db
      .prepare('INSERT INTO roles (name, permissions, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET permissions = excluded.permissions')
      .run(name, JSON.stringify([...permissions].sort()), now);
  }

  deleteRole(name: string): void {
    this.db.prepare('DELETE FROM roles WHERE name = ?').run(name);
  }

  usersWithRole(role: string): number {
    return this.db.prepare('SELECT count(*) FROM users WHERE role = ?').pluck().get(role) as number;
  }

  insertSession(session: Omit<SessionRow, 'locked' | 'ended_ms' | 'end_reason'>): void {
    this.db
      .prepare(`INSERT INTO sessions (id, token_hash, user_id, host, source, device, created_ms, last_seen_ms, expires_ms)
        VALUES (@id, @token_hash, @user_id, @host, @source, @device, @created_ms, @last_seen_ms, @expires_ms)`)
      .run(session);
  }

  sessionByToken(tokenHash: Buffer): SessionRow | undefined {
    return this.db.prepare('SELECT * FROM sessions WHERE token_hash = ?').get(tokenHash) as SessionRow | undefined;
  }

  sessionById(id: string): SessionRow | undefined {
    return this.db.prepare('SELECT * FROM sessions WHERE id = ?').get(id) as SessionRow | undefined;
  }

  /** Sessions not yet ended, oldest first; of one user, or of everyone. */
  openSessions(userId?: string): SessionRow[] {
    return (
      userId === undefined
        ? this.db.prepare('SELECT * FROM sessions WHERE ended_ms IS NULL ORDER BY created_ms').all()
        : this.db.prepare('SELECT * FROM sessions WHERE user_id = ? AND ended_ms IS NULL ORDER BY created_ms').all(userId)
    ) as SessionRow[];
  }

  touchSession(id: string, nowMs: number): void {
    this.db.prepare('UPDATE sessions SET last_seen_ms = ? WHERE id = ?').run(nowMs, id);
  }

  setSessionLocked(id: string, locked: boolean, nowMs: number): void {
    this.db.prepare('UPDATE sessions SET locked = ?, last_seen_ms = ? WHERE id = ?').run(locked ? 1 : 0, nowMs, id);
  }

  endSession(id: string, nowMs: number, reason: string): void {
    this.db.prepare('UPDATE sessions SET ended_ms = ?, end_reason = ? WHERE id = ? AND ended_ms IS NULL').run(nowMs, reason, id);
  }

  /** Remembers a device for a user; true when it is new. */
  rememberDevice(userId: string, device: string, now: string): boolean {
    return this.db.prepare('INSERT OR IGNORE INTO known_devices (user_id, device, first_seen) VALUES (?, ?, ?)').run(userId, device, now).changes === 1;
  }

  setting(key: string): string | undefined {
    return this.db.prepare('SELECT value FROM app_settings WHERE key = ?').pluck().get(key) as string | undefined;
  }

  putSetting(key: string, value: string): void {
    this.db.prepare('INSERT INTO app_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  limits(): SessionLimits {
    const read = (key: string, fallback: number) => {
      const value = Number(this.setting(key));
      return Number.isInteger(value) && value > 0 ? value : fallback;
    };
    return {
      idleMinutes: read('session_idle_minutes', DEFAULT_LIMITS.idleMinutes),
      absoluteHours: read('session_absolute_hours', DEFAULT_LIMITS.absoluteHours),
      maxPerUser: read('session_max_per_user', DEFAULT_LIMITS.maxPerUser),
    };
  }
}
