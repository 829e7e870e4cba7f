import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { SessionInfo, SessionSummary } from '../../../shared/contract/accounts';
import { AppError } from '../api/errors';
import type { AuditStore } from '../store';
import { AccountStore, type SessionRow, type UserRow } from './account-store';
import { accountEvent, type Actor, type AccountEvent } from './audit-events';
import { decoyHash, needsRehash, hashPassword, passwordProblems, verifyPassword } from './passwords';
import { FAILURES_BEFORE_LOCK, lockDelayMs, SourceLimiter, waitText } from './rate-limit';

/** Where a login comes from. */
export interface LoginSource {
  host: 'electron' | 'web' | 'cli';
  /** An IP address, or the host word for local hosts. */
  source: string;
  /** A stable name for the device (browser + OS, or the host), for the "new device" signal. */
  device?: string | null;
  userAgent?: string | null;
}

export interface Authenticated {
  info: SessionInfo;
  actor: Actor;
}

const MINUTE = 60_000;
/** Last-seen is written at most this often: a busy screen does not write on every request. */
const TOUCH_EVERY_MS = 15_000;
/** Logins outside these UTC hours are recorded as "unusual hour" (a signal for detection, not a refusal). */
const USUAL_HOURS = { from: 6, to: 22 };

export const tokenHash = (token: string): Buffer => createHash('sha256').update(token).digest();

/**
 * Logins and sessions (docs/accounts.md): argon2id passwords, lock-out with growing delays, a limit
 * per source, idle lock and absolute expiry from an injected clock, at most N sessions per user.
 * Every outcome is an event in the log.
 */
export class Sessions {
  readonly table: AccountStore;
  private readonly limiter = new SourceLimiter();

  constructor(
    readonly store: AuditStore,
    private readonly now: () => Date,
  ) {
    this.table = new AccountStore(store.db);
  }

  record(actor: Actor, event: AccountEvent): void {
    this.store.append([accountEvent(this.store.storeId, actor, event, this.now())]);
  }

  async login(name: string, password: string, from: LoginSource): Promise<{ token: string; info: SessionInfo }> {
    const nowMs = this.now().getTime();
    const anonymous: Actor = { userName: name.slice(0, 64) || null, role: null, sessionId: null, source: from.source, userAgent: from.userAgent };
    const wait = this.limiter.waitFor(from.source, nowMs);
    if (wait > 0) {
      this.record(anonymous, { action: 'auth.login', status: 'failure', errorDetails: 'rate limited', details: { reason: 'rate_limited', host: from.host } });
      throw new AppError('RATE_LIMITED', `Too many login attempts from here. Try again ${waitText(wait)}.`);
    }
    const user = this.table.userByName(name);
    if (!user) {
      await verifyPassword(await decoyHash(), password); // the same time as a wrong password
      this.limiter.failed(from.source, nowMs);
      this.record(anonymous, { action: 'auth.login', status: 'failure', errorDetails: 'unknown user', details: { reason: 'unknown_user', host: from.host } });
      throw new AppError('BAD_CREDENTIALS', 'The user name or password is wrong.');
    }
    const actor: Actor = { ...anonymous, userName: user.name, role: user.role };
    if (user.locked_until_ms !== null && user.locked_until_ms > nowMs) {
      this.record(actor, { action: 'auth.login', status: 'failure', errorDetails: 'account locked', details: { reason: 'locked', host: from.host } });
      throw new AppError('RATE_LIMITED', `This account is locked after repeated wrong passwords. Try again ${waitText(user.locked_until_ms - nowMs)}, or ask an administrator.`);
    }
    if (!(await verifyPassword(user.password_hash, password))) {
      this.failedAttempt(user, actor, from, nowMs);
      throw new AppError('BAD_CREDENTIALS', 'The user name or password is wrong.');
    }
    if (user.disabled) {
      this.record(actor, { action: 'auth.login', status: 'failure', errorDetails: 'user disabled', details: { reason: 'disabled', host: from.host } });
      throw new AppError('FORBIDDEN', 'This account is disabled. Ask an administrator.');
    }
    if (needsRehash(user.password_hash)) this.table.updateUser(user.id, { password_hash: await hashPassword(password) });
    return this.open(user, from, nowMs);
  }

  private failedAttempt(user: UserRow, actor: Actor, from: LoginSource, nowMs: number): void {
    this.limiter.failed(from.source, nowMs);
    const failures = user.failed_logins + 1;
    const locks = failures >= FAILURES_BEFORE_LOCK;
    const until = locks ? nowMs + lockDelayMs(user.lockouts) : null;
    this.table.updateUser(user.id, locks ? { failed_logins: 0, locked_until_ms: until, lockouts: user.lockouts + 1 } : { failed_logins: failures });
    this.record(actor, { action: 'auth.login', status: 'failure', errorDetails: 'wrong password', details: { reason: 'wrong_password', failures, host: from.host } });
    if (locks) {
      this.record(actor, {
        action: 'auth.lockout',
        status: 'failure',
        level: 'ERROR',
        resourceType: 'user',
        resourceId: user.name,
        details: { failures, until: new Date(until as number).toISOString(), lockouts: user.lockouts + 1 },
      });
    }
  }

