import { app, BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from './origin';
import { hardenWebContents } from './security';

export interface MainWindowOptions {
  /** Absolute path of the bundled preload (`out/preload/index.cjs`). */
  preloadPath: string;
  /** Told when the renderer cannot be loaded, so the host can show the reason instead of a blank window. */
  onLoadFailed?: (error: unknown) => void;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  // Electronegativity wants disableBlinkFeatures: 'Auxclick' against middle clicks; Chromium has no
  // such feature left, and a middle click on a link reaches setWindowOpenHandler like any new-window
  // request (security.ts: denied, a vetted link goes to the system browser).
  const window = new BrowserWindow({ // eng-disable AUXCLICK_JS_CHECK
    title: 'Watchdog',
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    // Shown once painted, so the user never sees a white flash before the dark UI.
    show: false,
    backgroundColor: '#0f172a',
    autoHideMenuBar: true,
    // The renderer is untrusted: isolated from the preload, sandboxed, without Node, on its own origin.
    // Written out here, not built by a helper, so Electronegativity can read every setting.
    webPreferences: {
      // Reviewed: it exposes exactly invoke and subscribe, never ipcRenderer (preload/index.ts and its test).
      preload: options.preloadPath, // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  hardenWebContents(window.webContents);
  window.once('ready-to-show', () => window.show());
  window.loadURL(APP_ENTRY_URL).catch((error: unknown) => options.onLoadFailed?.(error));
  return window;
}

/** A second launch brings the existing window forward instead of opening another database handle. */
export function focusWindow(window: BrowserWindow | null): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
