import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  chooseHost,
  electronPackageDir,
  FALLBACK_SENTENCES,
  findElectronBinary,
  runElectronInstaller,
  type InstallOptions,
} from '../../scripts/electron-binary.mjs';

let packageDir: string;

/** A fake `node_modules/electron` folder: package files only, like a fresh `npm install` of Electron 42+. */
beforeEach(() => {
  packageDir = mkdtempSync(path.join(tmpdir(), 'watchdog-electron-pkg-'));
  writeFileSync(path.join(packageDir, 'package.json'), '{"name":"electron"}');
});
afterEach(() => rmSync(packageDir, { recursive: true, force: true }));

function placeBinary(dir = packageDir) {
  writeFileSync(path.join(dir, 'path.txt'), 'electron');
  mkdirSync(path.join(dir, 'dist'), { recursive: true });
  writeFileSync(path.join(dir, 'dist', 'electron'), '');
  return path.join(dir, 'dist', 'electron');
}

const failingInstall = () => vi.fn(async (_options: InstallOptions) => ({ ok: false, timedOut: false, output: 'Error: getaddrinfo ENOTFOUND' }));

describe('findElectronBinary', () => {
  it('finds nothing in a package that has not downloaded its binary', () => {
    expect(findElectronBinary({ packageDir, env: {} })).toBeNull();
  });

  it('finds nothing when path.txt names a binary that is not there', () => {
    writeFileSync(path.join(packageDir, 'path.txt'), 'electron');
    expect(findElectronBinary({ packageDir, env: {} })).toBeNull();
  });

  it('finds dist/<path.txt>', () => {
    const binary = placeBinary();
    expect(findElectronBinary({ packageDir, env: {} })).toBe(binary);
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH as the electron package does', () => {
    const override = mkdtempSync(path.join(tmpdir(), 'watchdog-electron-dist-'));
    writeFileSync(path.join(override, 'electron'), '');
    expect(findElectronBinary({ packageDir, env: { ELECTRON_OVERRIDE_DIST_PATH: override } })).toBe(path.join(override, 'electron'));
    rmSync(override, { recursive: true, force: true });
  });

  it('locates the installed electron package without running it', () => {
    expect(electronPackageDir(process.cwd())).toMatch(/node_modules[/\\]electron$/);
    expect(electronPackageDir(tmpdir())).toBeNull();
  });
});

describe('chooseHost', () => {
  it('skips straight to the browser host with WATCHDOG_NO_ELECTRON=1, even with a binary', async () => {
    placeBinary();
    const install = failingInstall();
    expect(await chooseHost({ packageDir, env: { WATCHDOG_NO_ELECTRON: '1' }, install })).toEqual({ host: 'browser', reason: 'disabled' });
    expect(install).not.toHaveBeenCalled();
  });

  it('runs Electron when the binary is there, without installing', async () => {
    const binary = placeBinary();
    const install = failingInstall();
    expect(await chooseHost({ packageDir, env: {}, install })).toEqual({ host: 'electron', binary });
    expect(install).not.toHaveBeenCalled();
  });

  it('tries the installer once, then falls back to the browser host', async () => {
    const install = failingInstall();
    expect(await chooseHost({ packageDir, env: {}, install })).toEqual({ host: 'browser', reason: 'download-failed' });
    expect(install).toHaveBeenCalledTimes(1);
  });

  it('runs Electron when the installer managed to download it', async () => {
    const install = vi.fn(async () => {
      placeBinary();
      return { ok: true, timedOut: false, output: '' };
    });
    expect(await chooseHost({ packageDir, env: {}, install })).toMatchObject({ host: 'electron' });
  });

  it('falls back when the electron package is not installed at all', async () => {
    expect(await chooseHost({ packageDir: null, env: {} })).toEqual({ host: 'browser', reason: 'no-package' });
  });

  it('has one sentence for each reason, and no stack trace in any', () => {
    expect(FALLBACK_SENTENCES['download-failed']).toBe(
      "Electron's desktop binary could not be downloaded on this machine, so Watchdog is starting its browser host instead.",
    );
    for (const sentence of Object.values(FALLBACK_SENTENCES)) expect(sentence).toMatch(/^[^\n]+\.$/);
  });
});

describe('runElectronInstaller', () => {
  it('reports a failing installer without letting its stack trace through', async () => {
    writeFileSync(path.join(packageDir, 'install.js'), 'console.error(new Error("getaddrinfo ENOTFOUND").stack); process.exit(1);');
    const write = vi.spyOn(process.stderr, 'write');
    const outcome = await runElectronInstaller({ packageDir, env: {} });
    expect(outcome).toMatchObject({ ok: false, timedOut: false });
    expect(outcome.output).toContain('ENOTFOUND');
    expect(write).not.toHaveBeenCalled();
    write.mockRestore();
  });

  it('gives up on an installer that hangs', async () => {
    writeFileSync(path.join(packageDir, 'install.js'), 'setInterval(() => {}, 1000);');
    const outcome = await runElectronInstaller({ packageDir, env: {}, timeoutMs: 300 });
    expect(outcome).toMatchObject({ ok: false, timedOut: true });
  });

  it('reports success when the installer succeeds', async () => {
    writeFileSync(path.join(packageDir, 'install.js'), 'process.exit(0);');
    expect(await runElectronInstaller({ packageDir, env: {} })).toMatchObject({ ok: true });
  });
});
