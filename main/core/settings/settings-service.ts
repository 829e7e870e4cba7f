import type { Subscription } from 'rxjs';
import {
  SETTINGS_GROUPS,
  SettingsSchema,
  type Settings,
  type SettingsGroup,
  type SettingsView,
} from '../../../shared/contract/documents';
import type { Actor } from '../accounts/audit-events';
import type { Sessions } from '../accounts/sessions';
import { AppError, fieldErrors } from '../api/errors';
import type { EventBus } from '../bus';
import type { Documents } from '../documents/collections';
import { upsertAs } from '../documents/collections/write';
import type { SettingDoc } from '../documents/collections/schemas';
import type { AuditStore } from '../store';
import { engineSettings, type EngineSettings } from './engine-settings';

export type SettingsChange = { [G in SettingsGroup]?: Partial<Settings[G]> };

/** Changes the core makes on its own (reconciling at open) are stamped `system:settings`. */
const SYSTEM: Actor = { userName: null, role: null, sessionId: null, source: 'settings' };

/**
 * App settings as documents (one per group in the `settings` collection: `retention`, `checkpoints`,
 * `sessions`, `terminalApi`). A change is validated whole, applied to the engine (which records it as
 * `config.change`), then written as the group's document stamped with who and when; every window
 * hears the new view through the `settings.changed` push, which a live RxDB query drives.
 */
export class SettingsService {
  private subscription: Subscription | null = null;
  private readonly engine: EngineSettings;

  private constructor(
    private readonly docs: Documents,
    store: AuditStore,
    sessions: Sessions,
    private readonly now: () => Date,
  ) {
    this.engine = engineSettings(store, sessions);
  }

  /**
   * Opens the service: a group's document, where one exists, wins over the engine's copy (a setting
   * replicated or restored takes effect; a difference is recorded as a change by `system:settings`),
   * then the live query starts pushing `settings.changed`.
   */
  static async open(docs: Documents, store: AuditStore, sessions: Sessions, bus: EventBus, now: () => Date = () => new Date()): Promise<SettingsService> {
    const service = new SettingsService(docs, store, sessions, now);
    for (const doc of await service.documents()) {
      const group = doc.id as SettingsGroup;
      // The terminal API's settings live in the document alone: nothing to reconcile.
      if (group === 'terminalApi') continue;
      const parsed = SettingsSchema.shape[group].safeParse(doc.value);
      if (parsed.success && !sameValue(parsed.data, service.engine.read(group))) service.engine.apply(group, parsed.data as never, SYSTEM, service.engine.read(group) as never);
    }
    let first = true;
    service.subscription = docs.settings.find({ selector: {}, sort: [{ id: 'asc' }] }).$.subscribe((found) => {
      // The first answer is the state at subscription; only later ones are changes.
      if (first) return void (first = false);
      bus.publish('settings.changed', service.viewOf(found.map((d) => d.toJSON() as SettingDoc)));
    });
    return service;
  }

  async view(): Promise<SettingsView> {
    return this.viewOf(await this.documents());
  }

  /** Applies a change by `actor`. Invalid values are refused with the field they belong to; nothing is changed then. */
  async set(change: SettingsChange, actor: Actor): Promise<SettingsView> {
    const current = (await this.view()).values;
    const groups = SETTINGS_GROUPS.filter((g) => change[g] !== undefined);
    const next = SettingsSchema.safeParse({ ...current, ...Object.fromEntries(groups.map((g) => [g, { ...current[g], ...change[g] }])) });
    if (!next.success) {
      const fields = fieldErrors(next.error.issues);
      throw new AppError('BAD_INPUT', `These settings were not saved: ${fields.map((f) => `${f.path} ${f.message}`).join('; ')}.`, fields);
    }
    for (const group of groups) {
      const value = next.data[group];
      if (sameValue(value, current[group])) continue;
      this.engine.apply(group, value as never, actor, current[group] as never);
      await upsertAs(this.docs.settings, actor, { id: group, value }, this.now());
    }
    return this.view();
  }

  close(): void {
    this.subscription?.unsubscribe();
    this.subscription = null;
  }

  private async documents(): Promise<SettingDoc[]> {
    const found = await this.docs.settings.find({ selector: {}, sort: [{ id: 'asc' }] }).exec();
    return found.map((d) => d.toJSON() as SettingDoc);
  }

  private viewOf(docs: readonly SettingDoc[]): SettingsView {
    const byGroup = new Map(docs.map((d) => [d.id, d]));
    const values = {} as Record<SettingsGroup, unknown>;
    const changed = {} as SettingsView['changed'];
    for (const group of SETTINGS_GROUPS) {
      const doc = byGroup.get(group);
      const parsed = doc ? SettingsSchema.shape[group].safeParse(doc.value) : null;
      values[group] = parsed?.success ? parsed.data : this.engine.read(group);
      changed[group] = doc ? { by: doc.updatedBy, at: doc.updatedAt } : null;
    }
    return { values: values as Settings, changed };
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
