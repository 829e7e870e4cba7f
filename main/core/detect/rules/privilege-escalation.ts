import type { AlertDraft, RuleScope } from './types';
import { alertId, clock, DAY_MS, distinct, iso, offHours, scoreFor, severityFor } from './severity';

/** Actions that count as administration: a first one by an account is unusual. */
export const ADMIN_ACTIONS = ['role.assign', 'role.revoke', 'user.create', 'user.update', 'user.delete', 'config.change'] as const;
const ADMIN_LIST = ADMIN_ACTIONS.map((a) => `'${a}'`).join(', ');

interface Grant {
  seq: number;
  event_id: string;
  ts_ms: number;
  store_id: string;
  terminal_id: string | null;
  user_id: string | null;
  session_id: string | null;
  target: string | null;
  role: string | null;
}

/** How far around the grant the actor's session events are gathered as evidence. */
const SESSION_SPAN_MS = 8 * 3_600_000;

/**
 * Privilege escalation: a role granted (`role.assign`) outside business hours, or by an account that
 * did no administration (ADMIN_ACTIONS) in the `baselineDays` before — fewer than
 * `minPriorAdminActions`. Both together are critical. The evidence is the grant and the actor's
 * session around it (the login that carried it, the logout).
 */
export function privilegeEscalation(scope: RuleScope, t: Readonly<Record<string, number>>): AlertDraft[] {
  const openHour = t.openHour ?? 6;
  const closeHour = t.closeHour ?? 23;
  const baselineMs = (t.baselineDays ?? 90) * DAY_MS;
  const minPrior = t.minPriorAdminActions ?? 1;
  const grants = scope.db
    .prepare(
      `SELECT seq, event_id, ts_ms, store_id, terminal_id, user_id, session_id, resource_id AS target, json_extract(details, '$.role') AS role
       FROM events WHERE action = 'role.assign' AND status = 'success' AND seq > ? AND seq <= ? ORDER BY ts_ms, seq`,
    )
    .all(scope.afterSeq, scope.toSeq) as Grant[];
  const prior = scope.db.prepare(`SELECT count(*) FROM events WHERE user_id = ? AND action IN (${ADMIN_LIST}) AND ts_ms >= ? AND ts_ms < ?`).pluck();
  const session = scope.db.prepare('SELECT seq FROM events WHERE user_id = ? AND ts_ms >= ? AND ts_ms <= ? AND session_id = ? ORDER BY ts_ms, seq').pluck();
  const drafts: AlertDraft[] = [];
  for (const grant of grants) {
    const actor = grant.user_id ?? 'an unknown user';
    const night = offHours(grant.ts_ms, openHour, closeHour);
    const before = grant.user_id ? (prior.get(grant.user_id, grant.ts_ms - baselineMs, grant.ts_ms) as number) : 0;
    const unusual = before < minPrior;
    if (!night && !unusual) continue;
    const reasons: string[] = [];
    if (night) reasons.push(`at ${clock(grant.ts_ms)}, outside business hours (${pad(openHour)}:00–${pad(closeHour)}:00 UTC)`);
    if (unusual) reasons.push(before === 0 ? `${actor} did no administration in the ${t.baselineDays ?? 90} days before` : `${actor} did administration only ${before} times in the ${t.baselineDays ?? 90} days before`);
    const evidence =
      grant.user_id && grant.session_id
        ? (session.all(grant.user_id, grant.ts_ms - SESSION_SPAN_MS, grant.ts_ms + SESSION_SPAN_MS, grant.session_id) as number[])
        : [grant.seq];
    if (!evidence.includes(grant.seq)) evidence.push(grant.seq);
    const times = scope.db.prepare(`SELECT min(ts_ms), max(ts_ms) FROM events WHERE seq IN (${evidence.join(',')})`).raw().get() as [number, number];
    drafts.push({
      id: alertId('rule', 'privilege_escalation', grant.event_id),
      source: 'rule',
      rule: 'privilege_escalation',
      title: `${actor} granted ${grant.role ?? 'a role'} to ${grant.target ?? 'a user'} at ${clock(grant.ts_ms)}`,
      severity: night && unusual ? 'critical' : severityFor('high', 1),
      score: scoreFor(night && unusual ? 10 : 3),
      storeId: grant.store_id,
      users: distinct([grant.user_id, grant.target]),
      terminals: distinct([grant.terminal_id]),
      evidence: evidence.sort((a, b) => a - b),
      explanation: [`${actor} granted the ${grant.role ?? 'unnamed'} role to ${grant.target ?? 'an unnamed user'}`, ...reasons],
      from: iso(times[0]),
      to: iso(times[1]),
      modelVersion: null,
    });
  }
  return drafts;
}

function pad(hour: number): string {
  return String(hour).padStart(2, '0');
}
