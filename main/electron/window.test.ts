import { beforeEach, describe, expect, it, vi } from 'vitest';
import { APP_ENTRY_URL } from './origin';
import type { BrowserWindow as ElectronWindow } from 'electron';
import { app, asElectron, BrowserWindow, FakeEvent, resetElectronStub } from '../../test/fixtures/electron/electron-stub';
import { createMainWindow, focusWindow } from './window';

vi.mock('electron', () => import('../../test/fixtures/electron/electron-stub'));

function openWindow() {
  createMainWindow({ preloadPath: '/app/out/preload/index.cjs' });
  const window = BrowserWindow.instances.at(-1);
  if (!window) throw new Error('createMainWindow made no window');
  return window;
}

describe('the main window', () => {
  beforeEach(() => resetElectronStub());

  it('uses the secure web preferences', () => {
    const prefs = openWindow().options.webPreferences;
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });

  it('keeps devtools out of packaged builds', () => {
    app.isPackaged = true;
    expect(openWindow().options.webPreferences).toMatchObject({ devTools: false });
  });

  it('loads the app origin, never file://', () => {
    expect(openWindow().loadedUrl).toBe(APP_ENTRY_URL);
  });

  it('shows itself only once painted', () => {
    const window = openWindow();
    expect(window.visible).toBe(false);
    window.emit('ready-to-show');
    expect(window.visible).toBe(true);
  });

  it('reports a failed load instead of swallowing it', async () => {
    const onLoadFailed = vi.fn();
    const failure = new Error('ERR_FAILED');
    vi.spyOn(BrowserWindow.prototype, 'loadURL').mockRejectedValueOnce(failure);
    createMainWindow({ preloadPath: '/p.cjs', onLoadFailed });
    await vi.waitFor(() => expect(onLoadFailed).toHaveBeenCalledWith(failure));
  });

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'] as const)('%s: other origins are prevented, the app origin is allowed', (kind) => {
    const contents = openWindow().webContents;
    for (const url of ['https://example.com/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'app://evil/', 'app://watchdog:1/', 'javascript:alert(1)', 'not a url']) {
      expect(contents.attemptNavigation(kind, url), url).toBe(true);
    }
    for (const url of [APP_ENTRY_URL, 'app://watchdog/', 'app://watchdog/events?store=3#top']) {
      expect(contents.attemptNavigation(kind, url), url).toBe(false);
    }
  });

  it('denies window.open', () => {
    const handler = openWindow().webContents.windowOpenHandler;
    expect(handler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(handler?.({ url: APP_ENTRY_URL })).toEqual({ action: 'deny' });
  });

  it('refuses to attach a <webview>', () => {
    const contents = openWindow().webContents;
    const event = new FakeEvent();
    contents.emit('will-attach-webview', event, {}, { src: 'https://example.com/' });
    expect(event.defaultPrevented).toBe(true);
  });

  it('is brought forward (and restored) by focusWindow', () => {
    const window = openWindow();
    window.minimized = true;
    focusWindow(asElectron<ElectronWindow>(window));
    expect(window).toMatchObject({ minimized: false, visible: true, focused: true });
    expect(() => focusWindow(null)).not.toThrow();
  });
});