  /** A new session for a user whose password was just checked (login, first-run setup). */
  open(user: UserRow, from: LoginSource, nowMs: number): { token: string; info: SessionInfo } {
    const limits = this.table.limits();
    const token = randomBytes(32).toString('base64url');
    const row = {
      id: randomUUID(),
      token_hash: tokenHash(token),
      user_id: user.id,
      host: from.host,
      source: from.source,
      device: from.device ?? null,
      created_ms: nowMs,
      last_seen_ms: nowMs,
      expires_ms: nowMs + limits.absoluteHours * 60 * MINUTE,
    };
    const nowIso = new Date(nowMs).toISOString();
    const signals: string[] = [];
    const ended: string[] = [];
    this.store.db.transaction(() => {
      this.table.insertSession(row);
      this.table.updateUser(user.id, { failed_logins: 0, locked_until_ms: null, lockouts: 0, last_login_at: nowIso });
      if (from.device && this.table.rememberDevice(user.id, from.device, nowIso) && user.last_login_at !== null) signals.push('new_device');
      // Over the limit: the oldest sessions end.
      const open = this.table.openSessions(user.id);
      for (const old of open.slice(0, Math.max(0, open.length - limits.maxPerUser))) {
        this.table.endSession(old.id, nowMs, 'session_limit');
        ended.push(old.id);
      }
    })();
    const hour = new Date(nowMs).getUTCHours();
    if (hour < USUAL_HOURS.from || hour >= USUAL_HOURS.to) signals.push('unusual_hour');
    if (user.failed_logins >= 3) signals.push('many_failures');
    const actor: Actor = { userName: user.name, role: user.role, sessionId: row.id, source: from.source, userAgent: from.userAgent };
    this.record(actor, { action: 'auth.login', details: { host: from.host, device: from.device ?? null, signals, failures_before: user.failed_logins, ended_sessions: ended } });
    return { token, info: this.info({ ...row, locked: 0, ended_ms: null, end_reason: null }, user) };
  }

  /**
   * The session a token names, refreshed; an ended, expired or idle one is an error saying which.
   * `passive` (pushed events to an open screen) does not count as activity, so it never keeps a
   * session from its idle lock.
   */
  authenticate(token: string, passive = false): Authenticated {
    const { row, user } = this.live(token);
    const nowMs = this.now().getTime();
    if (row.locked) throw new AppError('SESSION_LOCKED', `Your session is locked. Enter your password to go on, ${user.display_name}.`);
    // Read once: this runs on every request of every host.
    const minutes = this.table.limits().idleMinutes;
    if (nowMs - row.last_seen_ms >= minutes * MINUTE) {
      this.table.setSessionLocked(row.id, true, row.last_seen_ms);
      this.record(this.actorOf(row, user), { action: 'auth.session_lock', resourceType: 'session', resourceId: row.id, details: { reason: 'idle' } });
      throw new AppError('SESSION_LOCKED', `Your session locked after ${minutes} minute${minutes === 1 ? '' : 's'} without activity. Enter your password to go on.`);
    }
    if (!passive && nowMs - row.last_seen_ms >= TOUCH_EVERY_MS) this.table.touchSession(row.id, nowMs);
    return { info: this.info(row, user, minutes), actor: this.actorOf(row, user) };
  }

  /** A locked session goes on with the same user's password (a wrong one counts toward the lock-out). */
  async unlock(token: string, password: string, from: LoginSource): Promise<SessionInfo> {
    const { row, user } = this.live(token);
    const nowMs = this.now().getTime();
    const actor = this.actorOf(row, user);
    if (!(await verifyPassword(user.password_hash, password))) {
      this.failedAttempt(user, actor, from, nowMs);
      throw new AppError('BAD_CREDENTIALS', 'That password is wrong.');
    }
    this.table.setSessionLocked(row.id, false, nowMs);
    this.table.updateUser(user.id, { failed_logins: 0 });
    this.record(actor, { action: 'auth.session_unlock', resourceType: 'session', resourceId: row.id });
    return this.info({ ...row, locked: 0 }, user);
  }

  logout(token: string): void {
    const row = this.table.sessionByToken(tokenHash(token));
    if (!row || row.ended_ms !== null) return;
    const user = this.table.userById(row.user_id) as UserRow;
    this.table.endSession(row.id, this.now().getTime(), 'logout');
    this.record(this.actorOf(row, user), { action: 'auth.logout', resourceType: 'session', resourceId: row.id });
  }

