import type { PushedPayload } from '../../shared/contract';
import os from 'node:os';
import path from 'node:path';
import { createAccounts, type Accounts } from './accounts';
import { accountEvent } from './accounts/audit-events';
import { createHandlers } from './api/handlers';
import { checkAccess, createRouter, type CallContext, type HostKind, type Router } from './api/router';
import { contextFor, type Caller } from './context';
import { EventBus } from './bus';
import { IngestPipeline } from './ingest/pipeline';
import { startIngestServer, type IngestServer, type IngestServerOptions } from './terminals/ingest-server';
import { Terminals } from './terminals/registry';
import { TerminalApiController } from './terminals/api-controller';
import { loadTlsIdentity } from './terminals/tls-identity';
import { lazyDocumentServices, openDocumentServices, type DocumentServices } from './settings/document-services';
import { AuditStore, type AppendResult } from './store';
import { VERSION } from './version';
import type { Checkpoint } from './integrity/checkpoint';
import { startCheckpointTimer } from './integrity/checkpoint-timer';
import { startRetentionTimer } from './retention/timer';
import { openSecureStore } from './vault/open-store';
import { openKeychainVault } from './vault/vault';
import { recoveryKeyShown } from './vault/store-keys';
import { ImportService } from './imports/import-service';
import { RememberedMappings } from './imports/remembered-mappings';
import { AlertStore } from './detect/alerts/alert-store';
import { CaseService } from './detect/cases/case-service';
import { createModelDetector } from './detect/model';
import { RuleSettings } from './detect/rules/rule-settings';
import { DetectionService } from './detect/run/detection-service';
import { ForecastQueries } from './forecast/service/forecast-queries';
import { ForecastService } from './forecast/service/forecast-service';

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
  /** A new database's recovery key, not yet shown: first-run setup shows it once. */
  recoveryKey?: string | null;
  /** Called once it has been shown (the keychain then forgets it). */
  onRecoveryKeyShown?: () => Promise<void>;
}

export interface SecureCoreOptions extends Omit<OpenCoreOptions, 'store' | 'expectedCheckpoint'> {
  /** Opens with this recovery key instead of the keychain's key (and stores it in the keychain). */
  recoveryKey?: string;
}

export interface Core {
  router: Router;
  bus: EventBus;
  store: AuditStore;
  accounts: Accounts;
  /** Settings and saved views (RxDB documents in the same file), opened on first use. */
  documents(): Promise<DocumentServices>;
  dbPath: string;
  /** Who is calling, from the host's token holder: every host builds each request's context here. */
  context(caller: Caller): CallContext;
  /**
   * The high-volume way in (file imports, and terminals from the ingest issue on): the same permission
   * as events.ingest, then validation off this thread and group commits. Workers start on first use.
   */
  ingest(ctx: CallContext, body: unknown): Promise<AppendResult>;
  /** Registered POS terminals and their keys. */
  terminals: Terminals;
  /** Detection runs (rules and the model): on demand, after new events and hourly outside the CLI. */
  detection: DetectionService;
  /** The ingest API as the Terminal API setting runs it (see `followTerminalApiSetting`). */
  terminalApi: TerminalApiController;
  /**
   * Runs the terminal ingest API as the Terminal API setting says, now and after every change (the
   * desktop app and `watchdog serve` do this; other commands never listen).
   */
  followTerminalApiSetting(): Promise<void>;
  /**
   * Starts the terminal ingest API (docs/ingest.md) on `host:port`: signed requests from registered
   * terminals, into the same pipeline as `ingest`. It stops with the core.
   */
  startIngestApi(options: Pick<IngestServerOptions, 'host' | 'port' | 'tls' | 'perTerminal' | 'perAddress' | 'bodyLimit'>): Promise<IngestServer>;
  /** A new database's recovery key until it has been shown (first-run setup shows it; the CLI prints it). */
  recoveryKey: string | null;
  /** The recovery key was shown: forget it (the keychain's copy too). */
  recoveryKeyShown(): Promise<void>;
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
  const core = openCore({
    ...options, store, expectedCheckpoint: expected, recoveryKey,
    onRecoveryKeyShown: async () => (vault ? recoveryKeyShown(vault, options.dbPath) : undefined),
  });
  const stopTimer = startCheckpointTimer(store);
  // Expired events move into signed archives once a day (docs/architecture.md, "Retention and archives").
  const stopRetention = startRetentionTimer(store);
  const closeCore = core.close;
  // Assigned, not spread: `recoveryKey` is a getter that clears once the key has been shown.
  return Object.assign(core, {
    async close() {
      stopTimer();
      await stopRetention();
      // A last checkpoint so the vault's record covers everything this session wrote.
      if (store.db.open && store.log.treeSize > (store.log.checkpoints.latest()?.treeSize ?? 0)) store.log.checkpoint('time');
      await closeCore();
    },
  });
}

