import type { Settings, SettingsGroup } from '../../../shared/contract/documents';
import type { Sessions } from '../accounts/sessions';
import type { Actor } from '../accounts/audit-events';
import { listPolicies, setPolicy } from '../retention/policies';
import type { AuditStore } from '../store';

/** Where a new database's terminal API would listen once turned on (the ingest issue serves it). */
export const DEFAULT_TERMINAL_API: Settings['terminalApi'] = { enabled: false, host: '127.0.0.1', port: 8787, tls: false };

/**
 * The engine's working copy of each settings group: the tables the retention job, the checkpoint
 * timer and every request's session check read synchronously. The settings documents are what people
 * edit and what replicates; `SettingsService` applies each change here in the same step, so the two
 * never disagree for long (docs/documents.md, "Settings").
 */
export interface EngineSettings {
  read<G extends SettingsGroup>(group: G): Settings[G];
  /**
   * Makes the engine follow `value`, recording each real change as a `config.change` event by
   * `actor`. `previous`: the value the user saw (the engine's own where it keeps one).
   */
  apply<G extends SettingsGroup>(group: G, value: Settings[G], actor: Actor, previous: Settings[G]): void;
}

export function engineSettings(store: AuditStore, sessions: Sessions): EngineSettings {
  const readers: { [G in SettingsGroup]: () => Settings[G] } = {
    retention: () => {
      const policies = listPolicies(store.db);
      const days = (name: string) => policies.find((p) => p.kind === 'class' && p.name === name)?.days ?? 0;
      return { standardDays: days('standard'), securityDays: days('security') };
    },
    checkpoints: () => ({ everyEvents: store.log.checkpoints.every, minutes: store.log.checkpoints.minutes }),
    sessions: () => sessions.table.limits(),
    // Nothing in the engine reads it yet: the document alone holds it.
    terminalApi: () => ({ ...DEFAULT_TERMINAL_API }),
  };
  const record = (actor: Actor, setting: string, value: unknown, previous: unknown) =>
    sessions.record(actor, { action: 'config.change', resourceType: 'setting', resourceId: setting, details: { setting, value, previous } });

  const appliers: { [G in SettingsGroup]: (value: Settings[G], actor: Actor, previous: Settings[G]) => void } = {
    retention: (value, actor) => {
      // setPolicy records its own config.change (with the class) before the rule takes effect.
      setPolicy(store, 'standard', value.standardDays, actor);
      setPolicy(store, 'security', value.securityDays, actor);
    },
    checkpoints: (value, actor) => {
      const { log } = store;
      if (value.everyEvents !== log.checkpoints.every) {
        record(actor, 'checkpoint_every', value.everyEvents, log.checkpoints.every);
        log.setCheckpointEvery(value.everyEvents);
      }
      if (value.minutes !== log.checkpoints.minutes) {
        record(actor, 'checkpoint_minutes', value.minutes, log.checkpoints.minutes);
        log.checkpoints.setMinutes(value.minutes);
      }
    },
    sessions: (value, actor) => {
      const previous = sessions.table.limits();
      if (previous.idleMinutes === value.idleMinutes && previous.absoluteHours === value.absoluteHours && previous.maxPerUser === value.maxPerUser) return;
      record(actor, 'session_limits', { ...value }, previous);
      store.db.transaction(() => {
        sessions.table.putSetting('session_idle_minutes', String(value.idleMinutes));
        sessions.table.putSetting('session_absolute_hours', String(value.absoluteHours));
        sessions.table.putSetting('session_max_per_user', String(value.maxPerUser));
      })();
    },
    // The document is its only copy: the change is recorded here, the service writes the document.
    terminalApi: (value, actor, previous) => {
      if (JSON.stringify(value) !== JSON.stringify(previous)) record(actor, 'terminal_api', { ...value }, { ...previous });
    },
  };
  return {
    read: (group) => readers[group](),
    apply: (group, value, actor, previous) => appliers[group](value, actor, previous),
  };
}
