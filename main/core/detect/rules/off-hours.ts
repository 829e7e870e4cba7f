import type { AlertDraft, RuleScope } from './types';
import { alertId, clock, DAY_MS, distinct, HOUR_MS, iso, scoreFor, severityFor } from './severity';

interface Activity {
  seq: number;
  ts_ms: number;
  store_id: string;
  terminal_id: string | null;
  user_id: string;
  action: string;
}

/**
 * Off-hours activity: a person's events outside business hours (UTC, `openHour` ≤ hour <
 * `closeHour`), one alert per person, store and night (a night runs from closing to the next
 * opening, and is named by the day it starts). At least `minEvents` events. A night whose events
 * another rule of this run already explains (a grant, an export, a brute force) is left to that
 * rule. Machine events (no user) never count. The new events are read by seq (a rowid range);
 * the night's earlier events by the user index.
 */
export function offHoursActivity(scope: RuleScope, t: Readonly<Record<string, number>>): AlertDraft[] {
  const openMs = (t.openHour ?? 6) * HOUR_MS;
  const closeMs = (t.closeHour ?? 23) * HOUR_MS;
  const minEvents = t.minEvents ?? 1;
  const outside = `((ts_ms % ${DAY_MS}) < ${openMs} OR (ts_ms % ${DAY_MS}) >= ${closeMs})`;
  const fresh = scope.db
    .prepare(`SELECT seq, ts_ms, store_id, user_id FROM events WHERE seq > ? AND seq <= ? AND user_id IS NOT NULL AND ${outside}`)
    .all(scope.afterSeq, scope.toSeq) as Pick<Activity, 'seq' | 'ts_ms' | 'store_id' | 'user_id'>[];
  const nights = new Map<string, { store: string; user: string; night: number }>();
  for (const row of fresh) {
    const night = Math.floor((row.ts_ms - openMs) / DAY_MS);
    nights.set(`${row.store_id}\u0000${row.user_id}\u0000${night}`, { store: row.store_id, user: row.user_id, night });
  }
  const ofNight = scope.db.prepare(
    `SELECT seq, ts_ms, store_id, terminal_id, user_id, action FROM events
     WHERE user_id = ? AND ts_ms >= ? AND ts_ms < ? AND store_id = ? AND seq <= ? AND ${outside} ORDER BY ts_ms, seq`,
  );
  const drafts: AlertDraft[] = [];
  for (const { store, user, night } of nights.values()) {
    const start = night * DAY_MS + closeMs;
    const end = (night + 1) * DAY_MS + openMs;
    const events = ofNight.all(user, night * DAY_MS + openMs, end, store, scope.toSeq) as Activity[];
    if (events.length < minEvents || events.some((e) => scope.covered.has(e.seq))) continue;
    const head = events[0] as Activity;
    const tail = events.at(-1) as Activity;
    const actions = distinct(events.map((e) => e.action));
    const ratio = events.length / minEvents;
    drafts.push({
      id: alertId('rule', 'off_hours', store, user, iso(start).slice(0, 10)),
      source: 'rule',
      rule: 'off_hours',
      title: `${user} active at ${clock(head.ts_ms)}, outside business hours`,
      severity: severityFor('low', ratio >= 5 ? 1.5 : 1),
      score: scoreFor(1 + ratio),
      storeId: store,
      users: [user],
      terminals: distinct(events.map((e) => e.terminal_id)),
      evidence: events.map((e) => e.seq),
      explanation: [
        `${user} did ${events.length === 1 ? 'one thing' : `${events.length} things`} between ${clock(head.ts_ms)} and ${clock(tail.ts_ms)}, outside business hours (${hh(openMs)}–${hh(closeMs)} UTC)`,
        `actions: ${actions.join(', ')}`,
      ],
      from: iso(head.ts_ms),
      to: iso(tail.ts_ms),
      modelVersion: null,
    });
  }
  return drafts;
}

function hh(ms: number): string {
  return `${String(Math.floor(ms / HOUR_MS)).padStart(2, '0')}:00`;
}
