import { ALERT_SEVERITIES, MAX_ALERT_EVIDENCE, type Alert, type AlertSeverity } from '../../../../shared/contract/alert-channels';
import type { AlertDraft } from '../rules/types';

/** An alerts row as SQLite returns it. */
export interface AlertRow {
  id: string;
  source: 'rule' | 'model';
  rule: string;
  title: string;
  severity: AlertSeverity;
  severity_rank: number;
  score: number;
  store_id: string;
  users: string;
  terminals: string;
  evidence: string;
  evidence_count: number;
  explanation: string;
  from_ts: string;
  to_ts: string;
  detected_at: string;
  updated_at: string;
  model_version: string | null;
  status: Alert['status'];
  case_id: string | null;
}

export function toAlert(row: AlertRow): Alert {
  return {
    id: row.id,
    source: row.source,
    rule: row.rule,
    title: row.title,
    severity: row.severity,
    score: row.score,
    storeId: row.store_id,
    users: JSON.parse(row.users) as string[],
    terminals: JSON.parse(row.terminals) as string[],
    evidence: JSON.parse(row.evidence) as number[],
    evidenceCount: row.evidence_count,
    explanation: JSON.parse(row.explanation) as string[],
    from: row.from_ts,
    to: row.to_ts,
    detectedAt: row.detected_at,
    modelVersion: row.model_version,
    status: row.status,
    caseId: row.case_id,
  };
}

/** The columns a detection writes (status, case and the first detection time are left alone on update). */
export function draftColumns(draft: AlertDraft) {
  return {
    id: draft.id,
    source: draft.source,
    rule: draft.rule,
    title: draft.title.slice(0, 300),
    severity: draft.severity,
    severity_rank: ALERT_SEVERITIES.indexOf(draft.severity),
    score: Math.max(0, Math.min(1, draft.score)),
    store_id: draft.storeId,
    users: JSON.stringify(draft.users),
    terminals: JSON.stringify(draft.terminals),
    evidence: JSON.stringify(draft.evidence.slice(0, MAX_ALERT_EVIDENCE)),
    evidence_count: draft.evidence.length,
    explanation: JSON.stringify(draft.explanation),
    from_ts: draft.from,
    to_ts: draft.to,
    model_version: draft.modelVersion,
  };
}

/** Did re-detection change what the alert says? (Only then is it "updated".) */
export function changed(row: AlertRow, next: ReturnType<typeof draftColumns>): boolean {
  return (
    row.evidence !== next.evidence ||
    row.evidence_count !== next.evidence_count ||
    row.severity !== next.severity ||
    row.score !== next.score ||
    row.title !== next.title ||
    row.explanation !== next.explanation ||
    row.users !== next.users ||
    row.terminals !== next.terminals ||
    row.from_ts !== next.from_ts ||
    row.to_ts !== next.to_ts ||
    row.model_version !== next.model_version
  );
}
