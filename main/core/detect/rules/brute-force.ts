import type { AlertDraft, RuleScope } from './types';
import { alertId, clock, distinct, figure, iso, scoreFor, severityFor } from './severity';

interface FailedLogin {
  seq: number;
  event_id: string;
  ts_ms: number;
  store_id: string;
  terminal_id: string | null;
  ip_address: string | null;
  user_id: string | null;
  username: string | null;
}

/** Failures before the earliest new one that a burst may still reach back to. */
const LOOKBACK_MS = 24 * 3_600_000;

/**
 * Brute force: `minFailures` or more failed logins within `windowMinutes` from one source (the
 * terminal; the address when no terminal is named). A burst is a run of failures from the source
 * each within the window of the previous one; it is one alert, named by its first failure, with the
 * lockouts of that terminal during it. Failures are few and indexed, so this reads only them.
 */
export function bruteForce(scope: RuleScope, t: Readonly<Record<string, number>>): AlertDraft[] {
  const minFailures = t.minFailures ?? 5;
  const windowMs = (t.windowMinutes ?? 10) * 60_000;
  const first = scope.db
    .prepare("SELECT min(ts_ms) FROM events WHERE action = 'auth.login' AND status = 'failure' AND seq > ? AND seq <= ?")
    .pluck()
    .get(scope.afterSeq, scope.toSeq) as number | null;
  if (first === null) return [];
  const rows = scope.db
    .prepare(
      `SELECT seq, event_id, ts_ms, store_id, terminal_id, ip_address, user_id, json_extract(details, '$.username') AS username
       FROM events WHERE action = 'auth.login' AND status = 'failure' AND ts_ms >= ? AND seq <= ? ORDER BY ts_ms, seq`,
    )
    .all(first - LOOKBACK_MS, scope.toSeq) as FailedLogin[];
  const bySource = new Map<string, FailedLogin[]>();
  for (const row of rows) {
    const source = row.terminal_id ?? row.ip_address;
    if (!source) continue;
    const list = bySource.get(source) ?? [];
    list.push(row);
    bySource.set(source, list);
  }
  const drafts: AlertDraft[] = [];
  for (const [source, failures] of bySource) {
    for (const burst of bursts(failures, windowMs)) {
      const peak = busiestWindow(burst, windowMs);
      if (peak < minFailures || !burst.some((f) => f.seq > scope.afterSeq)) continue;
      drafts.push(burstAlert(scope, source, burst, peak, minFailures, windowMs));
    }
  }
  return drafts;
}

function bursts(failures: readonly FailedLogin[], windowMs: number): FailedLogin[][] {
  const runs: FailedLogin[][] = [];
  for (const failure of failures) {
    const last = runs.at(-1);
    const previous = last?.at(-1);
    if (last && previous && failure.ts_ms - previous.ts_ms <= windowMs) last.push(failure);
    else runs.push([failure]);
  }
  return runs;
}

/** The most failures inside any window-long span of the burst. */
function busiestWindow(burst: readonly FailedLogin[], windowMs: number): number {
  let most = 0;
  let start = 0;
  for (let end = 0; end < burst.length; end++) {
    while ((burst[end]?.ts_ms ?? 0) - (burst[start]?.ts_ms ?? 0) > windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

function burstAlert(scope: RuleScope, source: string, burst: FailedLogin[], peak: number, minFailures: number, windowMs: number): AlertDraft {
  const head = burst[0] as FailedLogin;
  const tail = burst.at(-1) as FailedLogin;
  const lockouts = scope.db
    .prepare("SELECT seq, ts_ms FROM events WHERE action = 'auth.lockout' AND ts_ms >= ? AND ts_ms <= ? AND (terminal_id = ? OR resource_id = ? OR ip_address = ?) ORDER BY ts_ms, seq")
    .all(head.ts_ms, tail.ts_ms + windowMs, source, source, source) as { seq: number; ts_ms: number }[];
  const names = distinct(burst.map((f) => f.user_id ?? f.username));
  const ratio = peak / minFailures;
  const explanation = [
    `${burst.length} failed logins from ${source} in ${span(tail.ts_ms - head.ts_ms)} (the rule: ${minFailures} in ${windowMs / 60_000} minutes)`,
    names.length ? `tried the user names ${names.join(', ')}` : 'no user name given',
  ];
  if (lockouts.length) explanation.push(`${source} was locked afterwards (${lockouts.length === 1 ? 'a lockout' : `${lockouts.length} lockouts`})`);
  explanation.push(`started at ${clock(head.ts_ms)}`);
  const evidence = [...burst.map((f) => f.seq), ...lockouts.map((l) => l.seq)].sort((a, b) => a - b);
  return {
    id: alertId('rule', 'brute_force', source, head.event_id),
    source: 'rule',
    rule: 'brute_force',
    title: `${burst.length} failed logins on ${source} in ${span(tail.ts_ms - head.ts_ms)}`,
    severity: severityFor('high', ratio),
    score: scoreFor(ratio),
    storeId: head.store_id,
    users: names,
    terminals: distinct(burst.map((f) => f.terminal_id)),
    evidence,
    explanation,
    from: iso(head.ts_ms),
    to: iso(Math.max(tail.ts_ms, ...lockouts.map((l) => l.ts_ms))),
    modelVersion: null,
  };
}

/** "3 min 51 s", "42 s" */
function span(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${figure(minutes)} min`;
}
