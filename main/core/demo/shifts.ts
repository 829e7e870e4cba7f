import { MINUTE_MS, at, holidayOn, weekday } from './calendar';
import type { Actor, EventSink } from './emit';
import type { Rng } from './rng';
import type { StaffMember, StoreLayout, Terminal } from './staff';

/**
 * Who is logged in where on one store-day. Registers hand over from the morning to the evening cashier
 * one after another (14:15, 14:25, 14:35, …) so that the store never has every till closed at once, and
 * every session stays inside the 8-hour absolute session limit.
 */

export const LOGIN_FAILURE_RATE = 0.03;
export const SICK_RATE = 0.03;

export interface Session {
  member: StaffMember;
  terminal: Terminal;
  login: number;
  logout: number;
  actor: Actor;
}

export interface Roster {
  registers: Session[];
  managers: Session[];
  admin: Session | null;
}

const EMPTY: Roster = { registers: [], managers: [], admin: null };

/** A random offset between `from` and `to` minutes, to the millisecond like a real clock. */
function minutes(rng: Rng, from: number, to: number): number {
  return rng.int(from * MINUTE_MS, to * MINUTE_MS);
}

function session(sink: EventSink, member: StaffMember, terminal: Terminal, login: number, logout: number): Session {
  const actor: Actor = { userId: member.id, role: member.role, sessionId: sink.sessionId(login), terminal };
  return { member, terminal, login, logout, actor };
}

/** Splits the day's available cashiers into morning and evening, evening getting the odd one out (busier). */
function splitShifts(rng: Rng, available: StaffMember[], tills: number): [StaffMember[], StaffMember[]] {
  const morning = available.filter((m) => m.shift === 'morning');
  const evening = available.filter((m) => m.shift === 'evening');
  const target = Math.floor(available.length / 2);
  while (morning.length > target) evening.push(...morning.splice(rng.int(0, morning.length - 1), 1));
  while (morning.length < target) morning.push(...evening.splice(rng.int(0, evening.length - 1), 1));
  return [rng.shuffle(morning).slice(0, tills), rng.shuffle(evening).slice(0, tills)];
}

function cashierSessions(rng: Rng, sink: EventSink, store: StoreLayout, day: number): Session[] {
  const dow = weekday(day);
  const available = store.cashiers.filter((c) => !c.daysOff.includes(dow) && !rng.chance(SICK_RATE));
  const [morning, evening] = splitShifts(rng, available, store.registers.length);
  const sessions: Session[] = [];
  store.registers.forEach((terminal, k) => {
    const handover = at(day, 14, 15) + k * 10 * MINUTE_MS;
    const early = morning[k];
    const late = evening[k];
    if (early !== undefined) {
      const login = at(day, 6, 50) + minutes(rng, 0, 10);
      // Without a relief the till simply closes at its handover slot.
      const logout = handover - minutes(rng, 0, 4);
      sessions.push(session(sink, early, terminal, login, logout));
    }
    if (late !== undefined) {
      const login = handover + minutes(rng, 1, 5);
      sessions.push(session(sink, late, terminal, login, at(day, 22, 2) + minutes(rng, 0, 8)));
    }
  });
  return sessions.sort((a, b) => a.login - b.login);
}

function managerSessions(rng: Rng, sink: EventSink, store: StoreLayout, day: number): Session[] {
  const dow = weekday(day);
  return store.managers
    .filter((m) => !m.daysOff.includes(dow))
    .map((m) =>
      m.shift === 'morning'
        ? session(sink, m, store.backOffice, at(day, 6, 30) + minutes(rng, 0, 12), at(day, 14) + minutes(rng, 0, 25))
        : session(sink, m, store.backOffice, at(day, 14, 25) + minutes(rng, 0, 10), at(day, 22, 14) + minutes(rng, 0, 8)),
    );
}

/** The admin visits twice a week (Tuesday and Thursday mornings), and skips a visit now and then. */
function adminSession(rng: Rng, sink: EventSink, store: StoreLayout, day: number): Session | null {
  if (store.admin.daysOff.includes(weekday(day)) || !rng.chance(0.85)) return null;
  const login = at(day, 9) + minutes(rng, 0, 20);
  return session(sink, store.admin, store.backOffice, login, at(day, 11, 30) + minutes(rng, 0, 40));
}

export function rosterFor(rng: Rng, sink: EventSink, store: StoreLayout, day: number): Roster {
  if (holidayOn(day)?.closed) return EMPTY;
  return {
    registers: cashierSessions(rng, sink, store, day),
    managers: managerSessions(rng, sink, store, day),
    admin: adminSession(rng, sink, store, day),
  };
}

/** The manager whose back-office session covers `ms`, if any. */
export function managerOnDuty(roster: Roster, ms: number): Session | null {
  return roster.managers.find((m) => m.login <= ms && ms <= m.logout) ?? null;
}

export function allSessions(roster: Roster): Session[] {
  return [...roster.registers, ...roster.managers, ...(roster.admin === null ? [] : [roster.admin])];
}

/** auth.login (after an occasional mistyped password) and auth.logout for each session. */
export function emitSessionBounds(rng: Rng, sink: EventSink, sessions: readonly Session[]): void {
  for (const s of sessions) {
    const method = s.member.role === 'cashier' ? 'pin' : 'password';
    if (rng.chance(LOGIN_FAILURE_RATE)) {
      const anonymous: Actor = { ...s.actor, role: null, sessionId: null };
      sink.emit(s.login - rng.int(8_000, 40_000), anonymous, 'auth.login', {
        status: 'failure',
        errorDetails: 'invalid password',
        level: 'WARNING',
        details: { method, attempt: 1 },
      });
    }
    sink.emit(s.login, s.actor, 'auth.login', { details: { method } });
    sink.emit(s.logout, s.actor, 'auth.logout', {
      category: 'session',
      details: { reason: 'end of shift', duration_min: Math.round((s.logout - s.login) / MINUTE_MS) },
    });
  }
}
