// How `npm start` decides between the Electron desktop host and the browser host. Kept apart from
// start.mjs so the decision can be tested without building or spawning anything real.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const INSTALL_TIMEOUT_MS = 60_000;

/**
 * The folder of the installed `electron` package, or null. Resolves its package.json rather than
 * the package itself: requiring `electron` from Node runs index.js, which downloads when the binary
 * is missing and throws with a stack trace when it cannot.
 */
export function electronPackageDir(projectDir) {
  try {
    const require = createRequire(path.join(projectDir, 'package.json'));
    return path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/**
 * The Electron executable if it is on disk, else null. Mirrors node_modules/electron/index.js:
 * `path.txt` names the executable inside `dist/` (or inside ELECTRON_OVERRIDE_DIST_PATH).
 */
export function findElectronBinary({ packageDir, env = process.env }) {
  if (!packageDir) return null;
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const distDir = env.ELECTRON_OVERRIDE_DIST_PATH || path.join(packageDir, 'dist');
  if (!relative && !env.ELECTRON_OVERRIDE_DIST_PATH) return null;
  const binary = path.join(distDir, relative || 'electron');
  return existsSync(binary) ? binary : null;
}

/**
 * Runs the electron package's own installer (Electron 42+ downloads its binary on first use, not at
 * `npm install`). Output is captured, not shown: on a machine that cannot reach Electron's download
 * host it is a stack trace, and the caller explains the situation in one sentence instead.
 */
export function runElectronInstaller({ packageDir, env = process.env, timeoutMs = INSTALL_TIMEOUT_MS }) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(packageDir, 'install.js')], {
      cwd: packageDir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk) => {
      output = (output + chunk).slice(-8_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, timedOut: false, output: error.message });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ ok: code === 0, timedOut: signal === 'SIGKILL', output });
    });
  });
}

/** One sentence per reason the desktop host is not used; printed by start.mjs as is. */
export const FALLBACK_SENTENCES = {
  disabled: 'WATCHDOG_NO_ELECTRON is set, so Watchdog is starting its browser host instead.',
  'no-package': 'The electron package is not installed, so Watchdog is starting its browser host instead.',
  'download-failed':
    "Electron's desktop binary could not be downloaded on this machine, so Watchdog is starting its browser host instead.",
};

/**
 * Decides which host `npm start` runs: Electron when its binary exists (after one install attempt),
 * otherwise the browser host with the reason why.
 */
export async function chooseHost({ packageDir, env = process.env, install = runElectronInstaller }) {
  if (env.WATCHDOG_NO_ELECTRON === '1' || env.WATCHDOG_NO_ELECTRON === 'true') return { host: 'browser', reason: 'disabled' };
  if (!packageDir) return { host: 'browser', reason: 'no-package' };
  const present = findElectronBinary({ packageDir, env });
  if (present) return { host: 'electron', binary: present };
  await install({ packageDir, env });
  const installed = findElectronBinary({ packageDir, env });
  return installed ? { host: 'electron', binary: installed } : { host: 'browser', reason: 'download-failed' };
}
