import os from 'node:os';
import path from 'node:path';
import { PERMISSIONS } from '../../shared/permissions';
import { createHandlers } from './api/handlers';
import { createRouter, type CallContext, type HostKind, type Router } from './api/router';
import { EventBus } from './bus';
import { AuditStore } from './store';
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
  close(): void;
}

/** One core per open database; every host (Electron, browser, CLI) drives it through the same router. */
export function openCore(options: OpenCoreOptions): Core {
  const store = AuditStore.open(options.dbPath, { create: options.create });
  const bus = new EventBus();
  const handlers = createHandlers({ store, bus, host: options.host, version: options.version ?? VERSION, now: options.now });
  const router = createRouter(handlers, {
    onInternalError: options.onInternalError ?? ((channel, error) => console.error(`[watchdog] ${channel} failed:`, error)),
  });
  return { router, bus, store, dbPath: options.dbPath, close: () => store.close() };
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
