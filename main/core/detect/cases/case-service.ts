import { v7 } from 'uuid';
import type { Alert, CaseView } from '../../../../shared/contract/alert-channels';
import type { AccountEvent, Actor } from '../../accounts/audit-events';
import { AppError } from '../../api/errors';
import type { EventBus } from '../../bus';
import type { Documents } from '../../documents/collections';
import type { CaseDoc, NoteDoc } from '../../documents/collections/schemas';
import { insertAs, patchAs, stampOf } from '../../documents/collections/write';
import type { AlertStore } from '../alerts/alert-store';

export type Verdict = 'false_positive' | 'resolved' | 'reopen';

export interface CaseServiceDeps {
  documents: () => Promise<Documents>;
  alerts: AlertStore;
  bus: EventBus;
  /** Writes one event to the log under the actor's name (alert.feedback, case.open, case.update). */
  record: (actor: Actor, event: AccountEvent) => void;
  now: () => Date;
}

/**
 * Triage: cases (documents in `cases`, their comments `notes` with the case's id) over alerts (the
 * alerts table). A case is opened for an alert, assigned and commented; deciding its alerts (resolved,
 * false positive) closes it, reopening one reopens it. Every step is an event in the log, written
 * before the change. Steps run one at a time, so two people opening a case for the same alert get
 * the same case.
 */
