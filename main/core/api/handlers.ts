import { randomUUID } from 'node:crypto';
import type { PushedPayload } from '../../../shared/contract';
import type { Checkpoint } from '../integrity/checkpoint';
import { verifyLogFile } from '../integrity/verify/verify-log';
import { defaultArchiveDir } from '../retention/archive';
import { listSegments, queryArchives, readArchivedEvent } from '../retention/reader';
import { AppError } from './errors';
import type { EventBus } from '../bus';
import { loadDemo } from '../demo/load';
import { ensureDemoUsers } from '../demo/demo-users';
import type { AuditStore } from '../store';
import type { Handlers, HostKind } from './router';
import type { Accounts } from '../accounts';
import { createAccountHandlers } from './account-handlers';
import { createDocumentHandlers } from './document-handlers';
import { createTerminalHandlers } from './terminal-handlers';
import { createImportHandlers } from './import-handlers';
import { createAlertHandlers, type AlertHandlerDeps } from './alert-handlers';
import { createDashboardHandlers } from './dashboard-handlers';
import { createForecastHandlers, type ForecastHandlerDeps } from './forecast-handlers';
import type { ImportService } from '../imports/import-service';
import type { Terminals } from '../terminals/registry';
import type { TerminalApiStatus } from '../../../shared/contract/terminal-channels';
import type { DocumentServices } from '../settings/document-services';
import { toCsv, toJsonLines } from '../store/export-format';

export interface HandlerDeps {
  store: AuditStore;
  bus: EventBus;
  host: HostKind;
  version: string;
  /** The demo's last day ends here (exclusive); injectable so tests are independent of today's date. */
  now?: () => Date;
  /** The latest checkpoint recorded outside the file (the vault), so verification also catches a rollback. */
  expectedCheckpoint?: () => Promise<Checkpoint | null>;
  accounts: Accounts;
  /** A new database's recovery key, until first-run setup has shown it. */
  recoveryKey: { value: string | null; shown(): Promise<void> };
  /** Settings and saved views (opened on first use). */
  documents: () => Promise<DocumentServices>;
  terminals: Terminals;
  /** Whether the terminal ingest API is listening. */
  terminalApiStatus: () => TerminalApiStatus;
  /** Applies the Terminal API setting again (a start that failed is tried anew). */
  terminalApiRetry: () => Promise<TerminalApiStatus>;
  /** The import wizard's uploads and jobs. */
  imports: ImportService;
  /** Alerts, cases, rules and the detection runs (main/core/detect/). */
  detection: Omit<AlertHandlerDeps, 'store'>;
  /** Forecasting over the sales history (main/core/forecast/service/). */
  forecasts: ForecastHandlerDeps;
}

