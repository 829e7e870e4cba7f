import os from 'node:os';
import path from 'node:path';
import { PERMISSIONS } from '../../shared/permissions';
import { createHandlers } from './api/handlers';
import { createRouter, type CallContext, type HostKind, type Router } from './api/router';
import { EventBus } from './bus';
import { IngestPipeline } from './ingest/pipeline';
import { AuditStore, type AppendResult } from './store';
import { channels } from '../../shared/contract';
import { AppError } from './api/errors';
import { VERSION } from './version';

export interface OpenCoreOptions {
  dbPath: string;
  host: HostKind;
  /** Create the database if it is missing (default true); false makes a missing file a NOT_FOUND error. */
  create?: boolean;
  version?: string;
  now?: () => Date;
  onInternalError?: (channel: string, error: unknown) => void;
}

export interface Core {
  router: Router;
  bus: EventBus;
  store: AuditStore;
  dbPath: string;
  /**
   * The high-volume way in (file imports, and terminals from the ingest issue on): the same permission
   * as events.ingest, then validation off this thread and group commits. Workers start on first use.
   */
  ingest(ctx: CallContext, body: unknown): Promise<AppendResult>;
  /** Waits for accepted batches, stops ingest workers, closes the database. */
  close(): Promise<void>;
}

/** One core per open database; every host (Electron, browser, CLI) drives it through the same router. */
export function openCore(options: OpenCoreOptions): Core {
  const store = AuditStore.open(options.dbPath, { create: options.create });
  const bus = new EventBus();
  const handlers = createHandlers({ store, bus, host: options.host, version: options.version ?? VERSION, now: options.now });
  const router = createRouter(handlers, {
    onInternalError: options.onInternalError ?? ((channel, error) => console.error(`[watchdog] ${channel} failed:`, error)),
  });
  let pipeline: IngestPipeline | null = null;
  const ingestPermission = channels['events.ingest'].permission;
  return {
    router,
    bus,
    store,
    dbPath: options.dbPath,
    ingest(ctx, body) {
      if (ingestPermission !== null && !ctx.permissions.has(ingestPermission)) {
        return Promise.reject(new AppError('FORBIDDEN', `You need the ${ingestPermission} permission to add events.`));
      }
      pipeline ??= new IngestPipeline(store.log, {
        onCommitted: (results) => {
          const last = results.reduce((max, r) => Math.max(max, r.lastSeq ?? 0), 0);
          const count = results.reduce((sum, r) => sum + r.accepted, 0);
          if (count) bus.publish('events.appended', { count, lastSeq: last });
        },
      });
      return pipeline.submit(body);
    },
    async close() {
      await pipeline?.close();
      store.close();
    },
  };
}

/**
 * The local operator: everyone at the PC holds every permission until accounts exist (issue 4).
 * The router already checks permissions against this set, so accounts only have to narrow it.
 */
export function operatorContext(host: HostKind): CallContext {
  return { host, permissions: new Set(PERMISSIONS) };
}

/** Where the database lives unless told otherwise: Electron's userData folder on each platform. */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.WATCHDOG_DB) return path.resolve(env.WATCHDOG_DB);
  const home = os.homedir();
  const base =
    process.platform === 'win32'
      ? (env.APPDATA ?? path.join(home, 'AppData', 'Roaming'))
      : process.platform === 'darwin'
        ? path.join(home, 'Library', 'Application Support')
        : (env.XDG_CONFIG_HOME ?? path.join(home, '.config'));
  return path.join(base, 'Watchdog', 'watchdog.db');
}

export type { CallContext, HostKind, Router } from './api/router';
export { EventBus } from './bus';
