import type { z } from 'zod';
import { ALERT_SEVERITIES, type Alert, type AlertFilterSchema, type AlertSeverity } from '../../../../shared/contract/alert-channels';
import { AppError } from '../../api/errors';
import type { Db } from '../../store/database';
import type { AlertDraft } from '../rules/types';
import { changed, draftColumns, toAlert, type AlertRow } from './alert-rows';
import { computeFairness, type Fairness } from './fairness';

export type AlertFilter = z.output<typeof AlertFilterSchema>;
/** Statuses still waiting for a decision. */
const ACTIVE = ['open', 'case'] as const;

export interface UpsertResult {
  raised: Alert[];
  updated: Alert[];
}

/**
 * The alerts table (migration 011). Detection upserts by id: a finding seen again updates its row
 * and keeps its status and case, so re-running never duplicates and never undoes a decision. Reads
 * are indexed and bounded; the fairness check is cached until alerts or the counts change.
 */
export class AlertStore {
  private fairnessCache: Fairness | null = null;

  constructor(private readonly db: Db) {}

  /** Writes a run's findings in one transaction; `now` is the detection time of new alerts. */
  upsert(drafts: readonly AlertDraft[], now: Date): UpsertResult {
    const at = now.toISOString();
    const find = this.db.prepare('SELECT * FROM alerts WHERE id = ?');
    const insert = this.db.prepare(`INSERT INTO alerts (id, source, rule, title, severity, severity_rank, score, store_id, users, terminals, evidence,
      evidence_count, explanation, from_ts, to_ts, detected_at, updated_at, model_version, status, case_id)
      VALUES (@id, @source, @rule, @title, @severity, @severity_rank, @score, @store_id, @users, @terminals, @evidence, @evidence_count, @explanation,
      @from_ts, @to_ts, @at, @at, @model_version, 'open', NULL)`);
    const update = this.db.prepare(`UPDATE alerts SET title = @title, severity = @severity, severity_rank = @severity_rank, score = @score, users = @users,
      terminals = @terminals, evidence = @evidence, evidence_count = @evidence_count, explanation = @explanation, from_ts = @from_ts, to_ts = @to_ts,
      model_version = @model_version, updated_at = @at WHERE id = @id`);
    const result: UpsertResult = { raised: [], updated: [] };
    this.db.transaction(() => {
      for (const draft of drafts) {
        const columns = draftColumns(draft);
        const existing = find.get(draft.id) as AlertRow | undefined;
        if (!existing) {
          insert.run({ ...columns, at });
          result.raised.push(this.get(draft.id));
        } else if (changed(existing, columns)) {
          update.run({ ...columns, at });
          result.updated.push(this.get(draft.id));
        }
      }
    })();
    if (drafts.length) this.fairnessCache = null;
    return result;
  }

  list(filter: AlertFilter): { alerts: Alert[]; total: number } {
    const { where, params } = whereOf(filter);
    const total = this.db.prepare(`SELECT count(*) FROM alerts ${where}`).pluck().get(params) as number;
    const rows = this.db.prepare(`SELECT * FROM alerts ${where} ORDER BY severity_rank DESC, to_ts DESC, id LIMIT @limit`).all({ ...params, limit: filter.limit }) as AlertRow[];
    return { alerts: rows.map(toAlert), total };
  }

  get(id: string): Alert {
    const row = this.db.prepare('SELECT * FROM alerts WHERE id = ?').get(id) as AlertRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `There is no alert ${id}.`);
    return toAlert(row);
  }

  /** The event ids (UUIDs) of an alert's evidence, in the order of its seqs; archived events are left out. */
  evidenceEventIds(alert: Alert): string[] {
    if (!alert.evidence.length) return [];
    const ids = new Map(
      (this.db.prepare(`SELECT seq, event_id FROM events WHERE seq IN (${alert.evidence.map(Number).join(',')})`).all() as { seq: number; event_id: string }[]).map((r) => [r.seq, r.event_id]),
    );
    return alert.evidence.map((seq) => ids.get(seq)).filter((id): id is string => id !== undefined);
  }

  setStatus(id: string, status: Alert['status'], caseId: string | null, now: Date): Alert {
    const changes = this.db.prepare('UPDATE alerts SET status = ?, case_id = ?, updated_at = ? WHERE id = ?').run(status, caseId, now.toISOString(), id).changes;
    if (!changes) throw new AppError('NOT_FOUND', `There is no alert ${id}.`);
    this.fairnessCache = null;
    return this.get(id);
  }

  /** Active alerts (open or in a case) per severity. */
  countsBySeverity(): Record<AlertSeverity, number> {
    const counts = Object.fromEntries(ALERT_SEVERITIES.map((s) => [s, 0])) as Record<AlertSeverity, number>;
    const rows = this.db.prepare(`SELECT severity, count(*) AS n FROM alerts WHERE status IN ('open', 'case') GROUP BY severity`).all() as { severity: AlertSeverity; n: number }[];
    for (const row of rows) counts[row.severity] = row.n;
    return counts;
  }

  /** Alerts still waiting for a decision: open, or in a case not closed yet. */
  openCount(): number {
    return this.db.prepare(`SELECT count(*) FROM alerts WHERE status IN ('open', 'case')`).pluck().get() as number;
  }

  fairness(): Fairness {
    return (this.fairnessCache ??= computeFairness(this.db));
  }

  /** The detection run moved the group counts on. */
  countsChanged(): void {
    this.fairnessCache = null;
  }

  /** Evidence seqs of alerts in the given statuses (for the model: what the rules explain, and people's feedback). */
  evidenceOf(statuses: readonly Alert['status'][], source?: 'rule' | 'model'): { seq: number; rule: string; severity: AlertSeverity }[] {
    const list = statuses.map((s) => `'${s}'`).join(', ');
    return this.db
      .prepare(`SELECT j.value AS seq, a.rule, a.severity FROM alerts a, json_each(a.evidence) j WHERE a.status IN (${list})${source ? ' AND a.source = ?' : ''} ORDER BY a.severity_rank`)
      .all(...(source ? [source] : [])) as { seq: number; rule: string; severity: AlertSeverity }[];
  }
}

function whereOf(filter: AlertFilter): { where: string; params: Record<string, unknown> } {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.status === 'active') clauses.push(`status IN (${ACTIVE.map((s) => `'${s}'`).join(', ')})`);
  else if (filter.status !== 'all') {
    clauses.push('status = @status');
    params.status = filter.status;
  }
  if (filter.severity?.length) clauses.push(`severity IN (${filter.severity.map((s) => `'${ALERT_SEVERITIES[ALERT_SEVERITIES.indexOf(s)]}'`).join(', ')})`);
  for (const [key, column] of [['source', 'source'], ['rule', 'rule'], ['storeId', 'store_id']] as const) {
    if (filter[key] === undefined) continue;
    clauses.push(`${column} = @${key}`);
    params[key] = filter[key];
  }
  if (filter.userId !== undefined) {
    clauses.push('EXISTS (SELECT 1 FROM json_each(alerts.users) WHERE value = @userId)');
    params.userId = filter.userId;
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}