/** Every channel's implementation. Kept thin: the work lives in the store and the capabilities. */
export function createHandlers(deps: HandlerDeps): Handlers {
  const { store, bus } = deps;
  const now = deps.now ?? (() => new Date());
  // A property, not a variable: it is cleared after an await (require-atomic-updates).
  const running: { verify: AbortController | null } = { verify: null };
  const progress = (kind: PushedPayload<'job.progress'>['kind']) => {
    const jobId = randomUUID();
    return (done: number, total: number, phase: string, finished = false) =>
      bus.publish('job.progress', { jobId, kind, phase, done, total, finished });
  };

  return {
    ...createAccountHandlers({ accounts: deps.accounts, recoveryKey: deps.recoveryKey }),
    ...createDocumentHandlers(deps.documents),
    ...createTerminalHandlers(deps.terminals, deps.terminalApiStatus, deps.terminalApiRetry),
    ...createImportHandlers(deps.imports),
    ...createAlertHandlers({ store, ...deps.detection }),
    ...createDashboardHandlers({ store, alerts: deps.detection.alerts }),
    ...createForecastHandlers(deps.forecasts),
    'audit.accessLog': ({ limit, beforeSeq }) => store.events.accessLog(limit, beforeSeq),
    'events.export': ({ filter, format, limit }) => {
      const { events: rows, more: truncated } = store.events.collect(filter, limit);
      const stamp = now().toISOString().slice(0, 19).replace(/[:T]/g, '-');
      const content = format === 'csv' ? toCsv(rows) : format === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : toJsonLines(rows);
      const mimeType = format === 'csv' ? 'text/csv' : format === 'json' ? 'application/json' : 'application/x-ndjson';
      return { fileName: `watchdog-events-${stamp}.${format}`, mimeType, content, count: rows.length, truncated };
    },
    'app.info': () => ({
      version: deps.version,
      host: deps.host,
      database: { path: store.path, schemaVersion: store.schemaVersion, ...store.events.summary() },
    }),
    'events.query': ({ filter, cursor, limit }) => store.events.page(filter, cursor, limit),
    'events.get': async ({ seq }) => {
      try {
        return store.events.get(seq);
      } catch (error) {
        // An event retention moved out of the database is read from its archive segment (slower).
        const archived = error instanceof AppError && error.code === 'NOT_FOUND' ? await readArchivedEvent(store.db, defaultArchiveDir(store.path), seq) : null;
        if (!archived) throw error;
        return { ...archived, archived: true };
      }
    },
    'events.archived': async ({ filter, limit }) => {
      const report = progress('archives');
      try {
        const found = await queryArchives(store.db, defaultArchiveDir(store.path), filter, limit + 1, (done, total) => report(done, total, 'reading archives'));
        report(found.segmentsRead, found.segmentsRead, 'done', true);
        const { events, segmentsRead, scanned, durationMs } = found;
        return { events: events.slice(0, limit), more: events.length > limit, segments: listSegments(store.db).length, segmentsRead, scanned, durationMs };
      } catch (error) {
        report(0, 0, 'stopped', true);
        throw error;
      }
    },
    'events.histogram': ({ filter, maxBuckets }) => store.events.histogram(filter, maxBuckets),
    'events.facets': () => store.events.facets(),
    'events.ingest': ({ events }) => {
      const result = store.append(events);
      if (result.lastSeq !== null) bus.publish('events.appended', { count: result.accepted, lastSeq: result.lastSeq });
      return result;
    },
    'audit.verify': async () => {
      if (running.verify) throw new AppError('CONFLICT', 'A verification is already running.');
      const report = progress('verify');
      const controller = new AbortController();
      running.verify = controller;
      try {
        const result = await verifyLogFile(store.path, {
          key: store.key,
          // The app's own archives (the retention timer writes them there) are checked too.
          archiveDir: defaultArchiveDir(store.path),
          expected: deps.expectedCheckpoint ? await deps.expectedCheckpoint() : null,
          signal: controller.signal,
          onProgress: ({ checked, total }) => report(checked, total, 'verifying'),
        });
        report(result.events.total, result.events.total, result.ok ? 'verified' : 'failed', true);
        return result;
      } catch (error) {
        report(0, 0, 'stopped', true);
        throw error;
      } finally {
        running.verify = null;
      }
    },
    'audit.verifyCancel': () => {
      const controller = running.verify;
      controller?.abort();
      return { cancelled: controller !== null };
    },
    'demo.load': async ({ days, stores, seed, end: endDate }, ctx) => {
      const report = progress('demo');
      const end = endDate ? new Date(`${endDate}T00:00:00.000Z`) : nextUtcMidnight(now());
      const result = await loadDemo(store, { days, stores, seed, end }, (done, total, phase) => report(done, total, phase));
      // The demo's manager, auditor and clerk (docs/demo-data.md), so each role can be tried at once.
      await ensureDemoUsers(deps.accounts, ctx.actor);
      // A bulk load ends signed, not waiting for the clock.
      store.log.checkpoint('demand');
      report(result.events, result.events, 'done', true);
      // So the Alerts screen of a demo store has alerts at once. A failed run is recorded as such
      // (alerts.list's lastRun) and tried again by the schedule; the demo itself is loaded.
      await deps.detection.detection.run().catch(() => null);
      bus.publish('events.appended', { count: result.events, lastSeq: store.log.chainHead.seq });
      // New sales history: the forecasts retrain in the background (progress as job.progress 'forecast').
      deps.forecasts.service.salesChanged();
      return result;
    },
  };
}

export function nextUtcMidnight(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1));
}
