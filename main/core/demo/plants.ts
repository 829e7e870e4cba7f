import { DAY_MS, MINUTE_MS, isoDate } from './calendar';
import type { Actor, EventSink } from './emit';
import type { ResolvedOptions } from './options';
import type { Rng } from './rng';
import type { StoreLayout } from './staff';
import { BRUTE_FORCE, BULK_EXPORT, ROLE_CHANGE, bulkExportCast, storyDay } from './stories';

/**
 * The dated planted stories (brute force, off-hours role change, bulk export). The rate stories (refund
 * abuse, no-sale drawer) are not events of their own: they live in the cashier profiles.
 */

function clock(day: number, hhmmss: string): number {
  const [h = 0, m = 0, s = 0] = hhmmss.split(':').map(Number);
  return day * DAY_MS + ((h * 60 + m) * 60 + s) * 1000;
}

function bruteForce(rng: Rng, sink: EventSink, store: StoreLayout, day: number): void {
  const terminal = store.registers.find((t) => t.id === BRUTE_FORCE.terminalId);
  if (terminal === undefined) throw new Error(`${BRUTE_FORCE.terminalId} is missing from ${store.storeId}`);
  let ms = clock(day, BRUTE_FORCE.start);
  const first = ms;
  for (let attempt = 1; attempt <= BRUTE_FORCE.attempts; attempt++) {
    if (attempt > 1) ms += rng.int(14_000, 21_000);
    // Someone cycling through likely accounts: two tries at "admin", then the manager, and so on.
    const username = BRUTE_FORCE.usernames[Math.floor((attempt - 1) / 2) % BRUTE_FORCE.usernames.length] ?? 'admin';
    const actor: Actor = { userId: username, role: null, sessionId: null, terminal };
    sink.emit(ms, actor, 'auth.login', {
      status: 'failure',
      errorDetails: 'invalid password',
      level: 'WARNING',
      details: { method: 'password', username, attempt },
    });
  }
  sink.emit(ms + 3_000, { userId: null, role: null, sessionId: null, terminal }, 'auth.lockout', {
    resourceType: 'terminal',
    resourceId: terminal.id,
    level: 'ERROR',
    details: {
      failed_attempts: BRUTE_FORCE.attempts,
      window_s: Math.round((ms - first) / 1000),
      usernames: [...BRUTE_FORCE.usernames],
      lock_minutes: 30,
    },
  });
}

function roleChange(rng: Rng, sink: EventSink, store: StoreLayout, day: number): void {
  const member = store.managers.find((m) => m.id === ROLE_CHANGE.actorId);
  if (member === undefined) throw new Error(`${ROLE_CHANGE.actorId} is missing from ${store.storeId}`);
  const assignAt = clock(day, ROLE_CHANGE.at);
  const login = clock(day, '02:11:00') + rng.int(0, 59_000);
  const actor: Actor = { userId: member.id, role: 'manager', sessionId: sink.sessionId(login), terminal: store.backOffice };
  sink.emit(login, actor, 'auth.login', { details: { method: 'password' } });
  sink.emit(assignAt, actor, 'role.assign', {
    category: 'iam',
    level: 'WARNING',
    resourceType: 'user',
    resourceId: ROLE_CHANGE.targetId,
    details: { role: 'manager', previous_role: 'cashier', target_user: ROLE_CHANGE.targetId },
  });
  const logout = clock(day, '02:16:00') + rng.int(0, 59_000);
  sink.emit(logout, actor, 'auth.logout', {
    category: 'session',
    details: { reason: 'user', duration_min: Math.round((logout - login) / MINUTE_MS) },
  });
}

function bulkExport(rng: Rng, sink: EventSink, store: StoreLayout, day: number, resolved: ResolvedOptions): void {
  const userId = bulkExportCast(resolved.stores).userId;
  const exportAt = clock(day, BULK_EXPORT.at);
  const login = clock(day, '01:33:00') + rng.int(0, 59_000);
  const actor: Actor = { userId, role: 'manager', sessionId: sink.sessionId(login), terminal: store.backOffice };
  sink.emit(login, actor, 'auth.login', { details: { method: 'password' } });
  sink.emit(clock(day, '01:35:00') + rng.int(0, 59_000), actor, 'audit.view', {
    resourceType: 'audit_log',
    resourceId: store.storeId,
    details: { filter: 'all events' },
  });
  sink.emit(exportAt, actor, 'audit.export', {
    resourceType: 'audit_log',
    resourceId: store.storeId,
    details: {
      rows: BULK_EXPORT.rows,
      format: 'csv',
      filter: { from: isoDate(resolved.firstEventDay), to: isoDate(day) },
      destination: 'E:\\export\\audit_full.csv',
      bytes: 9_612_400,
    },
  });
  const logout = clock(day, '01:41:00') + rng.int(0, 59_000);
  sink.emit(logout, actor, 'auth.logout', {
    category: 'session',
    details: { reason: 'user', duration_min: Math.round((logout - login) / MINUTE_MS) },
  });
}

/** Emits whichever dated stories fall on this store and day. */
export function plantStories(rng: Rng, sink: EventSink, store: StoreLayout, day: number, resolved: ResolvedOptions): void {
  if (store.index === BRUTE_FORCE.storeIndex && day === storyDay(resolved, 'brute-force-login')) bruteForce(rng, sink, store, day);
  if (store.index === ROLE_CHANGE.storeIndex && day === storyDay(resolved, 'off-hours-role-change')) roleChange(rng, sink, store, day);
  if (store.index === bulkExportCast(resolved.stores).storeIndex && day === storyDay(resolved, 'bulk-export')) {
    bulkExport(rng, sink, store, day, resolved);
  }
}
