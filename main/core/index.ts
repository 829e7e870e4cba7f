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
import type { Checkpoint } from './integrity/checkpoint';
import { startCheckpointTimer } from './integrity/checkpoint-timer';
import { startRetentionTimer } from './retention/timer';
import { openSecureStore } from './vault/open-store';
import { openKeychainVault } from './vault/vault';

export interface OpenCoreOptions {
  dbPath: string;
  host: HostKind;
  /** Create the database if it is missing (default true); false makes a missing file a NOT_FOUND error. */
  create?: boolean;
  version?: string;
  now?: () => Date;
  onInternalError?: (channel: string, error: unknown) => void;
  /** A store opened already (openSecureCore opens it with the vault's keys). */
  store?: AuditStore;
  /** The checkpoint the vault recorded before this open: verification then also proves there was no rollback. */
  expectedCheckpoint?: Checkpoint | null;
}

export interface SecureCoreOptions extends Omit<OpenCoreOptions, 'store' | 'expectedCheckpoint'> {
  /** Opens with this recovery key instead of the keychain's key (and stores it in the keychain). */
  recoveryKey?: string;
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
  /** Set on the first run only: the recovery key, to be shown once. */
  recoveryKey: string | null;
  /** Waits for accepted batches, stops ingest workers, closes the database. */
  close(): Promise<void>;
}

/**
 * The core as hosts open it: the database key and the signing key from the system keychain (created
 * on first run, with a recovery key to show once), checkpoints signed on count and on time, and a
 * file older than the last checkpoint this computer saw refused. Without a keychain it says so and
 * stores nothing (secrets are never written in plain text).
 */
export async function openSecureCore(options: SecureCoreOptions): Promise<Core> {
  const vault = await openKeychainVault();
  const { store, recoveryKey, expected } = await openSecureStore({ dbPath: options.dbPath, create: options.create, vault, recoveryKey: options.recoveryKey });
  const core = openCore({ ...options, store, expectedCheckpoint: expected });
  const stopTimer = startCheckpointTimer(store);
  // Expired events move into signed archives once a day (docs/architecture.md, "Retention and archives").
  const stopRetention = startRetentionTimer(store);
  return {
    ...core,
    recoveryKey,
    async close() {
      stopTimer();
      await stopRetention();
      // A last checkpoint so the vault's record covers everything this session wrote.
      if (store.db.open && store.log.treeSize > (store.log.checkpoints.latest()?.treeSize ?? 0)) store.log.checkpoint('time');
      await core.close();
    },
  };
}

/** One core per open database; every host (Electron, browser, CLI) drives it through the same router. */
export function openCore(options: OpenCoreOptions): Core {
  const store = options.store ?? AuditStore.open(options.dbPath, { create: options.create });
  const expected = options.expectedCheckpoint ?? null;
  const bus = new EventBus();
  const handlers = createHandlers({
    store, bus, host: options.host, version: options.version ?? VERSION, now: options.now, expectedCheckpoint: async () => expected,
  });
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
    recoveryKey: null,
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
