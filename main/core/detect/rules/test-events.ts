import { v7 } from 'uuid';
import type { EventInput } from '../../../../shared/events';
import { AuditStore } from '../../store';
import { normalized, tempDir } from '../../store/test-helpers';
import { RULES } from './catalogue';
import type { AlertDraft, RuleScope } from './types';
import { ruleScope } from '../run/rule-scope';
import path from 'node:path';

let counter = 0;

/** For rule tests: an event at an ISO time, with the fields a rule reads. */
export function at(ts: string, fields: Partial<EventInput> & { action: string }): EventInput {
  const ms = Date.parse(ts);
  counter += 1;
  return {
    event_id: v7({ msecs: ms, random: new Uint8Array(16).map((_, k) => (counter * 13 + k * 7) & 0xff) }),
    ts,
    store_id: 'S001',
    ...fields,
  };
}

/** A real store in a temp folder, and `detect` running one rule over everything after `afterSeq`. */
export function ruleTestStore() {
  const tmp = tempDir('watchdog-rules-');
  const store = AuditStore.open(path.join(tmp.dir, 'rules.db'));
  return {
    store,
    add(events: EventInput[]): void {
      store.append(normalized(events));
    },
    detect(kind: string, thresholds: Record<string, number> = {}, afterSeq = 0, covered: number[] = []): AlertDraft[] {
      const rule = RULES.find((r) => r.kind === kind);
      if (!rule) throw new Error(`no rule ${kind}`);
      const scope: RuleScope = ruleScope(store.db, afterSeq, store.log.chainHead.seq);
      for (const seq of covered) scope.covered.add(seq);
      return rule.evaluate(scope, { ...rule.defaults, ...thresholds });
    },
    close(): void {
      store.close();
      tmp.cleanup();
    },
  };
}
