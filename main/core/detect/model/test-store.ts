import path from 'node:path';
import { EventInputSchema, type EventInput } from '../../../../shared/events';
import { generateDemo } from '../../demo';
import { AuditStore } from '../../store';
import { tempDir } from '../../store/test-helpers';
import type { ModelDetectOptions } from '../model-detector';

/** Test support: the demo's events (two stores), generated once per test file. */
export function demoEvents(days: number, stores = 2): EventInput[] {
  const events: EventInput[] = [];
  for (const chunk of generateDemo({ days, stores, seed: 1, end: new Date('2026-02-01T00:00:00Z'), salesDays: days })) {
    if (chunk.kind === 'events') events.push(...chunk.events);
  }
  return events;
}

/** A real store in a fresh folder holding `events`. */
export function storeWith(events: readonly EventInput[]): { store: AuditStore; cleanup: () => void } {
  const tmp = tempDir('watchdog-model-');
  const store = AuditStore.open(path.join(tmp.dir, 'model.db'));
  append(store, events);
  return { store, cleanup: () => (store.close(), tmp.cleanup()) };
}

export function append(store: AuditStore, events: readonly EventInput[]): void {
  for (let i = 0; i < events.length; i += 1000) store.append(events.slice(i, i + 1000).map((e) => EventInputSchema.parse(e)));
}

export function detectOptions(afterSeq: number, over: Partial<ModelDetectOptions> = {}): ModelDetectOptions {
  return { afterSeq, ruleEvidence: new Map(), feedback: { falsePositiveSeqs: [], confirmedSeqs: [] }, ...over };
}