export class CaseService {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: CaseServiceDeps) {}

  /** The case that holds the alert, opened now if there is none. */
  open(actor: Actor, alertId: string): Promise<CaseView> {
    return this.serial(async () => {
      const alert = this.deps.alerts.get(alertId);
      if (alert.caseId) {
        const existing = await this.find(alert.caseId);
        if (existing) return this.viewOf(existing);
      }
      const docs = await this.deps.documents();
      const id = `case-${v7()}`;
      this.deps.record(actor, { action: 'case.open', resourceType: 'case', resourceId: id, details: { alert: alert.id, rule: alert.rule, severity: alert.severity } });
      const { refused } = await insertAs(docs.cases, actor, [{ id, title: alert.title.slice(0, 200), status: 'open', severity: alert.severity, alertIds: [alert.id] }], this.deps.now());
      if (refused.length) throw new AppError('CONFLICT', `The case for ${alert.id} could not be written; try again.`);
      // A decided alert stays decided; an undecided one is now in the case.
      this.deps.alerts.setStatus(alert.id, alert.status === 'open' ? 'case' : alert.status, id, this.deps.now());
      this.changed();
      return this.viewOf(await this.mustFind(id));
    });
  }

  update(actor: Actor, change: { id: string; assignee?: string | null; status?: 'open' | 'investigating'; comment?: string }): Promise<CaseView> {
    return this.serial(async () => {
      let doc = await this.mustFind(change.id);
      const current = doc.toJSON() as CaseDoc;
      if (change.status && current.status === 'closed') {
        throw new AppError('CONFLICT', `Case ${change.id} is closed: reopen one of its alerts to work on it again.`);
      }
      const patch: Partial<CaseDoc> = {};
      if (change.status && change.status !== current.status) patch.status = change.status;
      if (change.assignee !== undefined && (change.assignee ?? undefined) !== current.assignee) patch.assignee = change.assignee ?? undefined;
      if (!Object.keys(patch).length && !change.comment) return this.viewOf(doc);
      this.deps.record(actor, {
        action: 'case.update',
        resourceType: 'case',
        resourceId: change.id,
        details: { ...(patch.status ? { status: patch.status } : {}), ...('assignee' in patch ? { assignee: change.assignee ?? null } : {}), ...(change.comment ? { comment: change.comment } : {}) },
      });
      if (Object.keys(patch).length) {
        const stamp = stampOf(actor, this.deps.now());
        doc = await doc.incrementalModify((data) => {
          const next: CaseDoc = { ...data, ...patch, ...stamp };
          // Unassigned: the field goes (the schema has no null).
          if (change.assignee === null) delete next.assignee;
          return next;
        });
      }
      if (change.comment) await this.comment(actor, change.id, change.comment);
      return this.viewOf(await this.mustFind(change.id));
    });
  }

  /** Decides an alert (or reopens it); its case closes when all its alerts are decided, and reopens with one. */
  feedback(actor: Actor, alertId: string, verdict: Verdict, comment?: string): Promise<Alert> {
    return this.serial(async () => {
      const alert = this.deps.alerts.get(alertId);
      this.deps.record(actor, {
        action: 'alert.feedback',
        resourceType: 'alert',
        resourceId: alert.id,
        details: { verdict, previous: alert.status, rule: alert.rule, source: alert.source, ...(comment ? { comment } : {}) },
      });
      const status = verdict === 'reopen' ? (alert.caseId ? 'case' : 'open') : verdict;
      const updated = this.deps.alerts.setStatus(alert.id, status, alert.caseId, this.deps.now());
      const doc = alert.caseId ? await this.find(alert.caseId) : null;
      if (doc) {
        if (comment) await this.comment(actor, doc.id, `${verdict === 'reopen' ? 'Reopened' : verdict === 'resolved' ? 'Confirmed' : 'False positive'}: ${comment}`);
        const undecided = doc.alertIds.some((id) => id === alert.id ? status === 'case' : this.statusOf(id) === 'case' || this.statusOf(id) === 'open');
        const next = undecided ? (doc.status === 'closed' ? 'open' : doc.status) : 'closed';
        if (next !== doc.status) await patchAs(doc, actor, { status: next }, this.deps.now());
      }
      this.changed();
      return updated;
    });
  }

  async view(caseId: string): Promise<CaseView | null> {
    const doc = await this.find(caseId);
    return doc ? this.viewOf(doc) : null;
  }

  private statusOf(alertId: string): Alert['status'] | null {
    try {
      return this.deps.alerts.get(alertId).status;
    } catch {
      return null;
    }
  }

  private async comment(actor: Actor, caseId: string, text: string): Promise<void> {
    const docs = await this.deps.documents();
    const { refused } = await insertAs(docs.notes, actor, [{ id: `note-${v7()}`, caseId, text, author: actor.userName ?? `system:${actor.source}` }], this.deps.now());
    if (refused.length) throw new AppError('CONFLICT', `The comment on ${caseId} could not be written; try again.`);
  }

  private async find(id: string) {
    return (await this.deps.documents()).cases.findOne(id).exec();
  }

  private async mustFind(id: string) {
    const doc = await this.find(id);
    if (!doc) throw new AppError('NOT_FOUND', `There is no case ${id}.`);
    return doc;
  }

  private async viewOf(doc: { toJSON(): unknown }): Promise<CaseView> {
    const data = doc.toJSON() as CaseDoc;
    const notes = await (await this.deps.documents()).notes.find({ selector: { caseId: data.id }, sort: [{ caseId: 'asc' }, { updatedAt: 'asc' }] }).exec();
    const statuses = data.alertIds.map((id) => this.statusOf(id));
    return {
      id: data.id,
      title: data.title,
      status: data.status,
      severity: data.severity,
      assignee: data.assignee ?? null,
      alertIds: data.alertIds,
      comments: notes
        .map((n) => n.toJSON() as NoteDoc)
        .sort((a, b) => a.id.localeCompare(b.id))
        .map((n) => ({ id: n.id, author: n.author, text: n.text, at: n.updatedAt })),
      // Closed: false positive when every alert was one, else resolved.
      resolution: data.status !== 'closed' ? null : statuses.every((s) => s === 'false_positive') ? 'false_positive' : 'resolved',
      updatedAt: data.updatedAt,
      updatedBy: data.updatedBy,
    };
  }

  private changed(): void {
    this.deps.bus.publish('alerts.changed', { raised: 0, updated: 1, critical: [] });
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work, work);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
