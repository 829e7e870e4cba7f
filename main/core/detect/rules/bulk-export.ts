import type { AlertDraft, RuleScope } from './types';
import { alertId, clock, DAY_MS, distinct, figure, HOUR_MS, iso, offHours, scoreFor, severityFor } from './severity';

const EXPORTS = "('audit.export', 'report.export')";
const ACCESSES = "('audit.view', 'audit.export', 'report.export')";

interface Export {
  seq: number;
  event_id: string;
  ts_ms: number;
  store_id: string;
  terminal_id: string | null;
  user_id: string | null;
  session_id: string | null;
  action: string;
  rows: number;
}

/**
 * Bulk export and mass data access. An export (`audit.export`, `report.export`) of `maxRows` rows or
 * more is one alert, a step more severe outside business hours, set against the largest other export
 * at the store in the 90 days before. `maxAccessesPerHour` looks at the log or exports by one person
 * within a clock hour is one alert too. Both read the export and view actions through their index.
 */
export function bulkExport(scope: RuleScope, t: Readonly<Record<string, number>>): AlertDraft[] {
  return [...largeExports(scope, t), ...massAccess(scope, t)];
}

function largeExports(scope: RuleScope, t: Readonly<Record<string, number>>): AlertDraft[] {
  const maxRows = t.maxRows ?? 10_000;
  const exports = scope.db
    .prepare(
      `SELECT seq, event_id, ts_ms, store_id, terminal_id, user_id, session_id, action, CAST(json_extract(details, '$.rows') AS INTEGER) AS rows
       FROM events WHERE action IN ${EXPORTS} AND seq > ? AND seq <= ? AND CAST(json_extract(details, '$.rows') AS INTEGER) >= ? ORDER BY ts_ms, seq`,
    )
    .all(scope.afterSeq, scope.toSeq, maxRows) as Export[];
  const routine = scope.db
    .prepare(`SELECT max(CAST(json_extract(details, '$.rows') AS INTEGER)) FROM events WHERE action IN ${EXPORTS} AND store_id = ? AND ts_ms >= ? AND ts_ms < ? AND seq <> ?`)
    .pluck();
  const session = scope.db.prepare('SELECT seq, ts_ms FROM events WHERE user_id = ? AND ts_ms >= ? AND ts_ms <= ? AND session_id = ? ORDER BY ts_ms, seq');
  return exports.map((e) => {
    const night = offHours(e.ts_ms, t.openHour ?? 6, t.closeHour ?? 23);
    const largestOther = routine.get(e.store_id, e.ts_ms - 90 * DAY_MS, e.ts_ms + DAY_MS, e.seq) as number | null;
    const around = e.user_id && e.session_id ? (session.all(e.user_id, e.ts_ms - 8 * HOUR_MS, e.ts_ms + 8 * HOUR_MS, e.session_id) as { seq: number; ts_ms: number }[]) : [];
    const evidence = around.some((r) => r.seq === e.seq) ? around : [...around, { seq: e.seq, ts_ms: e.ts_ms }].sort((a, b) => a.ts_ms - b.ts_ms);
    const ratio = e.rows / maxRows;
    const who = e.user_id ?? 'someone';
    const what = e.action === 'audit.export' ? 'the audit log' : 'a report';
    const explanation = [`${who} exported ${figure(e.rows)} rows of ${what} (the rule: ${figure(maxRows)} or more)`];
    if (largestOther !== null) explanation.push(`the largest other export at ${e.store_id} within 90 days: ${figure(largestOther)} rows`);
    if (night) explanation.push(`at ${clock(e.ts_ms)}, outside business hours`);
    return {
      id: alertId('rule', 'bulk_export', e.event_id),
      source: 'rule' as const,
      rule: 'bulk_export',
      title: `${who} exported ${figure(e.rows)} rows at ${clock(e.ts_ms)}`,
      severity: severityFor(night ? 'high' : 'medium', ratio),
      score: scoreFor(ratio * (night ? 2 : 1)),
      storeId: e.store_id,
      users: distinct([e.user_id]),
      terminals: distinct([e.terminal_id]),
      evidence: evidence.map((r) => r.seq),
      explanation,
      from: iso(evidence[0]?.ts_ms ?? e.ts_ms),
      to: iso(evidence.at(-1)?.ts_ms ?? e.ts_ms),
      modelVersion: null,
    };
  });
}

function massAccess(scope: RuleScope, t: Readonly<Record<string, number>>): AlertDraft[] {
  const most = t.maxAccessesPerHour ?? 60;
  const hours = scope.db
    .prepare(`SELECT DISTINCT user_id, store_id, ts_ms / ${HOUR_MS} AS hour FROM events WHERE action IN ${ACCESSES} AND seq > ? AND seq <= ? AND user_id IS NOT NULL`)
    .all(scope.afterSeq, scope.toSeq) as { user_id: string; store_id: string; hour: number }[];
  const inHour = scope.db.prepare(`SELECT seq, ts_ms, terminal_id FROM events WHERE user_id = ? AND ts_ms >= ? AND ts_ms < ? AND store_id = ? AND action IN ${ACCESSES} AND seq <= ? ORDER BY ts_ms, seq`);
  const drafts: AlertDraft[] = [];
  for (const { user_id: user, store_id: store, hour } of hours) {
    const rows = inHour.all(user, hour * HOUR_MS, (hour + 1) * HOUR_MS, store, scope.toSeq) as { seq: number; ts_ms: number; terminal_id: string | null }[];
    if (rows.length < most) continue;
    const ratio = rows.length / most;
    drafts.push({
      id: alertId('rule', 'bulk_export', store, user, iso(hour * HOUR_MS).slice(0, 13)),
      source: 'rule',
      rule: 'bulk_export',
      title: `${user} looked at or exported the log ${rows.length} times in an hour`,
      severity: severityFor('medium', ratio),
      score: scoreFor(ratio),
      storeId: store,
      users: [user],
      terminals: distinct(rows.map((r) => r.terminal_id)),
      evidence: rows.map((r) => r.seq),
      explanation: [`${user} looked at or exported the log ${rows.length} times between ${clock(hour * HOUR_MS)} and ${clock((hour + 1) * HOUR_MS)} (the rule: ${most} in an hour)`],
      from: iso(rows[0]?.ts_ms ?? hour * HOUR_MS),
      to: iso(rows.at(-1)?.ts_ms ?? hour * HOUR_MS),
      modelVersion: null,
    });
  }
  return drafts;
}
