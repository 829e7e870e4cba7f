import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNEL } from '../../shared/contract/ipc';
import { databasePath, runDesktop, type DesktopOptions } from './desktop';
import { APP_ENTRY_URL } from './origin';
import { app, BrowserWindow, dialog, ipcMain, protocol, resetElectronStub, session } from '../../test/fixtures/electron/electron-stub';
import { fakeCore, operator } from '../../test/fixtures/electron/fake-core';

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
  runDesktop({ rendererDir, preloadPath: '/out/preload/index.cjs', openCore, context: operator, env: {}, ...overrides });
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
  it("shows a new database's recovery key once, before the window", async () => {
    await startReady({ openCore: () => ({ ...fakeCore(), recoveryKey: 'WDRK-TEST-0000' }) });
    expect(dialog.messages).toHaveLength(1);
    expect(dialog.messages[0]?.detail).toContain('WDRK-TEST-0000');
  });

  it('shows no recovery key when the database already existed', async () => {
    await startReady();
    expect(dialog.messages).toEqual([]);
  });
});
