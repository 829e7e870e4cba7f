import { randomUUID } from 'node:crypto';
import type { SessionInfo, UserSummary } from '../../../shared/contract/accounts';
import { PERMISSIONS, type Permission } from '../../../shared/permissions';
import { isBuiltinRole } from '../../../shared/roles';
import { AppError } from '../api/errors';
import type { UserRow } from './account-store';
import type { Actor } from './audit-events';
import { hashPassword, passwordProblems } from './passwords';
import type { LoginSource, Sessions } from './sessions';

export interface NewUser {
  name: string;
  displayName: string;
  role: string;
  password: string;
}

/**
 * First-run setup, users and roles (docs/accounts.md). Administrators create users with a first
 * password the user must change; disabling a user or resetting a password ends their sessions;
 * the last enabled administrator cannot be disabled or demoted. Every change is an event.
 */
export class Users {
  constructor(
    private readonly sessions: Sessions,
    private readonly now: () => Date,
  ) {}

  private get table() {
    return this.sessions.table;
  }

  get setupNeeded(): boolean {
    return this.table.userCount() === 0;
  }

  get storeName(): string | null {
    return this.table.setting('store_name') ?? null;
  }

  /** First run: names the store and creates the administrator, who is then logged in. */
  async setup(storeName: string, admin: Omit<NewUser, 'role'>, from: LoginSource): Promise<{ token: string; info: SessionInfo }> {
    if (!this.setupNeeded) throw new AppError('CONFLICT', 'This Watchdog is already set up. Log in instead.');
    this.checkPassword(admin.password, admin);
    const hash = await hashPassword(admin.password);
    // Checked again after the await: two first-run screens must not both create an administrator.
    if (!this.setupNeeded) throw new AppError('CONFLICT', 'This Watchdog is already set up. Log in instead.');
    const user = this.row({ ...admin, role: 'admin' }, hash, false);
    this.sessions.store.db.transaction(() => {
      this.table.putSetting('store_name', storeName);
      this.table.insertUser(user);
    })();
    const actor: Actor = { userName: user.name, role: 'admin', sessionId: null, source: from.source, userAgent: from.userAgent };
    this.sessions.record(actor, { action: 'config.change', resourceType: 'setting', resourceId: 'store_name', details: { store_name: storeName, first_run: true } });
    this.sessions.record(actor, { action: 'user.create', resourceType: 'user', resourceId: user.name, details: { role: 'admin', first_run: true } });
    const created = this.table.userById(user.id) as UserRow;
    return this.sessions.open(created, from, this.now().getTime());
  }

  list(): UserSummary[] {
    const nowMs = this.now().getTime();
    const open = new Map<string, number>();
    for (const s of this.table.openSessions()) if (s.expires_ms > nowMs) open.set(s.user_id, (open.get(s.user_id) ?? 0) + 1);
    return this.table.users().map((u) => ({
      id: u.id,
      name: u.name,
      displayName: u.display_name,
      role: u.role,
      disabled: u.disabled === 1,
      mustChangePassword: u.must_change === 1,
      lockedUntil: u.locked_until_ms !== null && u.locked_until_ms > nowMs ? new Date(u.locked_until_ms).toISOString() : null,
      createdAt: u.created_at,
      lastLoginAt: u.last_login_at,
      openSessions: open.get(u.id) ?? 0,
    }));
  }

  /**
   * A new user with a first password they must change at their first login. `mustChange: false` only
   * for passwords that are public anyway (the demo users of docs/demo-data.md); the channel always forces it.
   */
  async create(actor: Actor, input: NewUser, { mustChange = true }: { mustChange?: boolean } = {}): Promise<UserSummary> {
    if (this.table.userByName(input.name)) throw new AppError('CONFLICT', `There is already a user named ${input.name}.`, [{ path: 'name', message: 'is taken' }]);
    this.checkRole(input.role);
    this.checkPassword(input.password, input);
    const user = this.row(input, await hashPassword(input.password), mustChange);
    this.table.insertUser(user);
    this.sessions.record(actor, { action: 'user.create', resourceType: 'user', resourceId: user.name, details: { role: user.role } });
    this.sessions.record(actor, { action: 'role.assign', resourceType: 'user', resourceId: user.name, details: { role: user.role } });
    return this.summary(user.id);
  }

