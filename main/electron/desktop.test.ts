import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNEL } from '../../shared/contract/ipc';
import { openCore, type Core } from '../core';
import { loginAs, TEST_ADMIN, TEST_PASSWORD } from '../core/accounts/test-logins';
import { tempDir } from '../core/store/test-helpers';
import { databasePath, runDesktop, type DesktopCore, type DesktopOptions } from './desktop';
import { APP_ENTRY_URL } from './origin';
import { app, BrowserWindow, dialog, ipcMain, protocol, resetElectronStub, session } from '../../test/fixtures/electron/electron-stub';
import { fakeCore } from '../../test/fixtures/electron/fake-core';

vi.mock('electron', () => import('../../test/fixtures/electron/electron-stub'));

let rendererDir: string;
beforeAll(() => {
  rendererDir = mkdtempSync(path.join(tmpdir(), 'watchdog-desktop-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
});
afterAll(() => rmSync(rendererDir, { recursive: true, force: true }));

function start(overrides: Partial<DesktopOptions> = {}) {
  const core = fakeCore();
  const openCore = vi.fn((_options: { dbPath: string; host: 'electron'; version: string }) => core);
  runDesktop({ rendererDir, preloadPath: '/out/preload/index.cjs', openCore, env: {}, ...overrides });
  return { core, openCore };
}

async function startReady(overrides: Partial<DesktopOptions> = {}) {
  const started = start(overrides);
  app.fireReady();
  await vi.waitFor(() => expect(BrowserWindow.instances.length + dialog.errors.length).toBeGreaterThan(0));
  return started;
}

describe('the desktop host', () => {
  beforeEach(() => {
    resetElectronStub();
    vi.restoreAllMocks();
  });

  it('registers the app scheme and the sandbox before ready, and opens nothing until then', () => {
    const { openCore } = start();
    expect(protocol.privilegedBeforeReady).toBe(true);
    expect(app.sandboxEnabled).toBe(true);
    expect(openCore).not.toHaveBeenCalled();
    expect(BrowserWindow.instances).toHaveLength(0);
  });

  it('quits at once when another instance holds the lock, without opening the database', async () => {
    app.lockAvailable = false;
    const { openCore } = start();
    app.fireReady();
    await Promise.resolve();
    expect(app.quitCalls).toBe(1);
    expect(openCore).not.toHaveBeenCalled();
  });

  it('opens the core in userData, serves the renderer, hardens the session and opens one window', async () => {
    const { openCore } = await startReady();
    expect(openCore).toHaveBeenCalledWith({ dbPath: path.join('/fake-electron/userData', 'watchdog.db'), host: 'electron', version: '0.1.0-test' });
    expect(protocol.handlers.has('app')).toBe(true);
    expect(session.defaultSession.permissionRequestHandler).not.toBeNull();
    expect(ipcMain.handlers.has(INVOKE_CHANNEL)).toBe(true);
    expect(BrowserWindow.instances).toHaveLength(1);
    expect(BrowserWindow.instances[0]?.loadedUrl).toBe(APP_ENTRY_URL);
  });

  it('honours WATCHDOG_DB', async () => {
    const { openCore } = await startReady({ env: { WATCHDOG_DB: '/data/audit.db' } });
    expect(openCore.mock.calls[0]?.[0].dbPath).toBe('/data/audit.db');
    expect(databasePath({})).toBe(path.join('/fake-electron/userData', 'watchdog.db'));
  });

  it('focuses the existing window when a second instance starts', async () => {
    await startReady();
    const window = BrowserWindow.instances[0];
    app.emit('second-instance');
    expect(window?.focused).toBe(true);
    expect(BrowserWindow.instances).toHaveLength(1);
  });

  it('closes the core once on quit and stops answering IPC', async () => {
    const { core } = await startReady();
    app.emit('will-quit');
    app.emit('will-quit');
    expect(core.closedCount).toBe(1);
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('says why in a dialog and exits when the core cannot open', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    await startReady({ openCore: () => { throw new Error('The database is locked by another program.'); } });
    expect(dialog.errors).toEqual([{ title: 'Watchdog could not start', content: 'The database is locked by another program.' }]);
    expect(app.exitCode).toBe(1);
  });

  it('says the renderer must be built when out/renderer is empty', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const empty = mkdtempSync(path.join(tmpdir(), 'watchdog-empty-'));
    mkdirSync(empty, { recursive: true });
    await startReady({ rendererDir: empty });
    expect(dialog.errors[0]?.content).toMatch(/npm run build/);
    rmSync(empty, { recursive: true, force: true });
  });

  it("shows no recovery-key dialog, even for a new database: first-run setup shows the key", async () => {
    const recoveryKeyShown = vi.fn(async () => {});
    const core = { ...fakeCore(), recoveryKey: 'WDRK-TEST-0000', recoveryKeyShown };
    await startReady({ openCore: () => core });
    expect(dialog.messages).toEqual([]);
    expect(BrowserWindow.instances).toHaveLength(1);
    // Left for auth.setup to return once, not used up by the host.
    expect(core.recoveryKey).toBe('WDRK-TEST-0000');
    expect(recoveryKeyShown).not.toHaveBeenCalled();
  });
});

describe('the desktop host’s sessions (a real core)', () => {
  let tmp: ReturnType<typeof tempDir>;
  let dbPath: string;
  let core: Core;

  beforeEach(async () => {
    resetElectronStub();
    tmp = tempDir('watchdog-desktop-core-');
    dbPath = path.join(tmp.dir, 'desktop.db');
    core = openCore({ dbPath, host: 'electron', onInternalError: () => {} });
    await loginAs(core, 'admin'); // sets the store up with `admin`
  });
  afterEach(async () => {
    await core.close();
    tmp.cleanup();
  });

  const openReal = () => core as DesktopCore;
  const call = (window: BrowserWindow, channel: string, input: unknown = {}) =>
    ipcMain.invokeFrom({ sender: window.webContents, senderFrame: window.webContents.mainFrame }, INVOKE_CHANNEL, { channel, input });
  const logIn = async (window: BrowserWindow) => {
    const result = (await call(window, 'auth.login', { name: TEST_ADMIN, password: TEST_PASSWORD })) as { ok: boolean; value: { sessionId: string } };
    expect(result.ok).toBe(true);
    return result.value.sessionId;
  };
  const openSessionIds = () => core.accounts.sessions.list(undefined, null).map((s) => s.id);

  it('ends a window’s session when the window closes, and a reopened window starts logged out', async () => {
    await startReady({ openCore: openReal });
    const first = BrowserWindow.instances[0] as BrowserWindow;
    const sessionId = await logIn(first);
    expect(openSessionIds()).toContain(sessionId);

    first.close();
    expect(core.store.events.get(core.store.log.chainHead.seq)).toMatchObject({ action: 'auth.logout', user_id: TEST_ADMIN, session_id: sessionId });
    expect(openSessionIds()).not.toContain(sessionId);

    app.emit('activate'); // macOS: the dock icon reopens the window
    const second = BrowserWindow.instances[1] as BrowserWindow;
    expect(await call(second, 'auth.status')).toMatchObject({ ok: true, value: { session: null } });
    expect(await call(second, 'events.query', { limit: 1 })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('ends any session still open on quit, before the core closes', async () => {
    await startReady({ openCore: openReal });
    const sessionId = await logIn(BrowserWindow.instances[0] as BrowserWindow);
    app.emit('will-quit');
    await vi.waitFor(() => expect(core.store.db.open).toBe(false));
    const reopened = openCore({ dbPath, host: 'cli', create: false });
    try {
      expect(reopened.store.events.get(reopened.store.log.chainHead.seq)).toMatchObject({ action: 'auth.logout', session_id: sessionId });
    } finally {
      await reopened.close();
    }
  });
});