  /** Changes the caller's own password; every other session of the user ends. */
  async changePassword(token: string, current: string, next: string): Promise<SessionInfo> {
    const { row, user } = this.live(token);
    const actor = this.actorOf(row, user);
    if (!(await verifyPassword(user.password_hash, current))) {
      this.record(actor, { action: 'auth.password_change', status: 'failure', errorDetails: 'wrong current password' });
      throw new AppError('BAD_CREDENTIALS', 'The current password is wrong.');
    }
    const problems = passwordProblems(next, { name: user.name, displayName: user.display_name });
    if (next === current) problems.push('Choose a password different from the current one.');
    if (problems.length) throw new AppError('BAD_INPUT', problems.join(' '), [{ path: 'newPassword', message: problems.join(' ') }]);
    const hash = await hashPassword(next);
    const nowMs = this.now().getTime();
    const ended = this.endAll(user.id, nowMs, 'password_changed', row.id, () =>
      this.table.updateUser(user.id, { password_hash: hash, must_change: 0, password_changed_at: new Date(nowMs).toISOString() }),
    );
    this.record(actor, { action: 'auth.password_change', resourceType: 'user', resourceId: user.name, details: { ended_sessions: ended } });
    return this.info(row, { ...user, must_change: 0 });
  }

  /** Ends every open session of a user (but `keep`), after `change` in the same transaction; the ids ended. */
  endAll(userId: string, nowMs: number, reason: string, keep: string | null, change: () => void = () => {}): string[] {
    const ended: string[] = [];
    this.store.db.transaction(() => {
      change();
      for (const session of this.table.openSessions(userId)) {
        if (session.id === keep) continue;
        this.table.endSession(session.id, nowMs, reason);
        ended.push(session.id);
      }
    })();
    return ended;
  }

  list(userId: string | undefined, currentId: string | null): SessionSummary[] {
    const nowMs = this.now().getTime();
    const idleMs = this.table.limits().idleMinutes * MINUTE;
    const names = new Map(this.table.users().map((u) => [u.id, u.name]));
    return this.table
      .openSessions(userId)
      .filter((s) => s.expires_ms > nowMs)
      .map((s) => ({
        id: s.id,
        userName: names.get(s.user_id) ?? s.user_id,
        host: s.host,
        source: s.source,
        device: s.device,
        createdAt: new Date(s.created_ms).toISOString(),
        lastSeenAt: new Date(s.last_seen_ms).toISOString(),
        expiresAt: new Date(s.expires_ms).toISOString(),
        locked: s.locked === 1 || nowMs - s.last_seen_ms >= idleMs,
        current: s.id === currentId,
      }));
  }

  /** Whose session a token names while it is locked (the lock screen greets them); null otherwise. */
  lockedOwner(token: string): { userName: string; displayName: string } | null {
    const row = this.table.sessionByToken(tokenHash(token));
    if (!row || row.ended_ms !== null || row.locked !== 1) return null;
    const user = this.table.userById(row.user_id);
    return user ? { userName: user.name, displayName: user.display_name } : null;
  }

  /** Ends a session from the Sessions screen; false when it had ended already. */
  revoke(id: string, actor: Actor): boolean {
    const row = this.table.sessionById(id);
    if (!row || row.ended_ms !== null) return false;
    this.table.endSession(id, this.now().getTime(), 'revoked');
    this.record(actor, { action: 'auth.logout', resourceType: 'session', resourceId: id, details: { reason: 'revoked' } });
    return true;
  }

  sessionRow(id: string): SessionRow | undefined {
    return this.table.sessionById(id);
  }

  private live(token: string): { row: SessionRow; user: UserRow } {
    const row = this.table.sessionByToken(tokenHash(token));
    const user = row && this.table.userById(row.user_id);
    if (!row || !user) throw new AppError('UNAUTHENTICATED', 'Please log in.');
    if (row.ended_ms !== null) throw new AppError('UNAUTHENTICATED', endedMessage(row.end_reason));
    const nowMs = this.now().getTime();
    if (nowMs >= row.expires_ms) {
      this.table.endSession(row.id, nowMs, 'expired');
      this.record(this.actorOf(row, user), { action: 'auth.logout', resourceType: 'session', resourceId: row.id, details: { reason: 'expired' } });
      throw new AppError('UNAUTHENTICATED', endedMessage('expired'));
    }
    if (user.disabled) throw new AppError('UNAUTHENTICATED', endedMessage('user_disabled'));
    return { row, user };
  }

  private actorOf(row: SessionRow, user: UserRow): Actor {
    return { userName: user.name, role: user.role, sessionId: row.id, source: row.source };
  }

  private info(row: SessionRow, user: UserRow, idleMinutes = this.table.limits().idleMinutes): SessionInfo {
    return {
      sessionId: row.id,
      userId: user.id,
      userName: user.name,
      displayName: user.display_name,
      role: user.role,
      permissions: this.table.permissionsOf(user.role) ?? [],
      mustChangePassword: user.must_change === 1,
      createdAt: new Date(row.created_ms).toISOString(),
      expiresAt: new Date(row.expires_ms).toISOString(),
      idleMinutes,
    };
  }
}

function endedMessage(reason: string | null): string {
  switch (reason) {
    case 'expired':
      return 'Your session reached its time limit. Please log in again.';
    case 'password_changed':
      return 'Your password was changed, which ended this session. Please log in again.';
    case 'user_disabled':
      return 'Your account was disabled. Ask an administrator.';
    case 'revoked':
      return 'This session was ended from the Sessions screen. Please log in again.';
    case 'session_limit':
      return 'You logged in elsewhere too often: this, your oldest session, was ended. Please log in again.';
    default:
      return 'You have logged out. Please log in again.';
  }
}
