import { randomUUID } from 'node:crypto';
import type { PushedPayload, VerifyReport } from '../../../shared/contract';
import type { EventBus } from '../bus';
import { loadDemo } from '../demo/load';
import type { AuditStore } from '../store';
import type { Handlers, HostKind } from './router';

export interface HandlerDeps {
  store: AuditStore;
  bus: EventBus;
  host: HostKind;
  version: string;
  /** The demo's last day ends here (exclusive); injectable so tests are independent of today's date. */
  now?: () => Date;
}

/** Every channel's implementation. Kept thin: the work lives in the store and the capabilities. */
export function createHandlers(deps: HandlerDeps): Handlers {
  const { store, bus } = deps;
  const now = deps.now ?? (() => new Date());
  const progress = (kind: PushedPayload<'job.progress'>['kind']) => {
    const jobId = randomUUID();
    return (done: number, total: number, phase: string, finished = false) =>
      bus.publish('job.progress', { jobId, kind, phase, done, total, finished });
  };

  return {
    'app.info': () => ({
      version: deps.version,
      host: deps.host,
      database: { path: store.path, schemaVersion: store.schemaVersion, ...store.events.summary() },
    }),
    'events.query': ({ filter, cursor, limit }) => store.events.page(filter, cursor, limit),
    'events.get': ({ seq }) => store.events.get(seq),
    'events.histogram': ({ filter, maxBuckets }) => store.events.histogram(filter, maxBuckets),
    'events.facets': () => store.events.facets(),
    'events.ingest': ({ events }) => {
      const result = store.append(events);
      if (result.lastSeq !== null) bus.publish('events.appended', { count: result.accepted, lastSeq: result.lastSeq });
      return result;
    },
    'audit.verify': async () => {
      const report = progress('verify');
      const walk = store.verifySteps();
      let result: VerifyReport;
      for (;;) {
        const step = walk.next();
        if (step.done) {
          result = step.value;
          break;
        }
        report(step.value.checked, step.value.total, 'verifying');
        await new Promise((resolve) => setImmediate(resolve));
      }
      report(result.checked, result.total, result.ok ? 'verified' : 'failed', true);
      return result;
    },
    'demo.load': async ({ days, stores, seed, end: endDate }) => {
      const report = progress('demo');
      const end = endDate ? new Date(`${endDate}T00:00:00.000Z`) : nextUtcMidnight(now());
      const result = await loadDemo(store, { days, stores, seed, end }, (done, total, phase) => report(done, total, phase));
      report(result.events, result.events, 'done', true);
      bus.publish('events.appended', { count: result.events, lastSeq: store.log.chainHead.seq });
      return result;
    },
  };
}

export function nextUtcMidnight(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1));
}
