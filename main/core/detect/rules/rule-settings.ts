import type { z } from 'zod';
import type { AlertRuleViewSchema } from '../../../../shared/contract/alert-channels';
import type { AccountEvent, Actor } from '../../accounts/audit-events';
import { AppError } from '../../api/errors';
import type { Documents } from '../../documents/collections';
import type { AlertRuleDoc } from '../../documents/collections/schemas';
import { insertAs, patchAs } from '../../documents/collections/write';
import { RULES, ruleDefinition } from './catalogue';
import type { RuleConfig } from './types';

export type AlertRuleView = z.output<typeof AlertRuleViewSchema>;

/** The rules seeded on first use are stamped `system:detection`. */
const SYSTEM: Actor = { userName: null, role: null, sessionId: null, source: 'detection' };

/**
 * The rules' settings as alertRules documents (id = the rule's kind): seeded from the catalogue's
 * defaults when missing, so people can turn a rule off or change its thresholds and the change
 * replicates like any document. A change is recorded as a `config.change` event before it is written.
 */
export class RuleSettings {
  private seeded: Promise<void> | null = null;

  constructor(
    private readonly docs: Documents,
    private readonly record: (actor: Actor, event: AccountEvent) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The rules as a run applies them: each document's values over the catalogue's defaults. */
  async configs(): Promise<RuleConfig[]> {
    return (await this.documents()).map((doc) => ({ kind: doc.kind, enabled: doc.enabled, thresholds: withDefaults(doc) }));
  }

  async list(): Promise<AlertRuleView[]> {
    return (await this.documents()).map(viewOf);
  }

  async update(actor: Actor, change: { id: string; enabled?: boolean; thresholds?: Record<string, number> }): Promise<AlertRuleView> {
    const definition = ruleDefinition(change.id);
    await this.seed();
    const doc = await this.docs.alertRules.findOne(change.id).exec();
    if (!definition || !doc) throw new AppError('NOT_FOUND', `There is no detection rule ${change.id}; the rules are ${RULES.map((r) => r.kind).join(', ')}.`);
    const problems = Object.entries(change.thresholds ?? {}).flatMap(([key, value]) => {
      const range = definition.limits[key];
      if (!range) return [{ path: `thresholds.${key}`, message: `is not a threshold of ${change.id} (it has ${Object.keys(definition.defaults).join(', ')})` }];
      if (!Number.isFinite(value) || value < range[0] || value > range[1]) return [{ path: `thresholds.${key}`, message: `must be from ${range[0]} to ${range[1]}` }];
      return [];
    });
    if (problems.length) throw new AppError('BAD_INPUT', `The rule was not changed: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}.`, problems);
    const before = doc.toJSON() as AlertRuleDoc;
    const thresholds = { ...withDefaults(before), ...change.thresholds };
    const enabled = change.enabled ?? before.enabled;
    if (enabled === before.enabled && JSON.stringify(thresholds) === JSON.stringify(withDefaults(before))) return viewOf(before);
    this.record(actor, {
      action: 'config.change',
      resourceType: 'alert_rule',
      resourceId: change.id,
      details: { setting: `rules.${change.id}`, value: { enabled, thresholds }, previous: { enabled: before.enabled, thresholds: withDefaults(before) } },
    });
    const saved = await patchAs(doc, actor, { enabled, thresholds }, this.now());
    return viewOf(saved.toJSON() as AlertRuleDoc);
  }

  private async documents(): Promise<AlertRuleDoc[]> {
    await this.seed();
    const found = await this.docs.alertRules.find({ selector: {}, sort: [{ id: 'asc' }] }).exec();
    const byId = new Map(found.map((d) => [d.id, d.toJSON() as AlertRuleDoc]));
    // In the catalogue's order; a document of a rule this version does not know is left alone.
    return RULES.map((r) => byId.get(r.kind)).filter((d): d is AlertRuleDoc => d !== undefined);
  }

  /** Writes the default of every rule that has no document yet (once per service; another writer's copy wins). */
  private seed(): Promise<void> {
    this.seeded ??= (async () => {
      const existing = new Set((await this.docs.alertRules.find({ selector: {} }).exec()).map((d) => d.id));
      const missing = RULES.filter((r) => !existing.has(r.kind)).map((r) => ({ id: r.kind, kind: r.kind, name: r.name, enabled: true, thresholds: { ...r.defaults } }));
      if (missing.length) await insertAs(this.docs.alertRules, SYSTEM, missing, this.now());
    })().catch((error: unknown) => {
      this.seeded = null;
      throw error;
    });
    return this.seeded;
  }
}

function withDefaults(doc: AlertRuleDoc): Record<string, number> {
  return { ...(ruleDefinition(doc.kind)?.defaults ?? {}), ...doc.thresholds };
}

function viewOf(doc: AlertRuleDoc): AlertRuleView {
  const definition = ruleDefinition(doc.kind);
  return {
    id: doc.id,
    kind: doc.kind,
    name: doc.name,
    description: definition?.description ?? '',
    group: definition?.group ?? 'security',
    enabled: doc.enabled,
    thresholds: withDefaults(doc),
    updatedBy: doc.updatedBy,
    updatedAt: doc.updatedAt,
  };
}