  async update(actor: Actor, id: string, change: { displayName?: string; role?: string; disabled?: boolean; password?: string }): Promise<UserSummary> {
    const user = this.table.userById(id);
    if (!user) throw new AppError('NOT_FOUND', 'There is no such user.');
    if (change.role !== undefined) this.checkRole(change.role);
    const demoted = change.role !== undefined && change.role !== 'admin' && user.role === 'admin';
    if ((demoted || change.disabled === true) && user.role === 'admin' && this.enabledAdmins() <= 1 && user.disabled === 0) {
      throw new AppError('CONFLICT', 'This is the only enabled administrator: make someone else an administrator first.');
    }
    if (change.password !== undefined) this.checkPassword(change.password, { name: user.name, displayName: change.displayName ?? user.display_name });
    const hash = change.password !== undefined ? await hashPassword(change.password) : undefined;
    const nowMs = this.now().getTime();
    const fields: Partial<UserRow> = {};
    if (change.displayName !== undefined) fields.display_name = change.displayName;
    if (change.role !== undefined) fields.role = change.role;
    if (change.disabled !== undefined) fields.disabled = change.disabled ? 1 : 0;
    // A reset password is a first password: the user must change it.
    if (hash !== undefined) Object.assign(fields, { password_hash: hash, must_change: 1, password_changed_at: new Date(nowMs).toISOString(), locked_until_ms: null, failed_logins: 0 });
    // Disabling, a new role or a reset password ends the user's sessions: they log in again under the new terms.
    const endsSessions = change.disabled === true || (change.role !== undefined && change.role !== user.role) || hash !== undefined;
    const reason = change.disabled === true ? 'user_disabled' : hash !== undefined ? 'password_changed' : 'revoked';
    const ended = endsSessions ? this.sessions.endAll(id, nowMs, reason, null, () => this.table.updateUser(id, fields)) : (this.table.updateUser(id, fields), []);
    const details = { ...change, password: hash !== undefined ? 'reset' : undefined, ended_sessions: ended };
    if (change.role !== undefined && change.role !== user.role) {
      this.sessions.record(actor, { action: 'role.revoke', resourceType: 'user', resourceId: user.name, details: { role: user.role } });
      this.sessions.record(actor, { action: 'role.assign', resourceType: 'user', resourceId: user.name, details: { role: change.role } });
    }
    this.sessions.record(actor, { action: 'user.update', resourceType: 'user', resourceId: user.name, details });
    return this.summary(id);
  }

  roles() {
    return this.table.roles().map((r) => ({ ...r, users: this.table.usersWithRole(r.name) }));
  }

  putRole(actor: Actor, name: string, permissions: Permission[]): void {
    if (isBuiltinRole(name)) throw new AppError('CONFLICT', `${name} is a built-in role; its permissions are fixed. Create a custom role instead.`);
    const unknown = permissions.filter((p) => !(PERMISSIONS as readonly string[]).includes(p));
    if (unknown.length) throw new AppError('BAD_INPUT', `Unknown permissions: ${unknown.join(', ')}.`);
    const existed = this.table.permissionsOf(name) !== null;
    this.table.putRole(name, permissions, this.now().toISOString());
    this.sessions.record(actor, { action: existed ? 'role.update' : 'role.create', resourceType: 'role', resourceId: name, details: { permissions } });
  }

  deleteRole(actor: Actor, name: string): void {
    if (isBuiltinRole(name)) throw new AppError('CONFLICT', `${name} is a built-in role and cannot be deleted.`);
    if (this.table.permissionsOf(name) === null) throw new AppError('NOT_FOUND', `There is no role named ${name}.`);
    const users = this.table.usersWithRole(name);
    if (users > 0) throw new AppError('CONFLICT', `${users} user${users === 1 ? ' has' : 's have'} the role ${name}: give them another role first.`);
    this.table.deleteRole(name);
    this.sessions.record(actor, { action: 'role.delete', resourceType: 'role', resourceId: name });
  }

  private summary(id: string): UserSummary {
    return this.list().find((u) => u.id === id) as UserSummary;
  }

  private enabledAdmins(): number {
    return this.table.users().filter((u) => u.role === 'admin' && u.disabled === 0).length;
  }

  private checkRole(role: string): void {
    if (this.table.permissionsOf(role) === null) throw new AppError('BAD_INPUT', `There is no role named ${role}.`, [{ path: 'role', message: 'is not a role' }]);
  }

  private checkPassword(password: string, user: { name: string; displayName?: string }): void {
    const problems = passwordProblems(password, user);
    if (problems.length) throw new AppError('BAD_INPUT', problems.join(' '), [{ path: 'password', message: problems.join(' ') }]);
  }

  private row(input: NewUser, hash: string, mustChange: boolean): Omit<UserRow, 'failed_logins' | 'locked_until_ms' | 'lockouts' | 'last_login_at'> {
    const now = this.now().toISOString();
    return {
      id: randomUUID(),
      name: input.name,
      display_name: input.displayName,
      role: input.role,
      password_hash: hash,
      must_change: mustChange ? 1 : 0,
      disabled: 0,
      created_at: now,
      password_changed_at: now,
    };
  }
}