/** One core per open database; every host (Electron, browser, CLI) drives it through the same router. */
export function openCore(options: OpenCoreOptions): Core {
  const store = options.store ?? AuditStore.open(options.dbPath, { create: options.create });
  const expected = options.expectedCheckpoint ?? null;
  const bus = new EventBus();
  const now = options.now ?? (() => new Date());
  const accounts = createAccounts(store, now);
  const pendingKey = {
    value: options.recoveryKey ?? null,
    shown: async () => {
      pendingKey.value = null;
      await options.onRecoveryKeyShown?.();
    },
  };
  const terminals = new Terminals(store, now);
  const servers = new Set<IngestServer>();
  let startApi: (options: Pick<IngestServerOptions, 'host' | 'port' | 'tls'>) => Promise<IngestServer> = () => Promise.reject(new Error('not ready'));
  const terminalApi = new TerminalApiController({ bus, start: (o) => startApi(o), tlsIdentity: (host) => loadTlsIdentity(store.db, host) });
  const documents = lazyDocumentServices(() => openDocumentServices(store, accounts.sessions, bus, now));
  /** Starts, moves or stops the terminal API as the setting stands now (a failed start is tried anew). */
  const applyTerminalApiSetting = async () => terminalApi.apply((await (await documents.get()).settings.view()).values.terminalApi);
  const ingest = (ctx: CallContext, body: unknown): Promise<AppendResult> => {
    const refused = checkAccess(ctx, 'events.ingest');
    if (refused) return Promise.reject(refused);
    return getPipeline().submit(body);
  };
  const imports = new ImportService({
    core: { ingest, store },
    bus,
    now,
    remembered: async () => new RememberedMappings((await documents.get()).documents, now),
    record: (actor, event) => store.append([accountEvent(store.storeId, actor, event, now())]),
  });
  const alerts = new AlertStore(store.db);
  const recordAs = (actor: Parameters<typeof accountEvent>[1], event: Parameters<typeof accountEvent>[2]) => store.append([accountEvent(store.storeId, actor, event, now())]);
  let ruleSettings: Promise<RuleSettings> | null = null;
  const rules = () => (ruleSettings ??= documents.get().then((d) => new RuleSettings(d.documents, recordAs, now)));
  const detection = new DetectionService({ store, alerts, bus, now, model: createModelDetector(store, { now }), rules: async () => (await rules()).configs() });
  // A CLI command does its work and exits; the hosts that stay up also detect on their own.
  if (options.host !== 'cli') detection.start();
  const forecasts = new ForecastService({ db: store.db, bus, now });
  // Retraining on a schedule (and after sales imports) only where the host stays up.
  if (options.host !== 'cli') forecasts.start();
  const cases = new CaseService({ documents: async () => (await documents.get()).documents, alerts, bus, record: recordAs, now });
  const handlers = createHandlers({
    store, bus, host: options.host, version: options.version ?? VERSION, now: options.now, expectedCheckpoint: async () => expected,
    accounts, recoveryKey: pendingKey, documents: documents.get, terminals, terminalApiStatus: () => terminalApi.state,
    terminalApiRetry: async () => {
      await applyTerminalApiSetting();
      return terminalApi.state;
    },
    imports,
    detection: { alerts, cases, detection, rules },
    forecasts: { service: forecasts, queries: new ForecastQueries(forecasts) },
  });
  const record = (ctx: CallContext, event: Parameters<typeof accountEvent>[2]) => store.append([accountEvent(store.storeId, ctx.actor, event, now())]);
  const router = createRouter(handlers, {
    onInternalError: options.onInternalError ?? ((channel, error) => console.error(`[watchdog] ${channel} failed:`, error)),
    // Every refusal is an event: who (or which source, before login) asked for what, and why not.
    onRefused: (ctx, channel, error) =>
      record(ctx, { action: 'auth.access_denied', status: 'failure', resourceType: 'channel', resourceId: channel, errorDetails: error.message, details: { channel, code: error.code, host: ctx.host } }),
    // Every look at the log is an event: the user, the channel and the query. A timeline that scrolls
    // on (a cursor) continues the look already recorded.
    onAudited: (ctx, channel, kind, input) => {
      if (channel === 'events.query' && (input as { cursor?: string | null }).cursor) return;
      record(ctx, { action: `audit.${kind}`, resourceType: 'channel', resourceId: channel, details: { channel, query: input as Record<string, unknown>, host: ctx.host } });
    },
  });
  let pipeline: IngestPipeline | null = null;
  const getPipeline = () =>
    (pipeline ??= new IngestPipeline(store.log, {
      onCommitted: (results) => {
        const last = results.reduce((max, r) => Math.max(max, r.lastSeq ?? 0), 0);
        const count = results.reduce((sum, r) => sum + r.accepted, 0);
        if (count) bus.publish('events.appended', { count, lastSeq: last });
      },
    }));
  const startIngestApi = async (options: Pick<IngestServerOptions, 'host' | 'port' | 'tls' | 'perTerminal' | 'perAddress' | 'bodyLimit'>): Promise<IngestServer> => {
    // Workers started and warm before the first terminal is answered.
    await getPipeline().warm([{ event_id: '01900000-0000-7000-8000-000000000000', ts: now().toISOString(), store_id: store.storeId, action: 'system.start' }]);
    const server = await startIngestServer({ ...options, terminals, submit: (body, sender) => getPipeline().submit(body, sender) });
    servers.add(server);
    return {
      ...server,
      close: async () => {
        servers.delete(server);
        await server.close();
      },
    };
  };
  startApi = startIngestApi;
  return {
    router,
    bus,
    store,
    accounts,
    documents: documents.get,
    dbPath: options.dbPath,
    get recoveryKey() {
      return pendingKey.value;
    },
    recoveryKeyShown: () => pendingKey.shown(),
    context: (caller) => contextFor(accounts, caller),
    ingest,
    terminals,
    detection,
    terminalApi,
    async followTerminalApiSetting() {
      bus.subscribe((event, payload) => {
        if (event === 'settings.changed') void terminalApi.apply((payload as PushedPayload<'settings.changed'>).values.terminalApi);
      });
      await applyTerminalApiSetting();
    },
    startIngestApi,
    async close() {
      await terminalApi.stop();
      // Terminals first: no new batches, and every one already accepted is committed below.
      await Promise.all([...servers].map((s) => s.close()));
      servers.clear();
      terminals.flushSeen();
      await imports.close();
      // A run in progress stops at its next step and records itself before the documents and the file close.
      await detection.close();
      // Its workers end; a run in progress stops and is recorded as failed on the next start.
      await forecasts.close();
      await pipeline?.close();
      await documents.close();
      store.close();
    },
  };
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

export type { CallContext, HostKind, Router, TokenHolder } from './api/router';
export type { Caller } from './context';
export { EventBus } from './bus';
