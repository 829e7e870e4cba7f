import { existsSync } from 'node:fs';
import path from 'node:path';
import { app, dialog, session, type BrowserWindow } from 'electron';
import { notifyCriticalAlerts } from './alert-notifications';
import { registerIpc, type IpcCore } from './ipc';
import { registerProtocol, registerSchemePrivileges } from './protocol';
import { hardenSession } from './security';
import { WindowSessions } from './sessions';
import { createMainWindow, focusWindow } from './window';

/**
 * What the desktop host needs from the core: the real `Core` fits, tests pass a fake or a real one.
 * A new database's recovery key is not the host's business: the renderer's first-run setup screen
 * shows it (auth.setup returns it once, then the core forgets it), so no dialog shows it here.
 */
export interface DesktopCore extends IpcCore {
  close(): void | Promise<void>;
  /** Runs the terminal ingest API as the Terminal API setting says (optional: test fakes have none). */
  followTerminalApiSetting?(): Promise<void>;
}

export interface DesktopOptions {
  /** The built renderer (`out/renderer`), served as `app://watchdog/`. */
  rendererDir: string;
  /** The bundled preload (`out/preload/index.cjs`). */
  preloadPath: string;
  openCore: (options: { dbPath: string; host: 'electron'; version: string }) => DesktopCore | Promise<DesktopCore>;
  env?: NodeJS.ProcessEnv;
}

/**
 * Starts the desktop host. Scheme privileges and the sandbox must be set before `ready`, and a second
 * launch must not open the database again, so those happen synchronously here.
 */
export function runDesktop(options: DesktopOptions): void {
  registerSchemePrivileges();
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  const state: { window: BrowserWindow | null } = { window: null };
  app.on('second-instance', () => focusWindow(state.window));
  app
    .whenReady()
    .then(() => startWindow(options, state))
    .catch((error: unknown) => failStartup(error));
}

export function databasePath(env: NodeJS.ProcessEnv = process.env): string {
  // Resolved like the other hosts' defaultDbPath, so a relative WATCHDOG_DB means the same file everywhere.
  return env.WATCHDOG_DB ? path.resolve(env.WATCHDOG_DB) : path.join(app.getPath('userData'), 'watchdog.db');
}

async function startWindow(options: DesktopOptions, state: { window: BrowserWindow | null }): Promise<void> {
  if (!existsSync(path.join(options.rendererDir, 'index.html'))) {
    throw new Error(`The user interface has not been built (${options.rendererDir} has no index.html). Run "npm run build" first.`);
  }
  const core = await options.openCore({ dbPath: databasePath(options.env), host: 'electron', version: app.getVersion() });
  // The tills' API, if an administrator turned it on; a failure is shown on the Settings screen.
  core.followTerminalApiSetting?.().catch((error: unknown) => console.error('Watchdog could not start the terminal API:', error));
  registerProtocol(options.rendererDir);
  hardenSession(session.defaultSession);
  // Each window logs in on its own (sessions.ts); every request and push is checked against its session.
  const sessions = new WindowSessions(core);
  const disposeIpc = registerIpc(core, { getWindow: () => state.window, sessions });
  const disposeNotifications = notifyCriticalAlerts(core, { getWindow: () => state.window, sessions });

  const open = () => {
    const window = createMainWindow({ preloadPath: options.preloadPath, onLoadFailed: failStartup });
    // Read now: a closed window's webContents can no longer be read.
    const contentsId = window.webContents.id;
    window.on('closed', () => {
      // The session ends with its window (an auth.logout event); a reopened window starts logged out.
      sessions.end(contentsId);
      state.window = null;
    });
    state.window = window;
  };
  open();

  // macOS keeps apps alive without windows; a click on the dock icon reopens ours.
  app.on('activate', () => {
    if (state.window === null) open();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.once('will-quit', () => {
    // Any session still open ends while the database is still open (windows normally end theirs on close).
    sessions.endAll();
    disposeIpc();
    disposeNotifications();
    // Waits for accepted ingest batches before the database closes; nothing new is accepted now.
    void core.close();
  });
}

/** The user sees one sentence in a dialog rather than a window that never appears. */
function failStartup(error: unknown): void {
  const reason = error instanceof Error ? error.message : String(error);
  console.error('Watchdog could not start:', error);
  dialog.showErrorBox('Watchdog could not start', reason);
  app.exit(1);
}
